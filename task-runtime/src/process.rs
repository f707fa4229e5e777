//! Elixir's `Process` and `Kernel` process functions: spawn, send, receive,
//! link, monitor, exit signals, trapping exits.
//!
//! Functions that act on "the current process" must run inside one (a
//! process spawned here, a task, or the root of `#[extask::main]`); each says
//! what it does outside.
//!
//! Names are Elixir's in snake_case; a predicate drops Elixir's `?`
//! ([`alive`] is `Process.alive?/1`). Methods on Rust values keep Rust's
//! `is_` ([`Pid::is_nil`], [`ExitReason::is_normal`]).

use crate::messages::{self, Message};
use crate::runtime::current::{current, current_pid, exit_current, raise, require_current};
#[doc(hidden)]
pub use crate::runtime::receive::Peek;
use crate::runtime::receive::{MessageTypes, OnlyTypes, Receive};
use crate::runtime::registry;
use crate::runtime::signals;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::{ExitReason, IntoTimeout, Pid, Ref, Timeout, make_ref};
use std::future::Future;

pub use crate::Thrown;
pub use crate::info::{
    InfoItem, MessageInfo, ProcessInfo, Status, ancestors, info, info_item, inspectable, list,
};
pub use crate::name::{
    Name, SendTo, Via, already_started, register, registered, send_to, unregister, whereis,
};
pub use crate::runtime::meta::Ancestor;
pub use crate::runtime::registry::count;
pub use crate::throw::throw;
pub use crate::timer::{
    Badarg, IntervalRef, TimerRef, cancel_interval, cancel_timer, read_timer, send_after,
    send_interval,
};

/// Starts a process running `fut`, neither linked nor monitored (`spawn/1`).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::process;
/// let pid = process::spawn(async { process::sleep(10_u64).await });
/// assert!(process::alive(pid));
/// # }
/// ```
pub fn spawn<F>(fut: F) -> Pid
where
    F: Future<Output = ()> + Send + 'static,
{
    spawn_pid(fut, Spawn::default())
}

/// Starts a process linked to the current one, atomically (`spawn_link/1`).
/// Outside any process there is nothing to link to: it is a plain [`spawn`].
pub fn spawn_link<F>(fut: F) -> Pid
where
    F: Future<Output = ()> + Send + 'static,
{
    let opts = Spawn {
        link: current(),
        ..Spawn::default()
    };
    spawn_pid(fut, opts)
}

