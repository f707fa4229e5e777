//! The module-function-arguments forms of `Task.Supervisor`, and how an
//! `mfa` prints.

mod common;

use common::{LONG, recv, run};
use extask::inspect::inspect;
use extask::process::{self, Ancestor};
use extask::supervisor::{ChildOptions, Restart, SupervisorOptions, TaskSupervisor};
use extask::task::{StreamOptions, await_task, yield_task};
use extask::{Mfa, Pid, TaskResult};
use futures::StreamExt;

async fn sum(xs: Vec<i64>) -> i64 {
    xs.iter().sum()
}

async fn initial_call() -> String {
    let info = process::info(process::self_pid()).unwrap();
    inspect(&info.dictionary_initial_call)
}

/// Tells `to` it runs, then waits for `"stop"`.
async fn report(to: Pid, n: u32) {
    process::send(to, (n, process::self_pid()));
    let _ = recv::<&str>(extask::Timeout::Infinity).await;
}

#[test]
fn module_aliases_print_bare_and_erlang_modules_with_a_colon() {
    assert_eq!(inspect(&Mfa::new("Enum", "sum", 1)), "{Enum, :sum, 1}");
    assert_eq!(
        inspect(&Mfa::new("MyApp.Worker", "run", 0)),
        "{MyApp.Worker, :run, 0}"
    );
    assert_eq!(inspect(&Mfa::APPLY), "{:erlang, :apply, 2}");
    assert_eq!(inspect(&Mfa::new("lists", "sum", 1)), "{:lists, :sum, 1}");
}

#[test]
fn async_mfa_records_the_mfa_and_applies_the_function_in_the_task() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        let t = sup.async_mfa("Enum", "sum", sum, (vec![1, 2, 3],)).await;
        assert_eq!(t.mfa, Mfa::new("Enum", "sum", 1));
        assert!(inspect(&t).starts_with("%Task{mfa: {Enum, :sum, 1}, owner: "));
        assert_eq!(await_task(t, LONG).await, 6);

        let t = sup
            .async_nolink_mfa("Conf", "initial_call", initial_call, ())
            .await;
        assert!(inspect(&t).starts_with("%Task{mfa: {Conf, :initial_call, 0}, "));
        let got: Option<TaskResult<String>> = yield_task(&t, LONG).await;
        assert_eq!(inspect(&got), r#"{:ok, "{Conf, :initial_call, 0}"}"#);

        let t = sup.async_task(initial_call()).await;
        assert_eq!(await_task(t, LONG).await, "{:erlang, :apply, 2}");
    });
}

#[test]
fn start_child_mfa_applies_a_copy_of_the_arguments_on_each_restart() {
    run(async {
        let me = process::self_pid();
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().name("Mfa.TS"))
            .await
            .unwrap();
        let opts = ChildOptions::new().restart(Restart::Permanent);
        let pid = sup
            .start_child_mfa("Conf", "report", report, (me, 7_u32), opts)
            .await
            .unwrap();
        assert_eq!(recv::<(u32, Pid)>(LONG).await, Some((7, pid)));
        let info = process::info(pid).unwrap();
        assert_eq!(inspect(&info.dictionary_initial_call), "{Conf, :report, 2}");
        assert_eq!(
            info.ancestors,
            vec![Ancestor::Name("Mfa.TS"), Ancestor::Pid(me)]
        );
        assert_eq!(info.callers, vec![me]);
        // Permanent: it runs again after ending normally, with the same arguments.
        process::send(pid, "stop");
        let (n, again) = recv::<(u32, Pid)>(LONG).await.unwrap();
        assert_eq!(n, 7);
        assert_ne!(again, pid);
        process::unlink(sup.pid());
        process::exit(sup.pid(), extask::ExitReason::Kill);
    });
}

#[test]
fn supervised_stream_tasks_record_the_mfa_as_their_initial_call() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        let mfa = Mfa::new("Conf", "initial_call", 1);
        let stream = sup.async_stream_mfa(
            vec![1, 2],
            mfa.clone(),
            |_: i32| initial_call(),
            StreamOptions::new(),
        );
        let got: Vec<_> = stream.collect().await;
        assert_eq!(
            inspect(&got),
            r#"[ok: "{Conf, :initial_call, 1}", ok: "{Conf, :initial_call, 1}"]"#
        );
        let stream = sup.async_stream_nolink_mfa(
            vec![1],
            mfa,
            |_: i32| initial_call(),
            StreamOptions::new(),
        );
        let got: Vec<_> = stream.collect().await;
        assert_eq!(inspect(&got), r#"[ok: "{Conf, :initial_call, 1}"]"#);
        // Without an MFA: `{:erlang, :apply, 2}`.
        let stream = sup.async_stream(vec![1], |_: i32| initial_call(), StreamOptions::new());
        let got: Vec<_> = stream.collect().await;
        assert_eq!(inspect(&got), r#"[ok: "{:erlang, :apply, 2}"]"#);
    });
}
