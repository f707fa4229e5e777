//! Twin of `link_reasons_trapping.exs`: every exit reason over a link becomes
//! an `{:EXIT, pid, reason}` message for a trapping receiver.

use crate::support::*;
use extask::inspect::{Term, inspect};
use extask::task;
use extask::{ExitReason, process};

pub(crate) async fn run(out: Out) {
    out.show("trap_exit was", &process::trap_exit(true));
    out.show("trap_exit was", &process::trap_exit(true));
    let reasons = [
        reason("normal"),
        reason("shutdown"),
        reason_of(Term::tuple([Term::atom("shutdown"), Term::atom("x")])),
        reason("custom"),
        reason("kill"),
    ];
    for r in reasons {
        let sent = r.clone();
        let Ok(pid) = task!(start_link fn ->
            Process.sleep(50);
            exit(sent)
        end);
        let got = receive_exit(pid).await.reason;
        out.puts(format!(
            "task exit({}) -> {{:EXIT, pid, {}}}",
            inspect(&r),
            inspect(&got)
        ));
    }

    let Ok(pid) = task!(start_link sleep_forever);
    process::exit(pid, ExitReason::Kill);
    let got = receive_exit(pid).await.reason;
    out.puts(format!(
        "Process.exit(task, :kill) -> {{:EXIT, pid, {}}}",
        inspect(&got)
    ));

    let Ok(pid) = task!(start_link fn ->
        Process.sleep(50);
        raise::<()>("boom")
    end);
    let got = receive_exit(pid).await.reason;
    out.puts(format!("task raise -> {{:EXIT, pid, {}}}", inspect(&got)));
    out.show("messages", &messages().await);
}