/// Starts a process monitored by the current one, atomically
/// (`spawn_monitor/1`): returns its pid and the monitor reference.
///
/// # Panics
/// Outside any process (there is nobody to deliver the `:DOWN` to).
pub fn spawn_monitor<F>(fut: F) -> (Pid, Ref)
where
    F: Future<Output = ()> + Send + 'static,
{
    let r#ref = make_ref();
    let opts = Spawn {
        monitor: Some((require_current("spawn_monitor"), r#ref)),
        ..Spawn::default()
    };
    (spawn_pid(fut, opts), r#ref)
}

/// The current process's pid (`self/0`).
///
/// # Panics
/// Outside any process; see [`try_self_pid`].
pub fn self_pid() -> Pid {
    current_pid().unwrap_or_else(|| panic!("`self()` must be called from inside an extask process"))
}

/// The current process's pid, or `None` outside any process.
pub fn try_self_pid() -> Option<Pid> {
    current_pid()
}

/// Sends `msg` to `pid` (`send/2`). Sending to a dead pid does nothing.
pub fn send<M: Send + 'static>(pid: Pid, msg: M) {
    // The one branch local sends pay for distribution, and only with it.
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        return crate::dist::route(pid, msg);
    }
    // Its type's name, for `Process.info` (a thread-local cache look-up).
    crate::info::note::<M>();
    signals::send(pid, msg);
}

/// Selective receive in the current process: the oldest message for which
/// `matcher` returns `Some` is removed and its result returned; other
/// messages stay, in order. `None` once `timeout` has passed. The
/// [`receive!`](../macro.receive.html) macro of the facade writes the matcher
/// for you.
///
/// `matcher` is offered every message, in place in the process's private
/// queue, which the receive takes out of the process's state while the
/// matcher runs (two lock round trips per receive, none per message): to
/// receive one type, [`receive_type`] and [`receive_of`] are the faster typed
/// forms.
///
/// The matcher must leave a message it rejects as it found it; it may take
/// one out with `std::mem::replace(msg, Box::new(()))` and put it back;
/// [`messages::take`] takes out a `T` and leaves
/// anything else.
///
/// Each receive is its own waiter: any number of them (and of task awaits)
/// can be pending at once in one process, through `select!`, `join!` or
/// `FuturesUnordered`, and a receive made in a process may be polled from
/// another tokio task. The matcher runs with no runtime lock held: it may
/// call anything (`alive`, `message_queue_len`, `send`, to itself too: that
/// message is offered in the same receive, after the others). Meanwhile
/// `message_queue_len` counts every message; `process::info` from another
/// process lists none of them (the queue is out with the matcher) but counts
/// them; code the matcher itself calls about its own process (a nested
/// receive, `info`) finds them away at first and, if the matcher then
/// declines the message, runs once more with every message but that one in
/// reach, so a matcher may run twice on one message.
///
/// # Panics
/// Outside any process.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// process::send(me, "b");
/// process::send(me, 7_i32);
/// let n = process::receive_with(|m| m.downcast_ref::<i32>().copied(), Timeout::Ms(0)).await;
/// assert_eq!(n, Some(7)); // "b" was skipped and is still there
/// let s = process::receive_with(|m| m.downcast_ref::<&str>().copied(), Timeout::Ms(0)).await;
/// assert_eq!(s, Some("b"));
/// # }).await.unwrap();
/// # }
/// ```
pub fn receive_with<R, M>(matcher: M, timeout: Timeout) -> Receive<M>
where
    M: FnMut(&mut Message) -> Option<R>,
{
    Receive::new(require_current("receive"), matcher, timeout)
}

/// Receives the first message of type `T` (`receive do %T{} = m -> m end`):
/// the typed plain-Rust form, as fast as `receive!` with one guard-free arm.
/// Messages of other types stay in their slots, and the scan that finds
/// the first `T` takes it under one lock; `None` after `timeout`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// process::send(me, "skipped");
/// process::send(me, 7_u32);
/// assert_eq!(process::receive_type::<u32>(Timeout::Ms(0)).await, Some(7));
/// assert_eq!(process::message_queue_len(), 1); // the &str is still there
/// # }).await.unwrap();
/// # }
/// ```
pub fn receive_type<T: Send + 'static>(
    timeout: Timeout,
) -> Receive<impl FnMut(&mut Message) -> Option<T>, impl MessageTypes> {
    receive_typed(
        |id| id == std::any::TypeId::of::<T>(),
        |m: &Message| {
            if (**m).is::<T>() {
                Peek::Take
            } else {
                Peek::No
            }
        },
        messages::take::<T>,
        timeout,
    )
}

/// Receives the first message of type `T` that `guard` accepts
/// (`receive do m when guard(m) -> m end`): the typed plain-Rust form of a
/// guarded receive. Only messages of type `T` are offered to `guard`, which
/// runs with no lock held (it may call any runtime function); the others
/// stay in their slots untouched. `None` after `timeout`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// for n in [1_u32, 5, 9] {
///     process::send(me, n);
/// }
/// assert_eq!(process::receive_of(|n: &u32| *n > 3, Timeout::Ms(0)).await, Some(5));
/// assert_eq!(process::receive_of(|n: &u32| *n > 10, Timeout::Ms(0)).await, None);
/// # }).await.unwrap();
/// # }
/// ```
pub fn receive_of<T: Send + 'static>(
    mut guard: impl FnMut(&T) -> bool,
    timeout: Timeout,
) -> Receive<impl FnMut(&mut Message) -> Option<T>, impl MessageTypes> {
    receive_typed(
        |id| id == std::any::TypeId::of::<T>(),
        // A guard decides: outside the lock, on the in-place scan.
        |m: &Message| {
            if (**m).is::<T>() {
                Peek::Look
            } else {
                Peek::No
            }
        },
        move |m: &mut Message| {
            if m.downcast_ref::<T>().is_some_and(&mut guard) {
                messages::take::<T>(m)
            } else {
                None
            }
        },
        timeout,
    )
}

