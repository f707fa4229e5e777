//! Twin of `await_many_order.exs`.

use crate::support::*;
use extask::Task;
use extask::task;

pub(crate) async fn run(out: Out) {
    let tasks: Vec<Task<u64>> = [300, 100, 200]
        .into_iter()
        .map(|ms| {
            task!(async fn ->
                sleep(ms).await;
                ms
            end)
        })
        .collect();
    out.show("await_many", &task!(await_many tasks));
    let none: Vec<Task<u64>> = Vec::new();
    out.show("empty", &task!(await_many none));
    out.show("messages", &messages().await);
}
