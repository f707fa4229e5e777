//! Model-checked races in the process core, under shuttle.
//!
//! Each scenario drives the [`Proc`] API directly from shuttle threads (no
//! tokio): the process core's locks and atomics are shuttle's under the
//! `shuttle` feature (see `sync.rs`), so shuttle controls every interleaving
//! of two signals meeting at one process. Every scenario runs under three
//! schedulers:
//!
//! - depth-first search, exhaustive up to a bound (every interleaving of the
//!   scheduling points when the bound is not reached);
//! - shuttle's random scheduler;
//! - PCT (probabilistic concurrency testing) at depth 3, which finds bugs
//!   needing up to 3 ordering constraints with a known probability.
//!
//! The figures (interleavings run per scheduler) print with `--nocapture`:
//! `cargo test -p task-runtime --features shuttle --lib model_tests -- --nocapture`.
//!
//! What is asserted, in every scenario: no lost signal (a signal whose sender
//! saw the link or monitor in place is delivered), no double delivery, and
//! the outcome is one of those Erlang allows for that race.

mod cascade;
mod link;
mod monitor;
mod own_exit;
mod peer;
mod reply;
mod split;
mod trap;
mod waiters;

use crate::messages::{Down, Exit};
use crate::runtime::proc::{Proc, State};
use crate::runtime::registry;
use crate::runtime::sync::AtomicBool;
use crate::{ExitReason, Pid};
use shuttle::scheduler::{DfsScheduler, PctScheduler, RandomScheduler};
use shuttle::thread::{self, JoinHandle};
use shuttle::{Config, Runner};
use std::future::poll_fn;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::Poll;

/// Interleavings a scenario runs under the random and the PCT scheduler.
const SAMPLED: usize = 1_000;
/// Bound on the depth-first search; scenarios below it are exhaustive.
const DFS_BOUND: usize = 4_000;