/// `receive!`'s receive: [`receive_with`], offered only the messages whose
/// type `types` accepts (the arms' types, as `TypeId`s). The check runs
/// before the matcher is called, so a receive that passes over messages no
/// arm could take runs no user code for them. `types` must only compare `TypeId`s (the
/// expansion's closure does). Not public API.
///
/// `peek` is each arm's pattern matched in place, its bindings made `_`
/// (nothing moved, no user code run), also asked under the lock: a message
/// whose first matching arm has no guard is taken out of the mailbox in the
/// same critical section as the scan, so such a receive takes the lock once.
#[doc(hidden)]
pub fn receive_typed<R, M, F, P>(
    types: F,
    peek: P,
    matcher: M,
    timeout: Timeout,
) -> Receive<M, OnlyTypes<F, P>>
where
    M: FnMut(&mut Message) -> Option<R>,
    F: Fn(std::any::TypeId) -> bool,
    P: Fn(&Message) -> Peek,
{
    Receive::new(require_current("receive"), matcher, timeout).only_types(types, peek)
}

/// Links the current process to `pid` (`Process.link/1`); returns `true`.
///
/// If `pid` is not alive: a process trapping exits gets the message
/// `{:EXIT, pid, :noproc}`; any other process exits with `{:noproc, []}`
/// (Erlang's error with an empty stacktrace), so the returned future then
/// never completes.
///
/// # Panics
/// Outside any process.
pub async fn link(pid: Pid) -> bool {
    let me = require_current("Process.link");
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        crate::dist::link(me.pid, pid);
        return true;
    }
    signals::link_or_noproc(&me, pid).await;
    true
}

/// Removes the link between the current process and `pid`
/// (`Process.unlink/1`); always `true`.
///
/// # Panics
/// Outside any process.
pub fn unlink(pid: Pid) -> bool {
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        crate::dist::unlink(require_current("Process.unlink").pid, pid);
        return true;
    }
    require_current("Process.unlink").unlink(pid);
    true
}

/// Monitors `pid` (`Process.monitor/1`): one `{:DOWN, ref, :process, pid,
/// reason}` ([`Down`](crate::messages::Down)) arrives when it ends, or at
/// once with `:noproc` if it is not alive.
///
/// # Panics
/// Outside any process.
pub fn monitor(pid: Pid) -> Ref {
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        return crate::dist::monitor(pid);
    }
    let r#ref = make_ref();
    require_current("Process.monitor").monitor(pid, r#ref);
    r#ref
}

