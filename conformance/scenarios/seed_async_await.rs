//! Twin of `seed_async_await.exs`: the seed transcript, `Task.async` then `Task.await`.

use crate::support::*;
use extask::task;

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(200); "blah" end);
    out.inspect(&task);
    out.inspect(task!(await task));
    out.show("messages", &messages().await);
}
