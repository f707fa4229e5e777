//! Twin of `stream_max_concurrency.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::task;
use extask::{Pid, process};
use futures::StreamExt;

enum Gauge {
    In,
    Out,
    Peak(Pid),
}

fn gauge() -> Pid {
    process::spawn_link(async {
        let (mut now, mut peak) = (0_i64, 0_i64);
        loop {
            match recv_any::<Gauge>().await {
                Gauge::In => {
                    now += 1;
                    peak = peak.max(now);
                }
                Gauge::Out => now -= 1,
                Gauge::Peak(from) => send_tagged(from, "peak", peak),
            }
        }
    })
}

pub(crate) async fn run(out: Out) {
    let g = gauge();
    let work = move |i: i64| async move {
        process::send(g, Gauge::In);
        sleep(300).await;
        process::send(g, Gauge::Out);
        sleep(100).await;
        i
    };
    let results: Vec<_> = task!(async_stream 1..=6_i64, work, max_concurrency: 2)
        .collect()
        .await;
    out.show("max_concurrency 2", &results);
    process::send(g, Gauge::Peak(process::self_pid()));
    out.show("peak", &recv::<i64>("peak").await);

    // The first element is slow; with two slots the four fast ones all run before it ends.
    let c = counter();
    let slow_first = move |ms: u64| async move {
        bump(c).await;
        sleep(ms).await;
        if ms == 1000 {
            Term::tuple([Term::atom("started_before_me"), Term::from(count(c).await)])
        } else {
            Term::from(ms)
        }
    };
    let results: Vec<_> =
        task!(async_stream vec![1000, 10, 10, 10, 10], slow_first, max_concurrency: 2)
            .collect()
            .await;
    out.show("slow first", &results);

    // Per-task timeout: four 150 ms tasks in sequence finish although the run takes 600 ms.
    let sleep_ms = |ms: u64| async move {
        sleep(ms).await;
        ms
    };
    let results: Vec<_> =
        task!(async_stream vec![150, 150, 150, 150], sleep_ms, timeout: 400, max_concurrency: 1)
            .collect()
            .await;
    out.show("timeout is per task", &results);
}
