//! Twin of `stream_bad_max_concurrency.exs`.

use crate::support::*;
use extask::task::{StreamOptions, async_stream};
use futures::StreamExt;

pub(crate) async fn run(out: Out) {
    let got = child(async {
        let opts = StreamOptions::new().max_concurrency(0);
        let _: Vec<_> = async_stream(vec![1_i64, 2], |x| async move { x }, opts)
            .collect()
            .await;
    })
    .await;
    out.show("max_concurrency: 0", &got);
}
