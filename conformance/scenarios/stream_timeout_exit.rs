//! Twin of `stream_timeout_exit.exs`.

use crate::support::*;
use extask::process;
use extask::task::{StreamOptions, async_stream};
use futures::StreamExt;

async fn sleep_ms(ms: u64) -> u64 {
    sleep(ms).await;
    ms
}

async fn enumerate(timeout: u64) {
    let opts = StreamOptions::new().timeout(timeout);
    let _: Vec<_> = async_stream(vec![10, 1000], sleep_ms, opts).collect().await;
}

pub(crate) async fn run(out: Out) {
    out.show("caller exit", &child(enumerate(100)).await);
    let got = child(async {
        process::trap_exit(true);
        enumerate(100).await;
    })
    .await;
    out.show("trapping caller exit", &got);
    out.show("timeout 200, caller exit", &child(enumerate(200)).await);
    out.show("messages", &messages().await);
}
