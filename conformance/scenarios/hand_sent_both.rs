//! Twin of `hand_sent_both.exs`.

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

/// `send(self(), {task.ref, value})`.
fn reply(t: &Task<Atom>, v: &'static str) {
    process::send(process::self_pid(), (t.r#ref, atom(v)));
}

/// `send(self(), {:DOWN, task.ref, :process, task.pid, reason})`.
fn down(t: &Task<Atom>, why: &'static str) {
    let down = Down {
        r#ref: t.r#ref,
        pid: t.pid,
        reason: reason(why),
    };
    process::send(process::self_pid(), down);
}

/// Prints the mailbox, then empties it.
async fn left(out: &Out, label: &str) {
    out.show(label, &messages().await);
    while process::receive_with(|_| Some(()), Timeout::Ms(0))
        .await
        .is_some()
    {}
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
    reply(&t1, "hand1");
    down(&t1, "fake1");
    out.show("await, reply then :DOWN", &task!(await t1));
    left(&out, "left").await;

    let t2 = slow("real2");
    pids.push(t2.pid);
    down(&t2, "fake2");
    reply(&t2, "hand2");
    out.show(
        "await, :DOWN then reply",
        &caught(t2.try_await(Timeout::DEFAULT).await),
    );
    left(&out, "left").await;

    let t3 = slow("real3");
    pids.push(t3.pid);
    reply(&t3, "hand3");
    down(&t3, "fake3");
    out.show("yield, reply then :DOWN", &task!(yield t3, 1000));
    left(&out, "left").await;

    let t4 = slow("real4");
    pids.push(t4.pid);
    down(&t4, "fake4");
    reply(&t4, "hand4");
    out.show("yield, :DOWN then reply", &task!(yield t4, 1000));
    out.show("yield again", &task!(yield t4, 0));
    left(&out, "left").await;

    let t5 = slow("real5");
    pids.push(t5.pid);
    reply(&t5, "hand5");
    down(&t5, "fake5");
    out.show("shutdown, reply then :DOWN", &task!(shutdown t5));
    left(&out, "left").await;

    let t6 = slow("real6");
    pids.push(t6.pid);
    down(&t6, "fake6");
    reply(&t6, "hand6");
    out.show("shutdown, :DOWN then reply", &task!(shutdown t6));
    left(&out, "left").await;

    let t7 = slow("real7");
    pids.push(t7.pid);
    down(&t7, "fake7");
    reply(&t7, "hand7");
    out.show(
        "shutdown brutal_kill, :DOWN then reply",
        &task!(shutdown t7, :brutal_kill),
    );
    left(&out, "left").await;

    let t8 = slow("real8");
    pids.push(t8.pid);
    down(&t8, "fake8");
    reply(&t8, "hand8");
    out.show("ignore, :DOWN then reply", &task!(ignore t8));
    left(&out, "left").await;

    let t9 = slow("real9");
    pids.push(t9.pid);
    reply(&t9, "hand9");
    down(&t9, "fake9");
    out.show(
        "await_many, reply then :DOWN",
        &caught(try_await_many(vec![t9], Timeout::DEFAULT).await),
    );
    left(&out, "left").await;

    let t10 = slow("real10");
    pids.push(t10.pid);
    reply(&t10, "hand10");
    down(&t10, "fake10");
    let results = task!(yield_many vec![t10], 1000);
    out.show(
        "yield_many, reply then :DOWN",
        &results.iter().map(|(_, r)| r).collect::<Vec<_>>(),
    );
    left(&out, "left").await;

    let_go(pids).await;
    out.show("messages after the tasks ended", &messages().await);
    drop((t3, t4, results));
}
