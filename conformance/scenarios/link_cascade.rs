//! Twin of `link_cascade.exs`: caller -> task -> inner task all die with the
//! same reason.

use crate::support::*;
use extask::task;
use extask::task::async_task;
use extask::{Pid, Ref, process};

#[derive(Clone, Copy)]
enum Inner {
    ExitsBad,
    SleepsForever,
    Returns7,
}

async fn inner_body(kind: Inner) -> i64 {
    match kind {
        Inner::ExitsBad => {
            sleep(500).await;
            die!(reason("bad"))
        }
        Inner::SleepsForever => {
            sleep_forever().await;
            0
        }
        Inner::Returns7 => {
            sleep(500).await;
            7
        }
    }
}

async fn chain(parent: Pid, kind: Inner) -> (Pid, Vec<Ref>) {
    let (caller, caller_ref) = process::spawn_monitor(async move {
        let task = task!(async fn ->
            let inner = async_task(inner_body(kind));
            send_tagged(parent, "inner", inner.pid);
            task!(await inner, :infinity)
        end);
        send_tagged(parent, "task", task.pid);
        task!(await task, :infinity);
    });
    let task: Pid = recv("task").await;
    let inner: Pid = recv("inner").await;
    let refs = vec![process::monitor(inner), process::monitor(task), caller_ref];
    (caller, refs)
}

async fn exits(refs: Vec<Ref>) -> Vec<extask::ExitReason> {
    let mut reasons = Vec::new();
    for r in refs {
        reasons.push(wait_down(r).await);
    }
    reasons
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();

    let (_caller, refs) = chain(parent, Inner::ExitsBad).await;
    out.show("inner exit(:bad): inner, task, caller", &exits(refs).await);

    let (caller, refs) = chain(parent, Inner::SleepsForever).await;
    process::exit(caller, reason("crash"));
    out.show(
        "caller sent :crash: inner, task, caller",
        &exits(refs).await,
    );

    let (_caller, refs) = chain(parent, Inner::Returns7).await;
    out.show("inner returns: inner, task, caller", &exits(refs).await);
}
