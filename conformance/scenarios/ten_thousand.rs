//! Twin of `ten_thousand.exs`.

use crate::support::*;
use extask::task;
use extask::task::{TaskResult, await_many};
use extask::{Task, Timeout};
use futures::StreamExt;

pub(crate) async fn run(out: Out) {
    let tasks: Vec<Task<i64>> = (1..=10_000)
        .map(|i| {
            task!(async fn ->
                Process.sleep(100);
                i * 2
            end)
        })
        .collect();
    let results = await_many(tasks, Timeout::Ms(30_000)).await;
    out.show("count", &results.len());
    out.show("first", &results[..3]);
    out.show("last", &results[results.len() - 3..]);
    let expected: Vec<i64> = (1..=10_000).map(|i| i * 2).collect();
    out.show("in order", &(results == expected));
    out.show("messages", &messages().await);

    let many: Vec<i64> = task!(async_stream 1..=10_000_i64, fn i -> i end, max_concurrency: 1000)
        .map(|r| match r {
            TaskResult::Ok(i) => i,
            TaskResult::Exit(_) => -1,
        })
        .collect()
        .await;
    out.show(
        "async_stream of 10000 in order",
        &(many == (1..=10_000).collect::<Vec<i64>>()),
    );
}
