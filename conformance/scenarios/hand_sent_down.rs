//! Twin of `hand_sent_down.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::messages::Down;
use extask::task;
use extask::task::try_await_many;
use extask::{Pid, Task, Timeout, process};

/// `:go`, which lets a task of [`slow`] reply.
struct Go;

fn slow(v: &'static str) -> Task<Atom> {
    task!(async fn -> recv_any::<Go>().await; atom(v) end)
}

/// `send(self(), {:DOWN, task.ref, :process, task.pid, :fake})`.
fn fake_down(t: &Task<Atom>) {
    let down = Down {
        r#ref: t.r#ref,
        pid: t.pid,
        reason: reason("fake"),
    };
    process::send(process::self_pid(), down);
}

/// Lets each task go in turn and waits for its end.
async fn let_go(pids: Vec<Pid>) {
    for pid in pids {
        process::send(pid, Go);
        wait_down(process::monitor(pid)).await;
    }
}

pub(crate) async fn run(out: Out) {
    let mut pids = Vec::new();
    let t1 = slow("real1");
    pids.push(t1.pid);
    fake_down(&t1);
    out.show("await", &caught(t1.try_await(Timeout::DEFAULT).await));

    let t2 = slow("real2");
    pids.push(t2.pid);
    fake_down(&t2);
    out.show("yield", &task!(yield t2, 1000));

    let t3 = slow("real3");
    pids.push(t3.pid);
    fake_down(&t3);
    let results = task!(yield_many vec![t3], 1000);
    out.show(
        "yield_many",
        &results.iter().map(|(_, r)| r).collect::<Vec<_>>(),
    );

    let t4 = slow("real4");
    pids.push(t4.pid);
    fake_down(&t4);
    out.show("shutdown", &task!(shutdown t4));

    let t5 = slow("real5");
    pids.push(t5.pid);
    fake_down(&t5);
    out.show("shutdown brutal_kill", &task!(shutdown t5, :brutal_kill));

    let t6 = slow("real6");
    pids.push(t6.pid);
    fake_down(&t6);
    out.show("ignore", &task!(ignore t6));

    let t7 = slow("real7");
    let t8 = slow("real8");
    pids.extend([t7.pid, t8.pid]);
    fake_down(&t8);
    out.show(
        "await_many",
        &caught(try_await_many(vec![t7, t8], Timeout::DEFAULT).await),
    );

    out.show("messages", &messages().await);
    let_go(pids).await;
    out.show("messages after the tasks ended", &messages().await);
    drop((t2, results));
}
