//! Twin of `stream_exit_normal.exs`.

use crate::support::*;
use extask::task;
use futures::StreamExt;

async fn normal_on_2(x: i64) -> i64 {
    if x == 2 {
        die!(reason("normal"))
    }
    x
}

pub(crate) async fn run(out: Out) {
    let results: Vec<_> = task!(async_stream vec![1, 2, 3], normal_on_2)
        .collect()
        .await;
    out.show("exit(:normal)", &results);
    out.show("messages", &messages().await);
}
