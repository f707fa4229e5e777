// An `async_stream` body takes a captured `Arc` the way rustc suggests: a
// `let db = db.clone();` (or `Arc::clone(&db)`) at its top runs once per
// item, and the item's task moves the clone.
use extask::{TaskResult, task};
use futures::StreamExt;
use std::sync::Arc;

fn value<T>(r: TaskResult<T>) -> T {
    match r {
        TaskResult::Ok(v) => v,
        TaskResult::Exit(reason) => panic!("{reason:?}"),
    }
}

#[extask::main(flavor = "current_thread")]
async fn main() {
    let db = Arc::new(vec![10, 20, 30]);
    let out: Vec<i32> = task!(async_stream 0..3_usize, fn i -> let db = db.clone(); db[i] + 1 end)
        .map(value)
        .collect()
        .await;
    assert_eq!(out, vec![11, 21, 31]);
    // The stream's closure moved `db` in (to clone it per item); a second
    // stream takes a handle of its own.
    let prices = Arc::new(vec![10, 20, 30]);
    let out: Vec<i32> = task!(async_stream 0..3_usize, fn i ->
        let prices = Arc::clone(&prices);
        let offset = 2;
        prices[i] + offset
    end)
    .map(value)
    .collect()
    .await;
    assert_eq!(out, vec![12, 22, 32]);
}
