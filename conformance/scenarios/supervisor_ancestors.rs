//! Twin of `supervisor_ancestors.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::process::Ancestor;
use extask::supervisor::{Options, Strategy, Supervisor};
use extask::{ExitReason, Task, process};

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    let report = move || async move {
        send_tagged(parent, "anc", process::ancestors());
        sleep_forever().await;
    };
    let inner = Supervisor::spec(
        Term::atom("inner"),
        move || vec![Task::child_spec(report)],
        Options::new(Strategy::OneForOne),
    );
    let opts = Options::new(Strategy::OneForOne).name("Anc.Sup");
    let sup = Supervisor::start_link(vec![Task::child_spec(report), inner], opts)
        .await
        .expect("started");
    // The two children report concurrently: told apart by their ancestry's
    // depth.
    let mut reports = vec![
        recv::<Vec<Ancestor>>("anc").await,
        recv::<Vec<Ancestor>>("anc").await,
    ];
    reports.sort_by_key(Vec::len);
    let [task_child, inner_child] = <[_; 2]>::try_from(reports).expect("two reports");
    out.show("self", &parent);
    out.show("Task child", &task_child);
    let children = sup.which_children().await;
    let inner_pid = children
        .iter()
        .find(|c| c.id.is_atom("inner"))
        .and_then(|c| c.pid.pid());
    out.show("inner supervisor", &inner_pid.expect("inner runs"));
    out.show("child of the inner supervisor", &inner_child);
    sup.stop(ExitReason::Normal).await;
}
