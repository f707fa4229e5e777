//! Twin of `link_kill_vs_killed.exs`: `exit(:kill)` spreads as a trappable
//! `:kill`; `Process.exit(pid, :kill)` makes `:killed`, even if trapping.

use crate::support::*;
use extask::inspect::Term;
use extask::task;
use extask::{ExitReason, Pid, process};

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();

    let got = child(async {
        let Ok(pid) = task!(start_link fn ->
            Process.sleep(50);
            exit(reason("kill"))
        end);
        wait_down(process::monitor(pid)).await;
        die!(reason("survived"))
    })
    .await;
    out.show("linked to a task calling exit(:kill)", &got);

    let (_child, r) = process::spawn_monitor(async move {
        let Ok(pid) = task!(start_link sleep_forever);
        send_tagged(parent, "task", pid);
        sleep_forever().await;
    });
    let task: Pid = recv("task").await;
    out.show(
        "Process.exit(task, :kill)",
        &process::exit(task, ExitReason::Kill),
    );
    out.show("linked to a killed task", &wait_down(r).await);

    let got = child(async {
        process::trap_exit(true);
        let Ok(pid) = task!(start_link fn ->
            Process.sleep(50);
            exit(reason("kill"))
        end);
        let exit = receive_exit(pid).await;
        die!(reason_of(Term::tuple([
            Term::atom("trapped"),
            exit.reason.to_term()
        ])))
    })
    .await;
    out.show("trapping, linked to a task calling exit(:kill)", &got);

    let (child, r) = process::spawn_monitor(async move {
        process::trap_exit(true);
        send_tagged(parent, "trapping", process::self_pid());
        sleep_forever().await;
    });
    let _: Pid = recv("trapping").await;
    process::exit(child, ExitReason::Kill);
    out.show("trapping process sent :kill", &wait_down(r).await);
}
