//! Twin of `hand_sent_reply.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Pid, Task, process};

/// `:go`, which lets a task of [`slow`] reply.
struct Go;

fn slow(v: &'static str) -> Task<Atom> {
    task!(async fn -> recv_any::<Go>().await; atom(v) end)
}

/// `send(self(), {task.ref, value})`.
fn hand_reply(t: &Task<Atom>, v: &'static str) {
    process::send(process::self_pid(), (t.r#ref, atom(v)));
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
    hand_reply(&t1, "hand1");
    out.show("await", &task!(await t1));

    let t2 = slow("real2");
    pids.push(t2.pid);
    hand_reply(&t2, "hand2");
    out.show("yield", &task!(yield t2, 1000));

    let t3 = slow("real3");
    pids.push(t3.pid);
    hand_reply(&t3, "hand3");
    let results = task!(yield_many vec![t3], 1000);
    out.show(
        "yield_many",
        &results.iter().map(|(_, r)| r).collect::<Vec<_>>(),
    );

    let t4 = slow("real4");
    pids.push(t4.pid);
    hand_reply(&t4, "hand4");
    out.show("shutdown", &task!(shutdown t4));

    let t5 = slow("real5");
    pids.push(t5.pid);
    hand_reply(&t5, "hand5");
    out.show("shutdown brutal_kill", &task!(shutdown t5, :brutal_kill));

    let t6 = slow("real6");
    pids.push(t6.pid);
    hand_reply(&t6, "hand6");
    out.show("ignore", &task!(ignore t6));

    let t7 = slow("real7");
    let t8 = slow("real8");
    pids.extend([t7.pid, t8.pid]);
    hand_reply(&t8, "hand8");
    hand_reply(&t7, "hand7");
    out.show("await_many", &task!(await_many vec![t7, t8]));

    out.show("messages", &messages().await);
    let_go(pids).await;
    out.show("messages after the tasks ended", &messages().await);
    drop((t2, results));
}
