//! Twin of `stream_kill_task.exs`.

use crate::support::*;
use extask::task;
use futures::StreamExt;

async fn sleep_ms(ms: u64) -> u64 {
    sleep(ms).await;
    ms
}

pub(crate) async fn run(out: Out) {
    let results: Vec<_> =
        task!(async_stream vec![10, 3000, 20], sleep_ms, timeout: 300, on_timeout: :kill_task)
            .collect()
            .await;
    out.show("kill_task", &results);
    let results: Vec<_> = task!(async_stream vec![10, 3000, 20], sleep_ms,
        timeout: 300, on_timeout: :kill_task, zip_input_on_exit: true)
    .collect()
    .await;
    out.show("zip_input_on_exit", &results);
    out.show("messages", &messages().await);
}
