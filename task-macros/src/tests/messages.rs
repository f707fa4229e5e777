//! Error messages, form by form; `receive!`; the helper modules.

use super::support::{error_of, errors, expand_receive, expand_task, text};

mod parse_errors {
    use super::*;

    fn error(src: &str) -> String {
        error_of(&expand_task(src))
    }

    #[test]
    fn empty_invocation() {
        assert!(
            error("").starts_with("empty `task!` invocation\nhelp: start with a verb: `async`, ")
        );
    }

    #[test]
    fn unknown_verb_suggests_the_closest() {
        assert_eq!(
            error("asynk fn -> 1 end"),
            "unknown `task!` verb `asynk`\nhelp: did you mean `async`? as in `task!(async fn -> ... end)`"
        );
        assert!(error("frobnicate t").contains("help: the verbs are `async`"));
    }

    #[test]
    fn elixir_call_syntax_gets_the_verb_first_help() {
        let message = error("Task.async(fn -> 1 end)");
        assert!(
            message.starts_with("`Task.async(...)` is Elixir's call syntax, not a `task!` form"),
            "{message}"
        );
        assert!(
            message
                .contains("help: `task!` takes the verb first: write `task!(async fn -> ... end)`"),
            "{message}"
        );
        assert!(error("Task.await(t)").contains("write `task!(await task)`"));
    }

    #[test]
    fn function_shape_errors() {
        assert!(error("async -> 1 end").starts_with("missing `fn` before `->`"));
        assert!(error("async fn 1 end").starts_with("missing `->` after `fn`"));
        assert!(error("async fn -> 1").starts_with("missing `end` for this `fn`"));
        assert!(error("async fn -> 1 end 2").starts_with("unexpected tokens after `end`"));
        assert!(error("async worker 2").starts_with("unexpected tokens after the function"));
        assert!(error("async do 1 end").starts_with("expected `fn`, found `do`"));
        assert!(error("async fn -> { 1 }").starts_with("expected `end`, found a block in braces"));
        assert!(error("async fn() { 1 }").starts_with("expected `end`, found a block in braces"));
        assert!(error("async { 1 }").starts_with("expected a function, found a block in braces"));
        assert!(error("async").starts_with("expected a function after `async`"));
        assert!(error("async 1 + 2").starts_with("expected a function for `async`"));
        assert!(
            error("async_stream xs, fn {a, b} -> a end")
                .contains("Elixir's `{a, b}` is `(a, b)` here")
        );
    }

    #[test]
    fn arity_errors() {
        assert!(
            error("async fn x -> x end")
                .starts_with("`async` runs a function of no arguments, this one takes 1")
        );
        assert!(
            error("async |x| async move { x }")
                .starts_with("`async` runs a function of no arguments")
        );
        let message = error("async_stream xs, fn a, b -> a end");
        assert!(
            message.contains("this one takes 2\nhelp: to take a pair apart, use a tuple pattern"),
            "{message}"
        );
        assert!(error("async_stream xs, async { 1 }").contains("found an `async` block"));
        assert!(
            error("async_stream xs, double(1)")
                .contains("help: pass the function itself: `double`")
        );
    }

    #[test]
    fn timeout_errors() {
        assert!(
            error("await t, :infinite")
                .starts_with("expected a timeout, found the atom `:infinite`")
        );
        assert!(error("await t, :infinite").contains("did you mean `:infinity`?"));
        assert!(error("await t, 1.5").starts_with("expected a timeout, found a float"));
        assert!(error("await t, \"5000\"").starts_with("expected a timeout, found a string"));
        assert!(error("await t, -1").starts_with("a timeout cannot be negative"));
        assert!(
            error("await t, 99999999999999999999999").starts_with("timeout does not fit in `u64`")
        );
        assert!(error("shutdown t, :brutal").contains("did you mean `:brutal_kill`?"));
        assert!(error("await").starts_with("expected a task after `await`"));
        assert_eq!(error("await t, 1, 2"), "unexpected tokens");
    }

