//! Helpers shared by the behaviour tests: run a body as a root process, and
//! typed receives with generous bounds.
#![allow(dead_code, unreachable_pub, reason = "each test crate uses a subset")]

use extask::messages::{Down, Exit};
use extask::root::{RootConfig, run_test};
use extask::{ExitReason, Pid, Ref, Timeout, process};
use std::future::Future;

/// Generous bound for waits that should succeed; never reached when the
/// runtime works.
pub const LONG: Timeout = Timeout::Ms(5_000);

/// Runs `body` as the root process of a fresh multi-thread runtime.
pub fn run<F>(body: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    run_test(RootConfig::multi_thread().worker_threads(2), body)
}

/// The oldest message of type `T`, waiting at most `timeout`.
pub async fn recv<T: Send + 'static>(timeout: Timeout) -> Option<T> {
    process::receive_with(
        |m| {
            if m.is::<T>() {
                let taken = std::mem::replace(m, Box::new(()));
                taken.downcast::<T>().ok().map(|b| *b)
            } else {
                None
            }
        },
        timeout,
    )
    .await
}

/// The `:DOWN` of monitor `r`.
pub async fn down(r: Ref) -> Down {
    process::receive_with(
        |m| m.downcast_ref::<Down>().filter(|d| d.r#ref == r).cloned(),
        LONG,
    )
    .await
    .expect("no :DOWN within 5 s")
}

/// The reason `pid` exits with, observed through a new monitor.
pub async fn exit_reason(pid: Pid) -> ExitReason {
    down(process::monitor(pid)).await.reason
}

/// The `{:EXIT, from, _}` message from `from`.
pub async fn exit_from(from: Pid) -> Exit {
    process::receive_with(
        |m| m.downcast_ref::<Exit>().filter(|e| e.from == from).cloned(),
        LONG,
    )
    .await
    .expect("no {:EXIT, ...} within 5 s")
}

/// Everything in the mailbox right now, as inspected text, oldest first;
/// only the runtime's own message types and strings are recognised.
pub async fn drain() -> Vec<String> {
    let mut out = Vec::new();
    while let Some(text) = process::receive_with(describe, Timeout::Ms(0)).await {
        out.push(text);
    }
    out
}

fn describe(m: &mut extask::Message) -> Option<String> {
    use extask::inspect::inspect;
    if let Some(e) = m.downcast_ref::<Exit>() {
        Some(inspect(e))
    } else if let Some(d) = m.downcast_ref::<Down>() {
        Some(inspect(d))
    } else if let Some(s) = m.downcast_ref::<&'static str>() {
        Some(inspect(*s))
    } else if let Some((r, s)) = m.downcast_ref::<(Ref, &'static str)>() {
        Some(format!("{{{r:?}, {}}}", inspect(*s)))
    } else {
        Some("<other>".to_owned())
    }
}
