//! Twin of `throw_exits.exs`: `process::throw` uncaught in a process, in an
//! awaited task and as a trapped `:EXIT`, with the crash reports.

use crate::log_capture::{capture_log, capture_log_with};
use crate::support::*;
use extask::inspect::Atom;
use extask::{ExitReason, Task, Timeout, process, task};

pub(crate) async fn run(out: Out) {
    let log = capture_log_with(async {
        let (pid, r) = process::spawn_monitor(async { process::throw(atom("ball")) });
        out.show("process", &wait_down(r).await);
        vec![pid]
    })
    .await;
    out.puts(log.trim_end_matches('\n'));

    process::trap_exit(true);
    let log = capture_log(async {
        let task: Task<Atom> = task!(async fn -> process::throw(atom("task_ball")) end);
        let pid = task.pid;
        let Err(ExitReason::Call(call)) = task.try_await(Timeout::DEFAULT).await else {
            panic!("await did not exit with {{reason, {{Task, :await, _}}}}");
        };
        out.show("await", &call.reason);
        out.show("task's EXIT", &receive_exit(pid).await.reason);
    })
    .await;
    out.puts(log.trim_end_matches('\n'));

    let log = capture_log_with(async {
        let pid = process::spawn_link(async { process::throw((atom("some"), "value")) });
        out.show("trapped", &receive_exit(pid).await.reason);
        vec![pid]
    })
    .await;
    out.puts(log.trim_end_matches('\n'));
}