/// Removes a monitor (`Process.demonitor/1`); always `true`.
pub fn demonitor(r#ref: Ref) -> bool {
    if let Some(me) = current() {
        // A ref the process does not hold may be a remote monitor's.
        #[cfg(feature = "dist")]
        if !me.demonitor(r#ref, false) {
            crate::dist::demonitor(r#ref);
        }
        #[cfg(not(feature = "dist"))]
        me.demonitor(r#ref, false);
    }
    true
}

/// `Process.demonitor(ref, [:flush])`: also removes its `:DOWN` if already
/// in the mailbox; always `true`. As on the BEAM, a monitor that was still
/// active flushes nothing (a `Down` sent with [`send`] stays), and one that
/// had fired removes the oldest `Down` with this ref, hand-sent or its own.
pub fn demonitor_flush(r#ref: Ref) -> bool {
    if let Some(me) = current() {
        me.demonitor_flush_from(r#ref, 0);
    }
    true
}

/// `Process.demonitor(ref, [:info])`: `true` if the monitor was still active.
pub fn demonitor_info(r#ref: Ref) -> bool {
    current().is_some_and(|me| me.demonitor(r#ref, false))
}

/// Sends the exit signal `reason` to `pid` (`Process.exit/2`); always `true`.
///
/// | target                 | `:normal`           | `:kill`            | other `r`           |
/// |------------------------|---------------------|--------------------|---------------------|
/// | another, not trapping  | ignored             | dies with `:killed`| dies with `r`       |
/// | another, trapping      | `{:EXIT, from, :normal}` | dies `:killed`| `{:EXIT, from, r}`  |
/// | itself, not trapping   | dies with `:normal` | dies `:killed`     | dies with `r`       |
///
/// The sender is the current process, or [`Pid::OUTSIDE`] outside any.
/// A process that signals itself ends at its next await point.
pub fn exit(pid: Pid, reason: ExitReason) -> bool {
    let from = current_pid().unwrap_or(Pid::OUTSIDE);
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        crate::dist::exit(from, pid, &reason);
        return true;
    }
    signals::send_exit(from, pid, reason);
    true
}

/// Sets whether the current process traps exits (`Process.flag(:trap_exit,
/// b)`); returns the previous value.
///
/// # Panics
/// Outside any process.
pub fn trap_exit(trap: bool) -> bool {
    require_current("Process.flag(:trap_exit, _)").set_trap_exit(trap)
}

/// `$callers` of the current process: the processes that started it, most
/// recent first (empty outside any process, and for a process started from
/// outside any).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// let t = task::async_task(async { process::callers() });
/// assert_eq!(task::await_task(t, Timeout::DEFAULT).await, vec![me]);
/// # }).await.unwrap();
/// # }
/// ```
pub fn callers() -> Vec<Pid> {
    current().map_or_else(Vec::new, |me| me.callers.to_vec())
}

/// `true` while `pid` runs (`Process.alive?/1`).
pub fn alive(pid: Pid) -> bool {
    registry::get(pid).is_some_and(|p| p.is_alive())
}

/// Sleeps (`Process.sleep/1`): milliseconds (any integer type) or
/// [`Timeout::Infinity`]. Messages stay in the mailbox. A negative time makes
/// the current process exit as Elixir's does, with `** (FunctionClauseError)
/// no function clause matching in Process.sleep/1`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::process;
/// process::sleep(1).await; // an `i32` literal
/// let ms: usize = 1;
/// process::sleep(ms).await;
/// # }
/// ```
pub async fn sleep(time: impl IntoTimeout) {
    match checked_timeout(time, "Process.sleep/1").await.as_duration() {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

/// `value` as a [`Timeout`] for Elixir's `function` (`"Task.await/2"`), or,
/// when it is negative, the current process exits with the error Elixir's
/// guard raises, `** (FunctionClauseError) no function clause matching in
/// Task.await/2`, and the future never completes. Outside any process it
/// panics with that text. `task!` checks its timeouts with it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{ExitReason, Timeout, process};
/// assert_eq!(process::checked_timeout(5_i32, "Task.await/2").await, Timeout::Ms(5));
/// # task_runtime::root::spawn_root(async {
/// let (pid, r) = process::spawn_monitor(async {
///     process::checked_timeout(-1, "Task.await/2").await;
///     unreachable!("a negative timeout does not return");
/// });
/// let down = process::receive_with(
///     |m| task_runtime::messages::take::<task_runtime::messages::Down>(m),
///     Timeout::Infinity,
/// ).await.unwrap();
/// assert_eq!((down.pid, down.r#ref), (pid, r));
/// assert_eq!(down.reason, ExitReason::function_clause("Task.await/2"));
/// # }).await.unwrap();
/// # }
/// ```
pub async fn checked_timeout(value: impl IntoTimeout, function: &'static str) -> Timeout {
    match value.into_timeout() {
        Ok(timeout) => timeout,
        Err(_) => raise(ExitReason::function_clause(function)).await,
    }
}

/// `receive!`'s `after` value: a negative one makes the current process exit
/// as Erlang's `receive` does, with `** (ErlangError) Erlang error:
/// :timeout_value`.
#[doc(hidden)]
pub async fn checked_receive_after(value: impl IntoTimeout) -> Timeout {
    match value.into_timeout() {
        Ok(timeout) => timeout,
        Err(_) => raise(ExitReason::erlang_error("timeout_value")).await,
    }
}

/// [`checked_timeout`] where the caller cannot wait (a builder, a stream
/// made but not yet run): a negative value marks the current process to exit
/// with the `FunctionClauseError` at its next suspension, and `:infinity`
/// stands in until then, so no wait with it can complete first.
#[doc(hidden)]
pub fn checked_timeout_now(value: impl IntoTimeout, function: &'static str) -> Timeout {
    match value.into_timeout() {
        Ok(timeout) => timeout,
        Err(_) => {
            let _exiting = exit_current(ExitReason::function_clause(function));
            Timeout::Infinity
        }
    }
}

/// The current process's mailbox length (`Process.info(self(),
/// :message_queue_len)`); 0 outside any process.
pub fn message_queue_len() -> usize {
    current().map_or(0, |me| me.state.lock().mailbox.len())
}

/// The current process exits with `reason` (Kernel's `exit/1`): its links and
/// monitors are told, and the returned future never completes.
///
/// # Panics
/// Outside any process, with Elixir's text of the exit.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{ExitReason, process};
/// let out = task_runtime::root::spawn_root(async {
///     process::exit_self(ExitReason::atom("bad")).await;
/// }).await;
/// assert_eq!(out.unwrap_err(), ExitReason::atom("bad"));
/// # }
/// ```
pub fn exit_self(reason: ExitReason) -> impl Future<Output = std::convert::Infallible> {
    exit_current(reason)
}
