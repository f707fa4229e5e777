//! Twin of `sup_async_nolink.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::task;
use extask::{Pid, Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let task: Task<Atom> = sup
        .async_nolink(async {
            sleep(100).await;
            die!(reason("bad"))
        })
        .await;
    out.show("yield exit(:bad)", &task!(yield task, 1000));
    let task: Task<Atom> = sup
        .async_nolink(async {
            sleep(100).await;
            raise("oops")
        })
        .await;
    out.show("yield raise", &task!(yield task, 1000));
    let task: Task<Atom> = sup
        .async_nolink(async {
            sleep(100).await;
            die!(reason("bad"))
        })
        .await;
    out.show(
        "await exit(:bad)",
        &caught(task.try_await(Timeout::DEFAULT).await),
    );
    out.show("messages", &messages().await);

    process::trap_exit(true);
    let task: Task<Atom> = sup
        .async_nolink(async {
            sleep(100).await;
            die!(reason("bad"))
        })
        .await;
    out.show("trapping, yield", &task!(yield task, 1000));
    let task = sup
        .async_nolink(async {
            sleep(100).await;
            atom("fine")
        })
        .await;
    let r = task.r#ref;
    let reply: Atom = receive_reply(r).await;
    let down = receive_down(r).await;
    out.show("reply", &reply);
    out.show("then", &down);
    out.show("messages", &messages().await);
    drop(task);
    process::trap_exit(false);

    let parent = process::self_pid();
    let got = child(async move {
        let task = sup
            .async_nolink(async {
                sleep(600).await;
                atom("orphan")
            })
            .await;
        send_tagged(parent, "task", task.pid);
        die!(reason("crash"))
    })
    .await;
    let task_ref = process::monitor(recv::<Pid>("task").await);
    out.show("owner exit", &got);
    out.show("task outlives it, exit", &wait_down(task_ref).await);
}
