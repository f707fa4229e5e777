//! Selective receive: scan the mailbox oldest first, take the first message
//! the matcher accepts, leave the rest in order, wait for more otherwise.
//!
//! Every wait is its own waiter ([`Wait`], `waiters.rs`): a receive or a
//! task await registers its own waker when it is pending and removes it
//! when it finishes or is dropped, so any number of them can be polled at
//! once, from the process's tokio task or any other.
//!
//! **No user code under the lock.** A user's matcher (`receive!`'s patterns
//! and guards, `receive_with`) runs with no lock held, in place over the
//! private queue, which is out of the process's state meanwhile
//! (`mailbox/mod.rs` says what others see then): a guard may call anything
//! (`Process.alive?`, `message_queue_len`, `send`, to itself too) and a
//! panicking guard loses no message (the queue goes back whole). When the
//! receive has one message to look at (the usual: the one it was woken
//! for), that message alone is lent out of its slot, the queue away the
//! same way (`mailbox/lent.rs`). The
//! runtime's own matchers (task replies, `:DOWN`s, stream and supervisor
//! protocol messages) run inside the lock: they are ours, they only
//! downcast and move, and a task await stays one lock.
//!
//! Here: a wait's place ([`Wait`]), how its matcher runs, and the detached
//! poll of a stream. A wait's poll is in `wait.rs`, the [`Receive`] future
//! and the message types `receive!` passes in `future.rs`.

use crate::messages::{Down, Message};
use crate::runtime::current::{current_pid, is_own_task, register_own_waker};
use crate::runtime::mailbox::{self, Detached, Peeked, Types};
use crate::runtime::proc::{Demonitored, Proc, State};
use crate::runtime::receive_timer::ReceiveTimer;
use crate::runtime::waiters::{DETACHED, Interest, ReplyType, WaiterId, Wakeups};
use crate::{Ref, Timeout};
use pin_project_lite::pin_project;
use std::any::TypeId;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::time::Instant;

mod future;
mod wait;

pub use future::{AnyType, MessageTypes, OnlyTypes, Receive};

/// `Receive::timeout` for `:infinity` (a wait of `u64::MAX` ms is one too).
const INFINITY: u64 = u64::MAX;

/// `Receive::matching` for a user's matcher, and for the runtime's with no
/// monitor to remove (no mailbox reaches that many messages).
const USER_MATCHER: u64 = u64::MAX;
const RUNTIME_MATCHER: u64 = u64::MAX - 1;

fn timeout_of(ms: u64) -> Timeout {
    match ms {
        INFINITY => Timeout::Infinity,
        ms => Timeout::Ms(ms),
    }
}

/// A [`Wait`] with no entry among the waiters (ids count from 1 up; the
/// detached entries share 0).
const NO_ENTRY: WaiterId = WaiterId::MAX;

/// One wait's place in its process's mailbox: what it looks at, where it
/// stopped scanning, and its entry among the waiters. Dropping it removes
/// the entry.
pub(crate) struct Wait {
    pub(crate) proc: Arc<Proc>,
    interest: Interest,
    /// The plain messages before this sequence number were already offered
    /// (Erlang's receive marker; for a task wait, the messages that came
    /// before the task existed, which cannot hold its ref).
    scanned: u64,
    /// Its entry among the waiters, or [`NO_ENTRY`] (a bare `u64`: every
    /// byte of a pending wait is in every idle process).
    id: WaiterId,
}

/// How a matcher is run.
#[derive(Clone, Copy)]
pub(crate) enum Matcher<'a> {
    /// The runtime's own: under the lock.
    Runtime,
    /// A user's: with no lock held, under `catch_unwind`, offered only the
    /// messages of the types it can take.
    User {
        types: Types<'a>,
        /// `receive!`'s arms' patterns asked in place under the lock: a
        /// message a guard-free arm takes is removed at once.
        peek: Option<&'a dyn Fn(&Message) -> Peek>,
        /// The match needs no lock after it (no timer to keep): only then is
        /// a peeked message taken in the same critical section as the scan.
        quick: bool,
    },
}

/// What `receive!`'s patterns say of a message, asked under the mailbox lock
/// (they are matched in place with their bindings made `_`: nothing is moved
/// and no user code runs). Not public API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peek {
    /// No arm can take it.
    No,
    /// The first arm whose pattern matches has no guard: it takes it.
    Take,
    /// An arm with a guard matches first: its guard decides, outside the lock.
    Look,
}

/// The lock guard type `Proc::state` hands out.
mod parking_guard {
    #[cfg(not(feature = "shuttle"))]
    pub(crate) type Guard<'a> = parking_lot::MutexGuard<'a, crate::runtime::proc::State>;
    #[cfg(feature = "shuttle")]
    pub(crate) type Guard<'a> = shuttle::sync::MutexGuard<'a, crate::runtime::proc::State>;
}

/// Polls a receive of the runtime's once, for a caller that keeps no
/// receive between polls (a stream's `poll_next`). Its waker stays
/// registered after this returns `Pending` (one entry per distinct waker)
/// and is taken out by the next message, so the caller is woken by it.
pub(crate) fn poll_detached<R>(
    proc: &Arc<Proc>,
    matcher: impl FnMut(&mut Message) -> Option<R>,
    cx: &mut Context<'_>,
) -> Poll<R> {
    let mut wait = Wait {
        proc: Arc::clone(proc),
        interest: Interest::Any,
        scanned: 0,
        // Registered without an entry of its own, left when it is dropped.
        id: DETACHED,
    };
    wait.poll_take(cx, Matcher::Runtime, matcher, |_, _| None, |_| {})
}
