//! Twin of `stream_unordered.exs`.

use crate::support::*;
use extask::task;
use futures::StreamExt;

async fn sleep_ms(ms: u64) -> u64 {
    sleep(ms).await;
    ms
}

pub(crate) async fn run(out: Out) {
    let unordered: Vec<_> =
        task!(async_stream vec![700, 100, 400], sleep_ms, ordered: false, max_concurrency: 3)
            .collect()
            .await;
    out.show("unordered", &unordered);
    let first_two: Vec<_> =
        task!(async_stream vec![1200, 100, 700, 400], sleep_ms, ordered: false, max_concurrency: 4)
            .take(2)
            .collect()
            .await;
    out.show("first two", &first_two);
    out.show("messages", &messages().await);
}
