//! The workers the supervisor tests start: trapping processes that report
//! their starts and stops to the test process, set up before their start
//! returns (as a GenServer's `init/1`).
#![allow(dead_code, reason = "each test crate uses a subset")]

use super::common::LONG;
use super::recv;
use extask::inspect::Term;
use extask::messages::{Exit, take};
use extask::supervisor::{ChildSpec, Start, Supervisor};
use extask::{ExitReason, Pid, Timeout, process};

/// What the workers tell the test process.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Event {
    Start(&'static str),
    Stop(&'static str, ExitReason),
}

/// Tells a worker to exit with this reason.
pub(crate) struct Crash(pub(crate) ExitReason);

/// What a worker does when its supervisor tells it to stop.
#[derive(Clone, Copy)]
pub(crate) enum OnStop {
    /// Exit at once with the reason (after telling the test).
    Exit,
    /// Take this long first.
    Linger(u64),
}

enum In {
    Exit(Exit),
    Crash(Crash),
}

/// A trapping worker with id `id`, reporting its starts and stops to `to`.
pub(crate) fn worker_with(id: &'static str, to: Pid, on_stop: OnStop) -> ChildSpec {
    ChildSpec::new(Term::atom(id), move || async move {
        // As a GenServer's `init/1`, the worker is set up (trapping) before
        // its start returns: the start function waits for its word.
        let sup = process::self_pid();
        let pid = process::spawn_link(async move {
            process::trap_exit(true);
            process::send(sup, Ready(process::self_pid()));
            let matcher = |m: &mut extask::Message| {
                take::<Exit>(m)
                    .map(In::Exit)
                    .or_else(|| take::<Crash>(m).map(In::Crash))
            };
            match process::receive_with(matcher, Timeout::Infinity).await {
                Some(In::Exit(Exit { reason, .. })) => {
                    process::send(to, Event::Stop(id, reason.clone()));
                    if let OnStop::Linger(ms) = on_stop {
                        process::sleep(ms).await;
                    }
                    match process::exit_self(reason).await {}
                }
                Some(In::Crash(Crash(reason))) => match process::exit_self(reason).await {},
                None => unreachable!(),
            }
        });
        let ready =
            |m: &mut extask::Message| m.downcast_ref::<Ready>().filter(|r| r.0 == pid).map(drop);
        process::receive_with(ready, LONG)
            .await
            .expect("the worker is ready");
        process::send(to, Event::Start(id));
        Start::Ok(pid)
    })
}

/// A worker's word to its supervisor that it traps exits.
struct Ready(Pid);

pub(crate) fn worker(id: &'static str, to: Pid) -> ChildSpec {
    worker_with(id, to, OnStop::Exit)
}

pub(crate) async fn events(n: usize) -> Vec<Event> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(recv::<Event>(LONG).await.expect("an event within 5 s"));
    }
    out
}

pub(crate) async fn pid_of(sup: Supervisor, id: &str) -> Pid {
    let children = sup.which_children().await;
    let child = children.iter().find(|c| c.id.is_atom(id)).expect("a child");
    child.pid.pid().expect("running")
}

/// Crashes child `id` with `reason` and waits for it to be gone.
pub(crate) async fn crash(sup: Supervisor, id: &str, reason: ExitReason) {
    let pid = pid_of(sup, id).await;
    let watch = process::monitor(pid);
    process::send(pid, Crash(reason));
    super::common::down(watch).await;
}

pub(crate) fn abc(me: Pid) -> Vec<ChildSpec> {
    vec![worker("a", me), worker("b", me), worker("c", me)]
}

pub(crate) use Event::{Start as S, Stop as T};
