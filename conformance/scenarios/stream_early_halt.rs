//! Twin of `stream_early_halt.exs`: dropping a stream early (`take`, `find`)
//! kills the tasks still running and cleans the mailbox.

use crate::support::*;
use extask::process;
use extask::task;
use extask::task::TaskResult;
use futures::StreamExt;

pub(crate) async fn run(out: Out) {
    let times_ten = |i: i64| async move { i * 10 };
    let first: Vec<_> = task!(async_stream 1..=100_i64, times_ten, max_concurrency: 4)
        .take(3)
        .collect()
        .await;
    out.show("take 3 of 100", &first);
    let first: Vec<_> = task!(async_stream 1_i64.., times_ten)
        .take(2)
        .collect()
        .await;
    out.show("take 2 of an endless input", &first);

    let parent = process::self_pid();
    let slow_after_1 = move |i: i64| async move {
        if i != 1 {
            send_tagged(parent, "started", process::self_pid());
            sleep_forever().await;
        }
        i
    };
    let first: Vec<_> = task!(async_stream 1..=3_i64, slow_after_1, max_concurrency: 3)
        .take(1)
        .collect()
        .await;
    out.show("take 1, others sleep forever", &first);

    let mut stream = task!(async_stream 1..=100_i64, times_ten, max_concurrency: 2);
    let mut found = None;
    while let Some(result) = stream.next().await {
        if matches!(result, TaskResult::Ok(50)) {
            found = Some(result);
            break;
        }
    }
    drop(stream);
    out.show("found", &found);
    out.show("messages", &messages_except(&["started"]).await);
}
