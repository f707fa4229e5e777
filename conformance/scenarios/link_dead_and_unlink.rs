//! Twin of `link_dead_and_unlink.exs`: linking to a dead process, unlinking.

use crate::support::*;
use extask::inspect::Term;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    let (dead, r) = process::spawn_monitor(async {});
    wait_down(r).await;

    let got = child(async move {
        process::link(dead).await;
        die!(reason("survived"))
    })
    .await;
    out.show("link to a dead pid, not trapping", &got);

    let got = child(async move {
        process::trap_exit(true);
        let linked = process::link(dead).await;
        let exit = receive_exit(dead).await;
        die!(reason_of(Term::tuple([
            Term::atom("linked"),
            boolean(linked),
            Term::atom("EXIT"),
            exit.reason.to_term(),
        ])))
    })
    .await;
    out.show("link to a dead pid, trapping", &got);

    let got = child(async {
        let Ok(pid) = task!(start_link fn ->
            Process.sleep(200);
            exit(reason("bad"))
        end);
        let unlinked = process::unlink(pid);
        wait_down(process::monitor(pid)).await;
        die!(reason_of(Term::tuple([
            Term::atom("survived"),
            boolean(unlinked),
            boolean(process::unlink(pid)),
        ])))
    })
    .await;
    out.show("unlinked before the crash", &got);
    out.show("link to self", &process::link(process::self_pid()).await);
}
