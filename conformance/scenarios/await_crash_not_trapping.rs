//! Twin of `await_crash_not_trapping.exs`: a crashing task kills a
//! non-trapping caller with the raw reason.

use crate::support::*;
use extask::ExitReason;
use extask::inspect::Term;
use extask::task;

async fn crash(label: &'static str) -> ExitReason {
    match label {
        "exit(:bad)" => die!(reason("bad")),
        "raise" => raise("boom"),
        "exit(:shutdown)" => die!(reason("shutdown")),
        "exit({:shutdown, 1})" => die!(reason_of(Term::tuple([Term::atom("shutdown"), 1.into()]))),
        _ => die!(reason("kill")),
    }
}

pub(crate) async fn run(out: Out) {
    for label in [
        "exit(:bad)",
        "raise",
        "exit(:shutdown)",
        "exit({:shutdown, 1})",
        "exit(:kill)",
    ] {
        let got = child(async move {
            let task = task!(async fn ->
                Process.sleep(100);
                crash(label).await
            end);
            task!(await task);
        })
        .await;
        out.show(&format!("{label} -> caller exit"), &got);
    }
}
