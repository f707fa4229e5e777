//! Twin of `nested_tasks.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::task;
use extask::task::{async_task, await_many, await_task};
use extask::{Task, Timeout};
use futures::future::BoxFuture;

fn fanout(n: u64) -> Task<u64> {
    task!(async fn ->
        let inner: Vec<Task<u64>> = (1..=n)
            .map(|i| {
                async_task(async move {
                    sleep(10 * (n - i)).await;
                    i * i
                })
            })
            .collect();
        task!(await_many inner).into_iter().sum()
    end)
}

fn deep(depth: i64) -> BoxFuture<'static, Term> {
    Box::pin(async move {
        if depth == 0 {
            Term::atom("bottom")
        } else {
            let below = await_task(async_task(deep(depth - 1)), Timeout::DEFAULT).await;
            Term::tuple([Term::from(depth), below])
        }
    })
}

pub(crate) async fn run(out: Out) {
    let sums = await_many(vec![fanout(3), fanout(5), fanout(1)], Timeout::DEFAULT).await;
    out.show("sums", &sums);
    out.show("depth 4", &deep(4).await);
    out.show("messages", &messages().await);
}
