//! Twin of `leftover_mailbox.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    process::send(process::self_pid(), atom("unrelated"));
    let task = task!(async fn -> Process.sleep(100); atom("v") end);
    out.show("await", &task!(await task));
    out.show("messages", &messages().await);

    let task = task!(async fn -> Process.sleep(100); atom("v") end);
    let r = task.r#ref;
    out.show("manual receive", &receive_reply::<Atom>(r).await);
    out.show("then the DOWN still arrives", &receive_down(r).await);
    drop(task);

    let task = task!(async fn -> Process.sleep(100); atom("v") end);
    let r = task.r#ref;
    out.show("manual receive", &receive_reply::<Atom>(r).await);
    out.show("demonitor :flush", &process::demonitor_flush(r));
    out.show("messages", &messages().await);
    drop(task);

    let task = task!(async fn -> Process.sleep(100); atom("v") end);
    out.show("yield", &task!(yield task, 1000));
    out.show("messages", &messages().await);
    let _: Atom = recv_any().await;
    out.show("messages", &messages().await);
}