/// `EXTASK_MODEL_SCALE=n` multiplies every budget by `n` for a deeper run
/// than CI's (`n = 10` explores about ten times as many interleavings).
fn scale() -> usize {
    std::env::var("EXTASK_MODEL_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Runs `scenario` under DFS, random and PCT schedulers; prints and returns
/// the number of interleavings each explored.
fn explore<F>(name: &str, scenario: F) -> Explored
where
    F: Fn() + Send + Sync + Clone + 'static,
{
    let config = || {
        let mut config = Config::new();
        config.silence_warnings = true;
        config
    };
    let (bound, sampled) = (DFS_BOUND * scale(), SAMPLED * scale());
    let dfs = Runner::new(DfsScheduler::new(Some(bound), false), config()).run(scenario.clone());
    let random = Runner::new(RandomScheduler::new(sampled), config()).run(scenario.clone());
    let pct = Runner::new(PctScheduler::new(3, sampled), config()).run(scenario);
    let explored = Explored { dfs, random, pct };
    println!(
        "model {name}: dfs {dfs}{} + random {random} + pct {pct} = {} interleavings",
        if dfs < bound {
            " (exhaustive)"
        } else {
            " (bounded)"
        },
        explored.total()
    );
    explored
}

/// How many interleavings each scheduler ran.
#[derive(Debug)]
struct Explored {
    dfs: usize,
    random: usize,
    pct: usize,
}

impl Explored {
    fn total(&self) -> usize {
        self.dfs + self.random + self.pct
    }
}

/// The reason every crashing process in these scenarios ends with.
fn boom() -> ExitReason {
    ExitReason::atom("boom")
}

/// Ends `p` with `:boom` on a thread of its own (it must not have ended yet).
fn crash_in_thread(p: &Arc<Proc>) -> JoinHandle<()> {
    let p = Arc::clone(p);
    thread::spawn(move || assert!(p.terminate(&boom(), None)))
}

/// Sends `msg` to `p` from a thread of its own.
fn deliver_in_thread(p: &Arc<Proc>, msg: crate::Message) -> JoinHandle<()> {
    let p = Arc::clone(p);
    thread::spawn(move || p.deliver(msg))
}

/// A new live process in the registry, as `spawn` makes one (without its
/// tokio task: the scenario plays its code).
fn proc(trap_exit: bool) -> Arc<Proc> {
    let state = State {
        trap_exit,
        ..State::default()
    };
    let proc = Arc::new(Proc::new(Pid::next(), Default::default(), state));
    registry::insert(Arc::clone(&proc));
    proc
}

/// Links `a` and `b` both ways, as `spawn_link` does before either runs.
fn linked(a: &Arc<Proc>, b: &Arc<Proc>) {
    a.state.lock().relations.add_link(b);
    b.state.lock().relations.add_link(a);
}

/// The messages of type `T` in `p`'s mailbox, oldest first, left in place.
fn scan<T: Clone + 'static>(p: &Proc) -> Vec<T> {
    let mut seen = Vec::new();
    let none = p.state.lock().mailbox.take_first(&mut 0, |m| {
        seen.extend(m.downcast_ref::<T>().cloned());
        None::<()>
    });
    debug_assert!(none.is_none());
    seen
}

/// The `{:EXIT, ..}` messages in `p`'s mailbox, oldest first.
fn exits(p: &Proc) -> Vec<Exit> {
    scan(p)
}

/// The `:DOWN` messages in `p`'s mailbox, oldest first.
fn downs(p: &Proc) -> Vec<Down> {
    scan(p)
}

/// The exit `p` has been told to take: `(reason, from)`.
fn pending(p: &Proc) -> Option<(ExitReason, Option<Pid>)> {
    let state = p.state.lock();
    state
        .pending_exit
        .as_ref()
        .map(|e| (e.reason.clone(), e.from))
}

fn alive(p: &Proc) -> bool {
    p.state.lock().alive
}

fn is_registered(p: &Proc) -> bool {
    registry::get(p.pid).is_some()
}

/// Ends the scenario: takes the processes still alive out of the registry,
/// so that thousands of interleavings do not accumulate entries.
fn clean_up(procs: &[&Arc<Proc>]) {
    for p in procs {
        registry::remove(p.pid);
    }
}

/// A receive of a `u32` by `owner`'s own task, polled as the process loop
/// polls its code (`current::poll_own_task`: a receive of its own registers
/// the task's waker as it goes pending), to the end.
fn own_task_receive_u32(owner: &Arc<Proc>) -> Option<u32> {
    let mut receive = std::pin::pin!(crate::runtime::receive::Receive::new(
        Arc::clone(owner),
        crate::messages::take::<u32>,
        crate::Timeout::Infinity,
    ));
    shuttle::future::block_on(poll_fn(|cx| {
        crate::runtime::current::poll_own_task(owner, cx, |cx| receive.as_mut().poll(cx))
    }))
}

/// A process's own loop, as `ProcessFuture` runs it: it waits on the
/// process's waker until an exit is pending, then terminates the process
/// with it (telling its links and monitors). It also returns, without
/// exiting, once `stop` is set and the process woken: the scenario is over.
/// Joins to the reason the process terminated with, if it did.
struct ProcessLoop {
    handle: JoinHandle<Option<ExitReason>>,
    stop: Arc<AtomicBool>,
    proc: Arc<Proc>,
}

fn run_process(proc: &Arc<Proc>) -> ProcessLoop {
    let stop = Arc::new(AtomicBool::new(false));
    let handle = {
        let (proc, stop) = (Arc::clone(proc), Arc::clone(&stop));
        thread::spawn(move || {
            let exiting = shuttle::future::block_on(poll_fn(|cx| {
                proc.waker.register(cx.waker());
                // `stop` first: once it is set, every signal has been sent,
                // so the exit flag read after it is final.
                let stopping = stop.load(Ordering::SeqCst);
                if proc.is_exiting() {
                    Poll::Ready(true)
                } else if stopping {
                    Poll::Ready(false)
                } else {
                    Poll::Pending
                }
            }));
            exiting.then(|| {
                let reason = proc.state.lock().pending_exit.clone().map(|e| e.reason);
                let reason = reason.expect("is_exiting without a pending exit");
                assert!(proc.terminate(&reason, None), "a process terminated twice");
                reason
            })
        })
    };
    ProcessLoop {
        handle,
        stop,
        proc: Arc::clone(proc),
    }
}

impl ProcessLoop {
    /// Stops the loop once everything sent to the process so far has been
    /// handled; returns the reason it terminated with, if it did.
    fn finish(self) -> Option<ExitReason> {
        self.stop.store(true, Ordering::SeqCst);
        self.proc.waker.wake();
        self.handle.join().expect("the process loop panicked")
    }
}
