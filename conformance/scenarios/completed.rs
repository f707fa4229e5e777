//! Twin of `completed.exs`: `Task.completed/1`.

use crate::support::*;
use extask::task;
use extask::task::{Shutdown, completed, ignore, shutdown};

pub(crate) async fn run(out: Out) {
    let task = completed(42_i64);
    out.inspect(&task);
    out.show("messages", &messages().await);
    out.show("await", &task!(await task));
    let done = completed(atom("y"));
    out.show("yield", &task!(yield done, 0));
    let mixed = vec![
        completed(1_i64),
        task!(async fn -> Process.sleep(100); 2_i64 end),
    ];
    out.show("await_many", &task!(await_many mixed));
    let got = child(async {
        shutdown(completed(atom("x")), Shutdown::default()).await;
    })
    .await;
    out.show("shutdown raises", &got);
    let got = child(async {
        ignore(completed(atom("x"))).await;
    })
    .await;
    out.show("ignore raises", &got);
    drop(done);
    out.show("messages", &messages().await);
}
