//! Twin of `sup_async_stream.exs`.

use crate::support::*;
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::task::{OnTimeout, StreamOptions};
use futures::StreamExt;

async fn crash_on_2(x: i64) -> i64 {
    if x == 2 {
        die!(reason("bad"))
    }
    x * 10
}

async fn sleep_ms(ms: u64) -> u64 {
    sleep(ms).await;
    ms
}

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let results: Vec<_> = sup
        .async_stream_nolink(vec![1, 2, 3], crash_on_2, StreamOptions::new())
        .collect()
        .await;
    out.show("nolink", &results);
    let results: Vec<_> = sup
        .async_stream(vec![1, 3], crash_on_2, StreamOptions::new())
        .collect()
        .await;
    out.show("linked, no crash", &results);
    let got = child(async move {
        let _: Vec<_> = sup
            .async_stream(vec![1, 2, 3], crash_on_2, StreamOptions::new())
            .collect()
            .await;
    })
    .await;
    out.show("linked, crash, caller exit", &got);

    let opts = StreamOptions::new()
        .ordered(false)
        .max_concurrency(3)
        .timeout(300_u64)
        .on_timeout(OnTimeout::KillTask);
    let results: Vec<_> = sup
        .async_stream_nolink(vec![900, 100, 200], sleep_ms, opts)
        .collect()
        .await;
    out.show("unordered, kill_task", &results);
    out.show("children", &sup.children().await);
    out.show("messages", &messages().await);
}
