//! Twin of `crash_report_raise.exs`: the crash report of a task that raises.

use crate::log_capture::capture_log;
use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{ExitReason, Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    let log = capture_log(async {
        let Ok(pid) = task!(start fn -> raise::<()>("boom") end);
        wait_down(process::monitor(pid)).await;
    })
    .await;
    out.puts(log.trim_end_matches('\n'));

    process::trap_exit(true);
    let log = capture_log(async {
        let task: Task<Atom> = task!(async fn ->
            Process.sleep(50);
            exit(ExitReason::argument_error("bad argument"))
        end);
        let _ = task.try_await(Timeout::DEFAULT).await;
    })
    .await;
    out.puts(log.trim_end_matches('\n'));
}
