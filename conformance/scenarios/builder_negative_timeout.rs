//! Twin of `builder_negative_timeout.exs`: `YieldManyOptions::timeout` takes
//! any integer, and a negative one makes the caller exit with Elixir's
//! `{:function_clause, stack}` before it waits.

use crate::support::*;
use extask::task;
use extask::task::{YieldManyOptions, yield_many};

pub(crate) async fn run(out: Out) {
    let ms: i32 = "-1".parse().expect("an integer");
    let exit = child(async move {
        let tasks = vec![task!(async fn -> 1 end)];
        let _ = yield_many(tasks, YieldManyOptions::new().timeout(ms)).await;
    });
    out.show("yield_many", &exit.await);
    let tasks = vec![task!(async fn -> 1 end)];
    let results = yield_many(tasks, YieldManyOptions::new().timeout(ms + 1 + 1000)).await;
    let results: Vec<_> = results.into_iter().map(|(_, r)| r).collect();
    out.show("yield_many with an i32", &results);
}
