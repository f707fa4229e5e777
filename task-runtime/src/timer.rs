//! Elixir's timers: `Process.send_after/3`, `Process.cancel_timer/1`,
//! `Process.read_timer/1`, and Erlang's `:timer.send_interval/3` with
//! `:timer.cancel/1` (Elixir has no interval of its own; its users call
//! `:timer`). Re-exported by [`process`](crate::process).
//!
//! A pending timer costs no tokio task: each runtime has one timer service
//! (`runtime/timers.rs`). A timer belongs to the runtime it was started on,
//! and to its **destination**: it is cancelled when the destination dies
//! (not when the process that started it dies), as Erlang's are.

use crate::inspect::{Doc, Inspect, impl_debug_via_inspect};
use crate::runtime::current::exit_current;
use crate::runtime::timers;
use crate::{ExitReason, IntoTimeout, Pid, Ref, Timeout, make_ref};
use std::sync::Arc;
use std::time::Duration;

/// The reference `send_after` returns: prints as Elixir prints it,
/// `#Reference<0.a.b.c>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerRef(Ref);

impl TimerRef {
    /// The plain reference.
    pub fn r#ref(self) -> Ref {
        self.0
    }
}

/// The reference of an interval (`:timer.send_interval/3`'s `tref`): prints
/// as Erlang's, `{:interval, #Reference<0.a.b.c>}`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IntervalRef(Ref);

/// `{:error, :badarg}`: what `:timer.send_interval/3` answers for a time
/// that is not a non-negative integer. Prints `:badarg`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Badarg;

impl Inspect for TimerRef {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

impl Inspect for IntervalRef {
    fn to_doc(&self) -> Doc {
        Doc::container(
            "{",
            vec![Doc::text(":interval"), self.0.to_doc()],
            "}",
            false,
        )
    }
}

impl Inspect for Badarg {
    fn to_doc(&self) -> Doc {
        Doc::text(":badarg")
    }
}

impl_debug_via_inspect!(TimerRef, IntervalRef, Badarg);

impl std::fmt::Display for Badarg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bad argument")
    }
}

impl std::error::Error for Badarg {}

/// The milliseconds of a timer, or the `ArgumentError` the BIF raises.
fn time_of(time: impl IntoTimeout) -> Result<Duration, &'static str> {
    match time.into_timeout() {
        Ok(Timeout::Ms(ms)) => Ok(Duration::from_millis(ms)),
        Ok(Timeout::Infinity) => Err("not an integer"),
        Err(_) => Err("out of range"),
    }
}

/// Sends `msg` to `dest` after `time` milliseconds (`Process.send_after/3`;
/// any integer type, or a `Duration`); `0` sends at once. Returns the
/// timer's reference for [`cancel_timer`] and [`read_timer`].
///
/// The timer belongs to `dest`: it fires after the process that started it
/// died, and is cancelled when `dest` dies (at once if `dest` is already
/// dead: the reference is returned, and reads as no timer). So a
/// `send_after(self_pid(), ..)` dies with its process.
///
/// A negative time makes the current process exit as Elixir's does, with
/// `** (ArgumentError) errors were found at the given arguments: * 1st
/// argument: out of range` (`Timeout::Infinity`: `not an integer`), at its
/// next suspension; the reference returned is no timer's. Outside any
/// process that panics with the text.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let t = process::send_after(process::self_pid(), "tick", 20);
/// assert!(process::read_timer(t).is_some());
/// let got = process::receive_with(|m| m.downcast_ref::<&str>().copied(), Timeout::Infinity);
/// assert_eq!(got.await, Some("tick"));
/// assert_eq!(process::cancel_timer(t), None); // it fired
/// # }).await.unwrap();
/// # }
/// ```
pub fn send_after<M: Send + 'static>(dest: Pid, msg: M, time: impl IntoTimeout) -> TimerRef {
    let r#ref = make_ref();
    match time_of(time) {
        Ok(after) => timers::send_after("Process.send_after/3", r#ref, dest, Box::new(msg), after),
        Err(problem) => {
            let _exiting = exit_current(ExitReason::argument_error(format!(
                "errors were found at the given arguments:\n\n  * 1st argument: {problem}\n"
            )));
        }
    }
    TimerRef(r#ref)
}

/// Cancels a timer (`Process.cancel_timer/1`): `Some(ms left)` if it was
/// pending, `None` (Elixir's `false`) if it fired, was cancelled, or its
/// destination is dead. A message that already arrived stays in the
/// mailbox.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::process;
/// # task_runtime::root::spawn_root(async {
/// let t = process::send_after(process::self_pid(), "never", 1000);
/// assert_eq!(process::cancel_timer(t), Some(1000));
/// assert_eq!(process::cancel_timer(t), None);
/// # }).await.unwrap();
/// # }
/// ```
pub fn cancel_timer(timer: TimerRef) -> Option<u64> {
    timers::cancel("Process.cancel_timer/1", timer.0)
}

/// The milliseconds left on a timer (`Process.read_timer/1`), rounded up
/// as Erlang does; `None` (Elixir's `false`) if it is not pending.
pub fn read_timer(timer: TimerRef) -> Option<u64> {
    timers::read("Process.read_timer/1", timer.0)
}

/// Sends a clone of `msg` to `dest` every `time` milliseconds
/// (`:timer.send_interval/3`; `:timer.send_interval(ms, msg)` is
/// `send_interval(ms, self_pid(), msg)`), until [`cancel_interval`] or until
/// `dest` dies (the interval follows its destination, not the process that
/// started it, as observed in Elixir). A negative time or
/// `Timeout::Infinity` is `Err(Badarg)` (`{:error, :badarg}`). A zero
/// period is taken as 1 ms.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let tref = process::send_interval(5, process::self_pid(), "tick").unwrap();
/// for _ in 0..3 {
///     let got = process::receive_with(|m| m.downcast_ref::<&str>().copied(), Timeout::Infinity);
///     assert_eq!(got.await, Some("tick"));
/// }
/// process::cancel_interval(tref);
/// # }).await.unwrap();
/// # }
/// ```
pub fn send_interval<M>(time: impl IntoTimeout, dest: Pid, msg: M) -> Result<IntervalRef, Badarg>
where
    M: Clone + Send + Sync + 'static,
{
    let period = time_of(time).map_err(|_| Badarg)?;
    let r#ref = make_ref();
    let make: timers::MakeMessage = Arc::new(move || Box::new(msg.clone()));
    timers::send_interval(":timer.send_interval/3", r#ref, dest, period, make);
    Ok(IntervalRef(r#ref))
}

/// Stops an interval (`:timer.cancel/1`, which answers `{:ok, :cancel}`
/// whether the interval was still running or not; so this answers nothing).
pub fn cancel_interval(interval: IntervalRef) {
    let _ = timers::cancel(":timer.cancel/1", interval.0);
}
