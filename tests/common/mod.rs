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
    process::receive_with(extask::messages::take::<T>, timeout).await
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

/// Runs `body` in a new process (not linked, monitored) and returns the
/// reason it exits with (Elixir's `Conf.child/1`).
pub async fn child_exit<F>(body: F) -> ExitReason
where
    F: Future<Output = ()> + Send + 'static,
{
    let (_pid, r) = process::spawn_monitor(body);
    down(r).await.reason
}

/// A task body that waits `ms` milliseconds, then returns `value`.
pub async fn after<T>(ms: u64, value: T) -> T {
    process::sleep(Timeout::Ms(ms)).await;
    value
}

/// A task body that waits `ms` milliseconds, then exits with `reason`.
pub async fn exit_after<T>(ms: u64, reason: ExitReason) -> T {
    process::sleep(Timeout::Ms(ms)).await;
    match process::exit_self(reason).await {}
}

/// Panics whose message starts with this are deliberate (stress and fault
/// tests crash thousands of processes): [`quiet_deliberate_panics`] keeps
/// them off stderr.
pub const DELIBERATE: &str = "deliberate panic";

/// Installs, once per test binary, a panic hook that stays silent for
/// [`DELIBERATE`] panics and prints every other panic as the default hook
/// does, and a `tracing` subscriber that drops the runtime's crash reports
/// (without one, each crashed process prints a report to stderr).
pub fn quiet_deliberate_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            if !text.is_some_and(|t| t.starts_with(DELIBERATE)) {
                default(info);
            }
        }));
        let quiet = tracing::subscriber::NoSubscriber::default();
        // Another test of this binary may have installed one already.
        let _ = tracing::subscriber::set_global_default(quiet);
    });
}

/// Serialises the tests of one binary that assert on process-wide figures
/// ([`process::count`], memory): hold the guard for the whole test.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits (up to 5 s) until the live-process count is `n`, and returns the
/// count then. A process is removed from the count as it terminates, a few
/// instructions after its last message was sent: this absorbs that gap.
pub async fn settle_count(n: usize) -> usize {
    for _ in 0..5_000 {
        if process::count() == n {
            break;
        }
        process::sleep(Timeout::Ms(1)).await;
    }
    process::count()
}

/// A small deterministic pseudo-random generator (xorshift64*) for tests
/// that vary their interleavings reproducibly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// The resident set size of this OS process in bytes (Linux), if known.
pub fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Waits until `pid` has ended (it may have ended already, before the
/// monitor: its reason is then `:noproc`, so none is returned).
pub async fn ended(pid: Pid) {
    down(process::monitor(pid)).await;
}
