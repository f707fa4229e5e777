//! Twin of `sup_async.exs`.

use crate::support::*;
use extask::inspect::{Atom, Term};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::task;
use extask::{Task, process};

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let task = sup
        .async_task(async {
            sleep(200).await;
            atom("supervised")
        })
        .await;
    out.inspect(&task);
    let r = process::monitor(task.pid);
    out.show("children", &(sup.children().await == vec![task.pid]));
    out.show("await", &task!(await task));
    out.show("task exit", &wait_down(r).await);
    out.show("children after", &sup.children().await);
    out.show("messages", &messages().await);

    let got = child(async move {
        let task: Task<Atom> = sup
            .async_task(async {
                sleep(100).await;
                die!(reason("bad"))
            })
            .await;
        task!(await task);
    })
    .await;
    out.show("crash, not trapping caller exit", &got);
    out.show("supervisor alive", &process::alive(sup.pid()));
    let task: Task<Term> = sup.async_task(async { callers_term() }).await;
    out.show("supervised $callers", &task!(await task));
}
