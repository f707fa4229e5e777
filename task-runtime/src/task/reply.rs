//! Matchers for the messages a task sends its owner, shared by the `Task`
//! functions: the reply `(ref, value)` and the `:DOWN` of the task's monitor.

use crate::messages::{self, Down, Message};
use crate::{ExitReason, Ref};

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
    messages::take::<(Ref, T)>(msg).map(|(_, value)| value)
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
