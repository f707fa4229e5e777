//! Matchers for the messages a task sends its owner, shared by the `Task`
//! functions: the reply `(ref, value)` and the `:DOWN` of the task's monitor.

use crate::messages::Down;
use crate::runtime::proc::{Message, Proc};
use crate::runtime::registry;
use crate::runtime::spawn::{current, exit_current};
use crate::{ExitReason, Pid, Ref, Timeout};
use std::sync::Arc;
use tokio::time::Instant;

/// What a task's monitor reported first.
pub(crate) enum Outcome<T> {
    /// `{ref, value}`: the task replied.
    Reply(T),
    /// `{:DOWN, ref, :process, pid, reason}`: it ended without replying.
    Down(ExitReason),
}

/// Takes the reply `(r, value)` out of the mailbox slot, if it is one.
pub(crate) fn take_reply<T: Send + 'static>(msg: &mut Message, r: Ref) -> Option<T> {
    if msg
        .downcast_ref::<(Ref, T)>()
        .is_none_or(|(tag, _)| *tag != r)
    {
        return None;
    }
    let taken = std::mem::replace(msg, Box::new(()));
    taken.downcast::<(Ref, T)>().ok().map(|pair| pair.1)
}

/// The reason of the `:DOWN` of monitor `r`, if the slot holds it.
pub(crate) fn down_reason(msg: &Message, r: Ref) -> Option<ExitReason> {
    msg.downcast_ref::<Down>()
        .filter(|down| down.r#ref == r)
        .map(|down| down.reason.clone())
}

/// Matches the reply of the task whose monitor is `r`, or its `:DOWN`.
pub(crate) fn reply_or_down<T: Send + 'static>(
    r: Ref,
) -> impl FnMut(&mut Message) -> Option<Outcome<T>> {
    move |msg| match take_reply(msg, r) {
        Some(value) => Some(Outcome::Reply(value)),
        None => down_reason(msg, r).map(Outcome::Down),
    }
}

/// Matches only the reply of the task whose monitor is `r`.
pub(crate) fn reply<T: Send + 'static>(r: Ref) -> impl FnMut(&mut Message) -> Option<T> {
    move |msg| take_reply(msg, r)
}

/// Matches only the `:DOWN` of monitor `r`.
pub(crate) fn down(r: Ref) -> impl FnMut(&mut Message) -> Option<ExitReason> {
    move |msg| down_reason(msg, r)
}

/// The wait left until `deadline` (`None`: forever), rounded up to whole
/// milliseconds so that a wait never ends before its deadline.
pub(crate) fn until(deadline: Option<Instant>) -> Timeout {
    match deadline {
        None => Timeout::Infinity,
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            let ms = left.as_micros().div_ceil(1000);
            Timeout::Ms(u64::try_from(ms).unwrap_or(u64::MAX))
        }
    }
}

/// The deadline of a wait of `timeout` starting now.
pub(crate) fn deadline(timeout: Timeout) -> Option<Instant> {
    timeout.as_duration().map(|d| Instant::now() + d)
}

/// Makes the current process exit with `reason` (Elixir's `raise`/`exit`
/// in the caller). Outside any process it panics with Elixir's text.
pub(crate) async fn raise<T>(reason: ExitReason) -> T {
    match exit_current(reason).await {}
}

/// A registered process with no code of its own, trapping exits: the owner
/// of tasks and streams made outside any process.
pub(crate) fn stand_in() -> Arc<Proc> {
    let state = crate::runtime::proc::State {
        trap_exit: true,
        ..crate::runtime::proc::State::default()
    };
    let proc = Arc::new(Proc::new(Pid::next(), Default::default(), state));
    registry::insert(Arc::clone(&proc));
    proc
}

/// The current process, or a new stand-in owner outside any process (also
/// returned second, so that its holder can end it).
pub(crate) fn current_or_stand_in() -> (Arc<Proc>, Option<Arc<Proc>>) {
    match current() {
        Some(me) => (me, None),
        None => {
            let proc = stand_in();
            (Arc::clone(&proc), Some(proc))
        }
    }
}
