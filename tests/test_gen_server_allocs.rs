//! What one `gen_server::call` round trip allocates, counted by a counting
//! allocator on a current-thread runtime (nothing else runs between two
//! readings): a guard that the call path stays lean. Besides printing the
//! request once (for a failed call's exit reason and the crash report, as
//! Elixir shows it), a call allocates three times: the `{:"$gen_call", ..}`
//! message, the reply message, and the shared printed request.

use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol};
use extask::inspect::{Inspect, Term};
use extask::root::{RootConfig, run_test};
use extask::{ExitReason, Timeout};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static ALLOC: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[derive(Inspect)]
struct Counter(u64);

#[derive(Inspect)]
enum Call {
    Add(u64),
}

impl Protocol for Counter {
    type Call = Call;
    type Reply = u64;
    type Cast = ();
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
}

#[test]
fn a_call_round_trip_allocates_a_bounded_number_of_times() {
    let per_call = run_test(RootConfig::current_thread(), async {
        let s = gen_server::start_link::<Counter>((), Default::default())
            .await
            .unwrap();
        // Warm up: the mailboxes and the spare receive timers exist.
        for _ in 0..100 {
            gen_server::call(&s, Call::Add(1), Timeout::DEFAULT).await;
        }
        const N: u64 = 1_000;
        let before = ALLOC.stats().allocations;
        for _ in 0..N {
            gen_server::call(&s, Call::Add(1), Timeout::DEFAULT).await;
        }
        let per_call = (ALLOC.stats().allocations - before) as f64 / N as f64;
        gen_server::stop(&s, ExitReason::Normal, Timeout::Infinity).await;
        let before = ALLOC.stats().allocations;
        std::hint::black_box(Term::of(&Call::Add(1)));
        let printing = (ALLOC.stats().allocations - before) as f64;
        per_call - printing
    });
    println!("allocations per call, besides printing the request: {per_call}");
    assert!(per_call <= 3.0, "{per_call} allocations per call");
}
