//! Twin of `message_order.exs`: reply, then `{:EXIT, ...}`, then `:DOWN`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, process};

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(100); atom("result") end);
    let r = task.r#ref;
    let down = receive_down(r).await;
    out.show("not trapping, before the DOWN", &messages().await);
    out.show("DOWN", &down);
    let _: Atom = receive_reply(r).await;
    drop(task);

    process::trap_exit(true);
    let task = task!(async fn -> Process.sleep(100); atom("result") end);
    let r = task.r#ref;
    let down = receive_down(r).await;
    out.show("trapping, before the DOWN", &messages().await);
    out.show("DOWN", &down);
    out.show("flushed", &process::demonitor_flush(r));
    let _: Atom = receive_reply(r).await;
    receive_exit(task.pid).await;
    drop(task);

    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("bad")) end);
    let r = task.r#ref;
    let down = receive_down(r).await;
    out.show("trapping, crash, before the DOWN", &messages().await);
    out.show("DOWN", &down);
    drop(task);
}
