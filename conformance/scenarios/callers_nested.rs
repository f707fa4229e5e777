//! Twin of `callers_nested.exs`: `$callers`, most recent first.

use crate::support::*;
use extask::inspect::Term;
use extask::task;
use extask::{Pid, process};

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    let task = task!(async fn ->
        let inner = task!(async fn -> callers_term() end);
        let own = callers_term();
        (process::self_pid(), own, task!(await inner))
    end);
    let (task_pid, outer, inner) = task!(await task);
    out.show("task", &task_pid);
    out.show("task $callers", &outer);
    out.show("inner task $callers", &inner);
    out.show("own $callers", &callers_term());

    let parent = process::self_pid();
    let Ok(_) = task!(start fn -> send_tagged(parent, "callers", callers_term()) end);
    out.show("Task.start $callers", &recv::<Term>("callers").await);
    let spawned: Pid =
        process::spawn(async move { send_tagged(parent, "callers", callers_term()) });
    let got = recv::<Term>("callers").await;
    out.show(
        "plain spawn $callers",
        &Term::tuple([boolean(spawned != Pid::OUTSIDE), got]),
    );
}
