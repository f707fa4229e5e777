//! Twin of `stream_crash.exs`.

use crate::support::*;
use extask::process;
use extask::task;
use futures::StreamExt;

async fn crash_on_2(x: i64) -> i64 {
    if x == 2 {
        die!(reason("bad"))
    }
    x
}

async fn raise_on_2(x: i64) -> i64 {
    if x == 2 {
        raise::<()>("boom");
    }
    x
}

pub(crate) async fn run(out: Out) {
    let got = child(async {
        let _: Vec<_> = task!(async_stream vec![1, 2, 3], crash_on_2)
            .collect()
            .await;
    })
    .await;
    out.show("not trapping, caller exit", &got);

    process::trap_exit(true);
    let results: Vec<_> = task!(async_stream vec![1, 2, 3], crash_on_2)
        .collect()
        .await;
    out.show("trapping", &results);
    let results: Vec<_> = task!(async_stream vec![1, 2, 3], crash_on_2, zip_input_on_exit: true)
        .collect()
        .await;
    out.show("zip_input_on_exit", &results);
    let results: Vec<_> = task!(async_stream vec![1, 2, 3], raise_on_2)
        .collect()
        .await;
    out.show("raise", &results);
    out.show("messages", &messages().await);
}