    #[test]
    fn option_errors_are_all_reported() {
        let out = expand_task(
            "async_stream xs, fn x -> x end, max_concurency: 2, on_timeout: :explode, ordered: 1, max_concurrency: 0",
        );
        let found = errors(&out);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("unknown option `max_concurency` for `async_stream`"));
        assert!(found[0].contains("did you mean `max_concurrency`?"));
        assert!(found[1].starts_with(
            "unknown value `:explode` for `on_timeout`, expected `:exit` or `:kill_task`"
        ));
        assert!(found[2].starts_with("`ordered` is `true` or `false`"));
        assert_eq!(
            found[3],
            "`max_concurrency` must be an integer greater than zero"
        );
    }

    #[test]
    fn yield_many_options() {
        assert!(
            error("yield_many ts, limit: 0")
                .contains("`limit` must be an integer greater than zero")
        );
        assert!(
            error("yield_many ts, on_timeout: :exit")
                .starts_with("unsupported value `:exit` for `on_timeout`")
        );
        assert!(
            error("yield_many ts, 100, timeout: 200").starts_with("duplicate option `timeout`")
        );
        assert!(
            error("yield_many ts, max_concurrency: 2")
                .starts_with("unknown option `max_concurrency` for `yield_many`")
        );
    }
}

mod receive {
    use super::*;

    #[test]
    fn arms_try_in_order_and_bind_by_value() {
        let out = text(&expand_receive(
            "(r, v): (Ref, i32) if v > 0 => v, Exit { from, reason }: Exit => 0, after 100 => -1",
        ));
        assert!(
            out.contains("enum__ExtaskReceiveArm<T0,T1>{Arm0(T0),Arm1(T1),}"),
            "{out}"
        );
        // A guarded arm runs its guard through `Guards` and puts the message back before
        // resuming the guard's panic; an unguarded arm just puts it back.
        assert!(
            out.contains("letmutguards=::extask::__private::rt::messages::Guards::new();"),
            "{out}"
        );
        assert!(out.contains("match*value{(r,v)ifguards.check(||v>0)=>{return::core::option::Option::Some(__ExtaskReceiveArm::Arm0((r,v,)));}#[allow(unreachable_patterns)]_=>{*slot=value;guards.rethrow();},}"), "{out}");
        assert!(
            out.contains("#[allow(unreachable_patterns)]_=>*slot=value,}"),
            "{out}"
        );
        assert!(out.contains("message.downcast::<Exit>()"), "{out}");
        assert!(
            out.contains("::extask::__private::rt::Timeout::ms(100),).await"),
            "{out}"
        );
        assert!(out.contains("::core::option::Option::None=>-1,"), "{out}");
    }

    #[test]
    fn without_after_it_waits_forever() {
        let out = text(&expand_receive("n: i32 => n"));
        assert!(
            out.contains("::extask::__private::rt::Timeout::Infinity,).await"),
            "{out}"
        );
        assert!(out.contains("::core::unreachable!"), "{out}");
    }

    #[test]
    fn mut_bindings_are_mutable_in_the_arm_only() {
        let out = text(&expand_receive("mut v: Vec<u8> => { v.push(1); v }"));
        assert!(out.contains("match*value{v=>"), "{out}");
        assert!(out.contains("Arm0((mutv,)))=>{v.push(1);v}"), "{out}");
    }

    #[test]
    fn errors_for_elixir_habits() {
        assert!(
            error_of(&expand_receive("{:ok, v} -> v"))
                .contains("Elixir's tuple `{a, b}` is `(a, b)` here")
        );
        assert!(
            error_of(&expand_receive("n => n"))
                .starts_with("this arm does not name its message type")
        );
        assert!(error_of(&expand_receive("n: i32 -> n")).starts_with("expected `=>`, found `->`"));
        assert!(
            error_of(&expand_receive("n: i32 when n > 1 => n"))
                .starts_with("expected `if` or `=>`, found `when`")
        );
        assert!(
            error_of(&expand_receive("after 10 => 1, n: i32 => n"))
                .starts_with("`after` must be the last clause")
        );
        assert!(
            error_of(&expand_receive("(ref a, b): (u8, u8) => b"))
                .starts_with("`receive!` binds by value")
        );
        assert!(
            error_of(&expand_receive("after :never => 1"))
                .starts_with("expected a timeout, found the atom `:never`")
        );
        assert!(error_of(&expand_receive("")).starts_with("empty `receive!`"));
    }
}

