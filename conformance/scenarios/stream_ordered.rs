//! Twin of `stream_ordered.exs`.

use crate::support::*;
use extask::task;
use futures::StreamExt;

async fn sleep_ms(ms: u64) -> u64 {
    sleep(ms).await;
    ms
}

pub(crate) async fn run(out: Out) {
    let ordered: Vec<_> = task!(async_stream vec![300, 100, 200], sleep_ms)
        .collect()
        .await;
    out.show("ordered", &ordered);
    let empty: Vec<_> = task!(async_stream Vec::<u64>::new(), sleep_ms)
        .collect()
        .await;
    out.show("empty", &empty);
    let one: Vec<_> = task!(async_stream vec![5_i64], fn x -> x * 2 end)
        .collect()
        .await;
    out.show("one", &one);
    let upcase = |s: &'static str| async move { s.to_uppercase() };
    let upcased: Vec<_> = task!(async_stream vec!["a", "b"], upcase, max_concurrency: 1)
        .collect()
        .await;
    out.show("strings", &upcased);
    out.show("messages", &messages().await);
}
