//! Twin of `crash_report_exit.exs`: which exits are logged, and how.

use crate::log_capture::capture_log;
use crate::support::*;
use extask::inspect::Term;
use extask::task;
use extask::{ExitReason, process};

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    let error_1 = reason_of(Term::tuple([Term::atom("error"), 1.into()]));
    let shutdown_1 = reason_of(Term::tuple([Term::atom("shutdown"), 1.into()]));
    let cases: [(&str, Option<ExitReason>); 7] = [
        ("exit(:bad)", Some(reason("bad"))),
        ("exit({:error, 1})", Some(error_1)),
        ("exit(:kill)", Some(reason("kill"))),
        ("exit(:normal)", Some(reason("normal"))),
        ("exit(:shutdown)", Some(reason("shutdown"))),
        ("exit({:shutdown, 1})", Some(shutdown_1)),
        ("returns", None),
    ];
    for (label, how) in cases {
        let log = capture_log(async move {
            let Ok(pid) = task!(start fn ->
                Process.sleep(50);
                if let Some(r) = how {
                    exit(r)
                }
            end);
            wait_down(process::monitor(pid)).await;
        })
        .await;
        out.puts(format!("{label}:"));
        if !log.is_empty() {
            out.puts(log.trim_end_matches('\n'));
        }
    }

    let log = capture_log(async {
        let Ok(pid) = task!(start sleep_forever);
        let r = process::monitor(pid);
        process::exit(pid, ExitReason::Kill);
        wait_down(r).await;
    })
    .await;
    out.puts("killed from outside:");
    if !log.is_empty() {
        out.puts(log.trim_end_matches('\n'));
    }
}
