//! A `GenServer.call` round trip: the root calls a counter server (a request
//! in, the new count out), against raw tokio's request/reply, an mpsc
//! channel of requests each carrying a oneshot sender for its reply.
//!
//! - `gen_server_call/<flavor>/extask`: `gen_server::call(&server, Add(1),
//!   5000)`: monitor + alias, the `{:"$gen_call", ..}` message, the reply to
//!   the alias, the demonitor.
//! - `gen_server_call/<flavor>/tokio`: `tx.send((1, oneshot))` +
//!   `rx.await`.
//! - `gen_server_cast/<flavor>/extask`: a cast then, every 100 casts, a call
//!   (so the mailbox never grows): per cast.

mod common;

use common::{Flavor, in_root, in_tokio, quick_group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Return};
use extask::inspect::Inspect;
use extask::{ExitReason, Timeout};
use std::hint::black_box;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

#[derive(Inspect)]
struct Counter(u64);

#[derive(Inspect)]
enum Call {
    Add(u64),
}

impl Protocol for Counter {
    type Call = Call;
    type Reply = u64;
    type Cast = u64;
}

impl GenServer for Counter {
    type Arg = ();
    type Info = ();
    type Continue = ();

    async fn init((): ()) -> Init<Self> {
        Init::Ok(Counter(0))
    }

    async fn handle_call(&mut self, Call::Add(k): Call, _: Caller<u64>) -> CallReturn<Self> {
        self.0 += k;
        CallReturn::Reply(self.0)
    }

    async fn handle_cast(&mut self, k: u64) -> Return<Self> {
        self.0 += k;
        Return::NoReply
    }
}

async fn extask_calls(iters: u64) -> std::time::Duration {
    let server = gen_server::start_link::<Counter>((), Default::default())
        .await
        .expect("started");
    let start = Instant::now();
    for _ in 0..iters {
        black_box(gen_server::call(&server, Call::Add(1), Timeout::DEFAULT).await);
    }
    let elapsed = start.elapsed();
    gen_server::stop(&server, ExitReason::Normal, Timeout::Infinity).await;
    elapsed
}

async fn extask_casts(iters: u64) -> std::time::Duration {
    let server = gen_server::start_link::<Counter>((), Default::default())
        .await
        .expect("started");
    let start = Instant::now();
    for i in 0..iters {
        gen_server::cast(&server, 1);
        if i % 100 == 99 {
            black_box(gen_server::call(&server, Call::Add(0), Timeout::DEFAULT).await);
        }
    }
    black_box(gen_server::call(&server, Call::Add(0), Timeout::DEFAULT).await);
    let elapsed = start.elapsed();
    gen_server::stop(&server, ExitReason::Normal, Timeout::Infinity).await;
    elapsed
}

async fn tokio_calls(iters: u64) -> std::time::Duration {
    let (tx, mut rx) = mpsc::unbounded_channel::<(u64, oneshot::Sender<u64>)>();
    let server = tokio::spawn(async move {
        let mut n = 0;
        while let Some((k, reply)) = rx.recv().await {
            n += k;
            let _ = reply.send(n);
        }
    });
    let start = Instant::now();
    for _ in 0..iters {
        let (reply, answer) = oneshot::channel();
        tx.send((1, reply)).expect("server alive");
        black_box(answer.await.expect("reply"));
    }
    let elapsed = start.elapsed();
    drop(tx);
    server.await.expect("server");
    elapsed
}

fn gen_server_call(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = quick_group(c, format!("gen_server_call/{}", flavor.name()));
        group.throughput(Throughput::Elements(1));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| in_tokio(&rt, tokio_calls(iters)))
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_calls(iters)))
        });
        group.bench_function("extask_cast", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_casts(iters)))
        });
        group.finish();
    }
}

criterion_group!(benches, gen_server_call);
criterion_main!(benches);