mod helpers {
    use crate::elixir::{arity_message, lookup, unknown_message};
    use crate::errors::{closest, edit_distance, one_of};
    use crate::receive::bindings::{bindings, without_mut};
    use syn::Pat;
    use syn::parse::Parser;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("asynk", "async"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("await_many", "await_many"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_picks_a_plausible_typo_only() {
        let verbs = ["async", "await", "yield", "start_link"];
        assert_eq!(closest("asynk", verbs), Some("async"));
        assert_eq!(closest("start_lnk", verbs), Some("start_link"));
        assert_eq!(closest("frobnicate", verbs), None);
    }

    #[test]
    fn one_of_joins_with_or() {
        assert_eq!(one_of(["a"]), "`a`");
        assert_eq!(one_of(["a", "b", "c"]), "`a`, `b` or `c`");
    }

    #[test]
    fn unknown_names_get_the_closest_and_the_list() {
        let message = unknown_message("Process", "slep");
        assert!(
            message.contains("did you mean `Process.sleep`?"),
            "{message}"
        );
        assert!(message.contains("`Process.alive?`"), "{message}");
        assert!(!message.contains("Task.await"), "{message}");
    }

    #[test]
    fn arity_messages_list_every_arity() {
        let known = lookup("Task", "await").expect("Task.await is known");
        assert_eq!(
            arity_message(known, 3),
            "`Task.await` takes 1 or 2 arguments, found 3"
        );
        let sleep = lookup("Process", "sleep").expect("Process.sleep is known");
        assert_eq!(
            arity_message(sleep, 0),
            "`Process.sleep` takes 1 argument, found 0"
        );
    }

    fn names(src: &str) -> Vec<String> {
        let pat = Pat::parse_multi_with_leading_vert
            .parse_str(src)
            .expect("a pattern");
        bindings(&pat)
            .expect("bindings")
            .iter()
            .map(|b| b.ident.to_string())
            .collect()
    }

    #[test]
    fn finds_bindings_in_nested_patterns() {
        assert_eq!(names("(r, v)"), ["r", "v"]);
        assert_eq!(names("Exit { from, reason: r }"), ["from", "r"]);
        assert_eq!(names("Down { r#ref, pid: _, .. }"), ["r#ref"]);
        assert_eq!(names("Some(x) | Some(x)"), ["x"]);
        assert_eq!(names("[first, .., last]"), ["first", "last"]);
        assert_eq!(names("whole @ (1, _)"), ["whole"]);
    }

    #[test]
    fn constants_and_literals_bind_nothing() {
        assert!(names("None").is_empty());
        assert!(names("(1, \"x\", MAX, _)").is_empty());
    }

    #[test]
    fn mut_is_kept_in_the_binding_and_dropped_from_the_matcher() {
        let pat = Pat::parse_single
            .parse_str("(mut a, b)")
            .expect("a pattern");
        let found = bindings(&pat).expect("bindings");
        assert!(found[0].mutable && !found[1].mutable);
        let stripped = without_mut(&pat);
        assert_eq!(quote::quote!(#stripped).to_string(), "(a , b)");
    }
}

mod table {
    use crate::ast::Verb;
    use crate::elixir::{KEYWORD_FUNCTIONS, KNOWN, is_module, verb_function};
    use crate::paths::Rt;

    fn rt() -> Rt {
        Rt::new(quote::quote!(::extask))
    }

    #[test]
    fn the_task_functions_are_the_verbs() {
        let mut task_functions: Vec<&str> = KNOWN
            .iter()
            .filter(|k| k.module == "Task")
            .map(|k| k.function)
            .collect();
        let mut verbs: Vec<&str> = Verb::ALL.iter().map(|v| v.name()).collect();
        task_functions.sort_unstable();
        verbs.sort_unstable();
        assert_eq!(task_functions, verbs);
    }

    #[test]
    fn task_functions_follow_the_task_suffix_rule() {
        for verb in Verb::ALL {
            let path = verb_function(verb).path(&rt()).to_string().replace(' ', "");
            let name = verb.name();
            let expected = if KEYWORD_FUNCTIONS.contains(&name) {
                format!("{name}_task")
            } else {
                name.to_owned()
            };
            assert_eq!(path, format!("::extask::__private::rt::task::{expected}"));
        }
    }

    #[test]
    fn the_modules_are_those_of_the_table() {
        for module in ["Task", "Process", "IO", "Kernel"] {
            assert!(is_module(module), "{module}");
        }
        assert!(!is_module("Enum"));
        assert!(KNOWN.iter().all(|k| is_module(k.module)));
    }
}
