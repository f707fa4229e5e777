//! Twin of `link_reasons_not_trapping.exs`: every exit reason over a link,
//! receiver not trapping.

use crate::support::*;
use extask::inspect::{Term, inspect};
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    let reasons = [
        reason("normal"),
        reason("shutdown"),
        reason_of(Term::tuple([Term::atom("shutdown"), Term::atom("x")])),
        reason("custom"),
        reason("kill"),
        reason("killed"),
    ];
    for r in reasons {
        let sent = r.clone();
        let got = child(async move {
            let Ok(pid) = task!(start_link fn ->
                Process.sleep(50);
                exit(sent)
            end);
            let watch = process::monitor(pid);
            // After the :DOWN, every link signal from pid has taken effect.
            wait_down(watch).await;
            die!(reason("survived"))
        })
        .await;
        out.puts(format!(
            "task exit({}) -> linked process exit {}",
            inspect(&r),
            inspect(&got)
        ));
    }
}
