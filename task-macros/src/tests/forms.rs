//! Parsing and expansion of each form and of the Elixir calls in bodies.

use super::support::{error_of, errors, expand_task, text};

mod verbs {
    use super::*;

    #[test]
    fn async_fn_becomes_async_task_with_the_body_in_its_own_block() {
        let out = text(&expand_task(
            r#"async fn -> Process.sleep(2_000); "blah" end"#,
        ));
        assert!(
            out.starts_with("::extask::__private::rt::task::async_task(asyncmove{"),
            "{out}"
        );
        assert!(out.contains(r#"(::extask::__private::rt::process::sleep)(::extask::__private::rt::Timeout::ms(2_000)).await;"blah"}"#), "{out}");
    }

    #[test]
    fn start_link_and_start_call_their_runtime_functions() {
        assert!(
            text(&expand_task("start_link fn -> 1 end"))
                .starts_with("::extask::__private::rt::task::start_link(asyncmove{1})")
        );
        assert!(
            text(&expand_task("start fn -> 1 end"))
                .starts_with("::extask::__private::rt::task::start(asyncmove{1})")
        );
    }

    #[test]
    fn await_takes_the_default_a_number_or_infinity() {
        let rt = "::extask::__private::rt";
        assert_eq!(
            text(&expand_task("await t")),
            format!("{rt}::task::await_task(t,{rt}::Timeout::DEFAULT).await")
        );
        assert_eq!(
            text(&expand_task("await t, 10_000")),
            format!("{rt}::task::await_task(t,{rt}::Timeout::ms(10_000)).await")
        );
        assert_eq!(
            text(&expand_task("await t, :infinity")),
            format!("{rt}::task::await_task(t,{rt}::Timeout::Infinity).await")
        );
        assert_eq!(
            text(&expand_task("await t, wait")),
            format!(
                "{rt}::task::await_task(t,{rt}::process::checked_timeout(wait,\"Task.await/2\").await).await"
            )
        );
        // Any integer type, checked at run time like a variable.
        assert_eq!(
            text(&expand_task("await t, 100_i32")),
            format!(
                "{rt}::task::await_task(t,{rt}::process::checked_timeout(100_i32,\"Task.await/2\").await).await"
            )
        );
    }

    #[test]
    fn yield_borrows_the_task() {
        let out = text(&expand_task("yield tasks[0], 100"));
        assert!(out.contains("yield_task(&tasks[0],"), "{out}");
    }

    #[test]
    fn shutdown_takes_a_timeout_or_brutal_kill() {
        assert!(
            text(&expand_task("shutdown t"))
                .contains("Shutdown::Timeout(::extask::__private::rt::Timeout::DEFAULT)")
        );
        assert!(text(&expand_task("shutdown t, :brutal_kill")).contains(
            "task::shutdown(t,::extask::__private::rt::task::Shutdown::BrutalKill).await"
        ));
        assert!(
            text(&expand_task("shutdown t, 100"))
                .contains("Shutdown::Timeout(::extask::__private::rt::Timeout::ms(100))")
        );
    }

    #[test]
    fn ignore_completed_and_await_many() {
        assert!(text(&expand_task("ignore t")).ends_with("task::ignore(t).await"));
        assert!(text(&expand_task("completed 42")).ends_with("task::completed(42)"));
        assert!(text(&expand_task("await_many tasks, 1_000")).ends_with(
            "task::await_many(tasks,::extask::__private::rt::Timeout::ms(1_000)).await"
        ));
    }

    #[test]
    fn yield_many_builds_its_options() {
        let out = text(&expand_task(
            "yield_many tasks, 400, limit: 2, on_timeout: :kill_task",
        ));
        assert!(out.contains("YieldManyOptions::new().timeout(::extask::__private::rt::Timeout::ms(400)).limit(2).on_timeout(::extask::__private::rt::task::OnTimeout::KillTask)"), "{out}");
        let bracketed = text(&expand_task("yield_many tasks, [timeout: :infinity]"));
        assert!(
            bracketed.contains(".timeout(::extask::__private::rt::Timeout::Infinity)"),
            "{bracketed}"
        );
    }

    #[test]
    fn async_stream_makes_a_closure_of_one_argument() {
        let out = text(&expand_task(
            "async_stream items, fn x -> x * 2 end, max_concurrency: 8, ordered: false, timeout: 5_000, on_timeout: :kill_task, zip_input_on_exit: true",
        ));
        assert!(
            out.contains("async_stream(items,move|x|asyncmove{x*2},"),
            "{out}"
        );
        assert!(out.contains("StreamOptions::new().max_concurrency(8).ordered(false).timeout(::extask::__private::rt::Timeout::ms(5_000)).on_timeout(::extask::__private::rt::task::OnTimeout::KillTask).zip_input_on_exit(true)"), "{out}");
    }

    #[test]
    fn leading_clones_run_in_the_closure_once_per_item() {
        let out = text(&expand_task(
            "async_stream xs, fn x -> let db = db.clone(); let c = Arc::clone(&c); let n = 1; db[x] + n end",
        ));
        assert!(
            out.contains("move|x|{letdb=db.clone();letc=Arc::clone(&c);asyncmove{letn=1;db[x]+n}}"),
            "{out}"
        );
    }

    #[test]
    fn fn_parameters_are_patterns_and_may_be_typed() {
        let out = text(&expand_task(
            "async_stream pairs, fn (a, b): (u32, u32) -> a + b end",
        ));
        assert!(out.contains("move|(a,b):(u32,u32)|asyncmove{a+b}"), "{out}");
        assert!(text(&expand_task("async fn() -> 1 end")).contains("async_task(asyncmove{1})"));
    }

    #[test]
    fn closures_and_function_values_are_called_inside_the_task() {
        let out = text(&expand_task("async || async { 1 }"));
        assert!(out.starts_with("::extask::__private::rt::task::async_task(asyncmove{letfunction=||async{1};function().await})"), "{out}");
        let out = text(&expand_task("start_link worker"));
        assert!(out.contains("letfunction=worker;function().await"), "{out}");
    }

    #[test]
    fn an_async_block_is_the_future_itself() {
        assert_eq!(
            text(&expand_task("async async move { 1 }")),
            "::extask::__private::rt::task::async_task(asyncmove{1})"
        );
    }

    #[test]
    fn a_path_call_records_its_mfa_and_evaluates_arguments_in_the_caller() {
        let out = text(&expand_task("async billing::charge(order, self())"));
        assert!(
            out.contains("letarg0=order;letarg1=(::extask::__private::rt::process::self_pid)();"),
            "{out}"
        );
        assert!(out.contains(r#"module:::extask::__private::rt::inspect::Atom::new("billing"),function:::extask::__private::rt::inspect::Atom::new("charge"),arity:2}"#), "{out}");
        assert!(
            out.contains("asyncmove{billing::charge(arg0,arg1)}"),
            "{out}"
        );
        let awaited = text(&expand_task("async fetch(url).await"));
        assert!(
            awaited.contains("Atom::new(::core::module_path!())"),
            "{awaited}"
        );
        assert!(
            awaited.contains("asyncmove{fetch(arg0).await}"),
            "{awaited}"
        );
    }
}

mod body_calls {
    use super::*;

    fn body(src: &str) -> String {
        text(&expand_task(&format!("async fn -> {src} end")))
    }

    #[test]
    fn process_calls_become_runtime_calls() {
        assert!(body("Process.sleep(t)").contains("process::sleep)(t).await"));
        assert!(body("Process.link(p)").contains("process::link)(p).await"));
        assert!(body("Process.unlink(p)").contains("process::unlink)(p)"));
        assert!(body("Process.monitor(p)").contains("process::monitor)(p)"));
        assert!(body("Process.demonitor(r)").contains("process::demonitor)(r)"));
        assert!(body("Process.exit(p, reason)").contains("process::exit)(p,reason)"));
        assert!(body("Process.alive?(p)").contains("process::alive)(p)"));
        assert!(body("Process.send(p, 1)").contains("process::send)(p,1)"));
    }

    #[test]
    fn kernel_calls_become_runtime_calls() {
        assert!(body("self()").contains("process::self_pid)()"));
        assert!(body("send(p, 1)").contains("process::send)(p,1)"));
        assert!(
            body("exit(reason)")
                .contains("match(::extask::__private::rt::process::exit_self)(reason).await{}")
        );
        // Other arities are the user's own functions.
        assert!(body("send(p)").contains("{send(p)}"));
        assert!(body("my::send(p, 1)").contains("{my::send(p,1)}"));
    }

    #[test]
    fn io_inspect_prints_elixir_notation() {
        assert!(body("IO.inspect(x)").contains("inspect::io_inspect)(x)"));
    }

    #[test]
    fn task_calls_inside_a_body() {
        assert!(
            body("Task.await(t)")
                .contains("task::await_task)(t,::extask::__private::rt::Timeout::DEFAULT).await")
        );
        assert!(body("Task.await(t, 100)").contains("Timeout::ms(100)"));
        assert!(body("Task.yield(t)").contains("task::yield_task)(&t,"));
        assert!(
            body("Task.async(|| async { 1 })")
                .contains("task::async_task)(asyncmove{letfunction=||async{1};function().await})")
        );
        assert!(body("Task.shutdown(t)").contains("task::shutdown)(t,"));
        assert!(body("Task.ignore(t)").contains("task::ignore)(t).await"));
        assert!(body("Task.completed(1)").contains("task::completed)(1)"));
        assert!(body("Task.await_many(ts)").contains("task::await_many)(ts,"));
        assert!(body("Task.yield_many(ts, 10)").contains("YieldManyOptions::new().timeout("));
        assert!(body("Task.async_stream(xs, f)").contains("task::async_stream)(xs,f,"));
    }

    #[test]
    fn nested_calls_are_rewritten_inside_out() {
        let out = body("IO.inspect(Task.await(Task.async(|| async { self() })))");
        assert!(out.contains("io_inspect)((::extask::__private::rt::task::await_task)((::extask::__private::rt::task::async_task)("), "{out}");
        assert!(out.contains("process::self_pid)()"), "{out}");
    }

    #[test]
    fn unknown_module_functions_list_what_exists() {
        let message = error_of(&expand_task("async fn -> Process.slep(10) end"));
        assert!(
            message.starts_with("unknown function `Process.slep` in a task body"),
            "{message}"
        );
        assert!(
            message.contains("did you mean `Process.sleep`?"),
            "{message}"
        );
        let message = error_of(&expand_task("async fn -> Task.run(t) end"));
        assert!(message.contains("`Task.await`"), "{message}");
    }

    #[test]
    fn wrong_arities_are_reported() {
        let message = error_of(&expand_task("async fn -> Task.await(t, 1, 2) end"));
        assert_eq!(message, "`Task.await` takes 1 or 2 arguments, found 3");
    }

    #[test]
    fn every_bad_call_is_reported_and_the_rest_still_expands() {
        let out = expand_task("async fn -> Process.slep(1); Task.wait(t); 1 end");
        assert_eq!(errors(&out).len(), 2);
        assert!(text(&out).starts_with("::extask::__private::rt::task::async_task("));
    }
}

mod arguments {
    use super::*;

    #[test]
    fn elixir_calls_in_arguments_run_in_the_caller() {
        let out = text(&expand_task("completed self()"));
        assert!(
            out.ends_with("task::completed((::extask::__private::rt::process::self_pid)())"),
            "{out}"
        );
        let out = text(&expand_task("await Task.async(|| async { 1 })"));
        assert!(
            out.contains("await_task((::extask::__private::rt::task::async_task)("),
            "{out}"
        );
    }
}
