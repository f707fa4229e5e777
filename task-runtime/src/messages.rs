//! The messages the runtime itself puts in a mailbox.

use crate::inspect::{Doc, Inspect, impl_debug_via_inspect};
use crate::{ExitReason, Pid, Ref};
use std::any::Any;

/// A message in a mailbox: any `Send` value. Receive matchers see each one
/// as `&mut Message` and downcast it.
pub type Message = Box<dyn Any + Send>;

/// Takes the value out of a mailbox slot if it is a `T`, leaving `()` in
/// its place (what a receive matcher does with the message it accepts);
/// any other message is left as it was.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{Timeout, messages, process};
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// process::send(me, 7_i32);
/// process::send(me, String::from("hi"));
/// let s = process::receive_with(messages::take::<String>, Timeout::Ms(0)).await;
/// assert_eq!(s.as_deref(), Some("hi")); // 7 was skipped and is still there
/// # }).await.unwrap();
/// # }
/// ```
#[inline]
pub fn take<T: Any>(msg: &mut Message) -> Option<T> {
    // One downcast, which moves the box: put back whatever is not a `T`.
    match std::mem::replace(msg, Box::new(())).downcast::<T>() {
        Ok(value) => Some(*value),
        Err(other) => {
            *msg = other;
            None
        }
    }
}

/// What `receive!`'s matcher runs its guards through, so that a panicking
/// guard loses no message.
///
/// A guard sees the pattern's bindings by value, so the message is out of
/// its slot (moved into the pattern) while the guard runs; a panic unwinding
/// from there would drop it. `check` catches the guard's panic and answers
/// "no match", the expansion puts the message back in its slot as for any
/// miss, and `rethrow` then resumes the panic, which reaches the caller as
/// if the guard had not been caught (the panic hook already ran, once).
/// Not public API.
#[doc(hidden)]
#[derive(Default)]
pub struct Guards {
    panic: Option<Box<dyn Any + Send>>,
}

impl std::fmt::Debug for Guards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guards")
            .field("panicked", &self.panic.is_some())
            .finish()
    }
}

impl Guards {
    /// No guard has panicked yet. (Inherent, so the expansion needs no
    /// prelude.)
    #[inline]
    pub const fn new() -> Guards {
        Guards { panic: None }
    }

    /// Runs `guard`; a panic is kept for [`Guards::rethrow`] and counts as
    /// `false`.
    #[inline]
    pub fn check(&mut self, guard: impl FnOnce() -> bool) -> bool {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(guard)) {
            Ok(passed) => passed,
            Err(panic) => {
                self.panic = Some(panic);
                false
            }
        }
    }

    /// Resumes a panic [`Guards::check`] caught, once the message is back
    /// in its slot.
    #[inline]
    pub fn rethrow(&mut self) {
        if let Some(panic) = self.panic.take() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// `{:EXIT, from, reason}`: an exit signal, received as a message by a
/// process that traps exits.
///
/// ```
/// use task_runtime::{ExitReason, messages::Exit, process};
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// # task_runtime::root::spawn_root(async {
/// process::trap_exit(true);
/// let pid = process::spawn_link(async {});
/// let exit = process::receive_with(
///     |m| m.downcast_ref::<Exit>().cloned(),
///     task_runtime::Timeout::Infinity,
/// ).await.unwrap();
/// assert_eq!(exit, Exit { from: pid, reason: ExitReason::Normal });
/// # }).await.unwrap();
/// # }
/// ```
#[derive(Clone, PartialEq)]
pub struct Exit {
    /// The process the signal came from.
    pub from: Pid,
    /// Its exit reason.
    pub reason: ExitReason,
}

/// `{:DOWN, ref, :process, pid, reason}`: a monitored process ended.
#[derive(Clone, PartialEq)]
pub struct Down {
    /// The monitor reference.
    pub r#ref: Ref,
    /// The process that ended.
    pub pid: Pid,
    /// Its exit reason (`:noproc` if it was not alive when monitored).
    pub reason: ExitReason,
}

impl Inspect for Exit {
    fn to_doc(&self) -> Doc {
        let items = vec![Doc::text(":EXIT"), self.from.to_doc(), self.reason.to_doc()];
        Doc::container("{", items, "}", false)
    }
}

impl Inspect for Down {
    fn to_doc(&self) -> Doc {
        let items = vec![
            Doc::text(":DOWN"),
            self.r#ref.to_doc(),
            Doc::text(":process"),
            self.pid.to_doc(),
            self.reason.to_doc(),
        ];
        Doc::container("{", items, "}", false)
    }
}

impl_debug_via_inspect!(Exit, Down);
