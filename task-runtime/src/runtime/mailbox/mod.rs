//! A process's mailbox: messages in arrival order, with O(1) look-up of the
//! two messages a task await waits for (`{ref, reply}` and the `:DOWN` of
//! `ref`), so that awaiting thousands of tasks never rescans the mailbox;
//! and the waits pending on it (`waiters.rs`).
//!
//! A `:DOWN` with reason `:normal` is queued as just the pid it names and
//! made into a message only if a receive looks at it: almost every one is
//! the `:DOWN` of a task whose reply was just taken, flushed unread by the
//! same `Task.await`.
//!
//! Removal leaves a hole that is trimmed from the front or compacted once
//! holes outnumber messages; every message keeps its arrival sequence number,
//! so positions are found by binary search and a waiting receive remembers
//! where it stopped scanning (Erlang's receive marker). The ring gives its
//! memory back once it is mostly empty, so a burst does not stay allocated.
//!
//! A receive with a user's matcher takes the message it looks at **out** of
//! its slot, which stays as an `Inspecting` placeholder (still counted by
//! `len`), so that the matcher runs with no lock held; the message goes back
//! into the same place if it is not taken (`receive/`).
//!
//! Here: the types and the mailbox's small entry points. The ring's own
//! upkeep is in `ring.rs`, the runtime's matchers under the lock (and the
//! tagged index they use) in `scan.rs`, a user's matcher's take-out, peek and
//! put-back in `inspect.rs`.
//!
//! The queue also keeps one spare receive timer (`receive/`): a second job,
//! kept here because the queue is the box a process gets with its first
//! message (or its first wait), so an idle process carries neither.

use crate::messages::Down;
use crate::messages::Message;
use crate::runtime::receive::Peek;
use crate::runtime::receive_timer::ReceiveTimer;
use crate::runtime::seq_hash::SeqMap;
use crate::runtime::waiters::{Interest, RefTag, WaiterId, Waiters, Wakeups};
use crate::{ExitReason, Pid, Ref};
use smallvec::SmallVec;
use std::any::TypeId;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::Waker;

mod inspect;
mod ring;
mod scan;
#[cfg(test)]
mod tests;

/// What a message is to the runtime's own look-ups.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Tag {
    /// A user message.
    Plain,
    /// A task reply `(ref, value)`.
    Reply(Ref),
    /// A `:DOWN` for the monitor `ref`.
    Down(Ref),
    /// An `{:EXIT, pid, reason}` the runtime made: no task wait takes it,
    /// so those waits need not scan it.
    Exit,
}

struct Slot {
    seq: u64,
    tag: Tag,
    body: Body,
}

enum Body {
    /// Taken out: a hole until trimmed or compacted.
    Hole,
    Message(Message),
    /// `{:DOWN, ref, :process, pid, :normal}` (the ref is in the tag), not
    /// yet made into a message.
    NormalDown(Pid),
    /// Out with a matcher that runs with no lock held; comes back or goes.
    /// `seen`: another wait passed it by, and is woken when it comes back.
    Inspecting {
        seen: bool,
    },
}

/// Empty until the first message or wait: most processes never receive one
/// (a task only sends its reply), and an idle process should not carry a
/// queue.
#[derive(Default)]
pub(crate) struct Mailbox(Option<Box<Queue>>);

#[derive(Default)]
struct Queue {
    slots: VecDeque<Slot>,
    next_seq: u64,
    live: usize,
    /// One past the sequence number of the last plain message: a task wait
    /// that has looked at the plain messages up to here has none to scan.
    plain_end: u64,
    /// By ref: the sequence numbers of its reply and of its `:DOWN`.
    tagged: SeqMap<Ref, Tagged>,
    waiters: Waiters,
    /// The timer of the last receive with a timeout, kept for the next one:
    /// taking it over costs no allocation and no wake-up of a parked worker
    /// (the timer driver already wakes before the new deadline), where a new
    /// timer each `Task.await` cost both; see [`ReceiveTimer`].
    spare_timer: Option<Pin<Box<ReceiveTimer>>>,
}

impl Drop for Queue {
    /// A process's mailbox goes when it ends: its waits are woken to find
    /// it dead (one polled from another tokio task must not sleep forever).
    fn drop(&mut self) {
        let mut wakeups = Wakeups::default();
        self.waiters.take_all(&mut wakeups);
        wakeups.wake();
    }
}

#[derive(Clone, Copy, Default)]
struct Tagged {
    reply: Option<u64>,
    down: Option<u64>,
}

impl Tagged {
    fn slot(&mut self, tag: Tag) -> Option<&mut Option<u64>> {
        match tag {
            Tag::Plain | Tag::Exit => None,
            Tag::Reply(_) => Some(&mut self.reply),
            Tag::Down(_) => Some(&mut self.down),
        }
    }
}

impl Tag {
    fn r#ref(self) -> Option<Ref> {
        match self {
            Tag::Plain | Tag::Exit => None,
            Tag::Reply(r) | Tag::Down(r) => Some(r),
        }
    }

    fn waiters(self) -> RefTag {
        match self {
            Tag::Plain => RefTag::Plain,
            Tag::Exit => RefTag::None,
            Tag::Reply(r) | Tag::Down(r) => RefTag::Of(r),
        }
    }
}

/// How many messages a user's matcher looks at per lock round trip: enough
/// that skipping a long queue costs a few of them, few enough for the stack.
pub(crate) const BATCH: usize = 32;

/// Messages out of their slots for a user's matcher, with their sequence
/// numbers. Inline and filled from the front: a receive that looks at one
/// message initialises and drops one entry, not `BATCH` (which cost a fixed
/// array a third of a `ping_pong` round trip).
pub(crate) type Batch = SmallVec<[(u64, Message); BATCH]>;

/// The message types a user's matcher can take, asked under the lock (only
/// `TypeId`s are compared there, no user code runs).
#[derive(Clone, Copy)]
pub(crate) enum Types<'a> {
    /// Any (`receive_with`: its closure may take anything).
    All,
    /// Those of `receive!`'s arms.
    Only(&'a dyn Fn(TypeId) -> bool),
}

/// What [`Mailbox::take_peeked`] found.
pub(crate) enum Peeked {
    /// A message a guard-free arm takes, removed, with its sequence number
    /// and tag.
    Taken(u64, Tag, Message),
    /// One a guard must decide on: `from` is left on it.
    Look,
    /// None from `from` on that any arm can take.
    Nothing,
}

/// What a scan found: the matcher's result and what is left of the
/// message (for the caller to drop outside any lock: a user value's drop
/// may do anything).
pub(crate) type Found<R> = Option<(R, Message)>;

impl Mailbox {
    fn queue(&mut self) -> &mut Queue {
        self.0.get_or_insert_with(Box::default)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |q| q.live)
    }

    /// Queues `msg`; returns the wakers of the waits it may be for.
    pub(crate) fn push(&mut self, msg: Message, tag: Tag) -> Wakeups {
        self.queue().push(Body::Message(msg), tag)
    }

    /// Queues `{:DOWN, ref, :process, pid, reason}` for the monitor `ref`.
    pub(crate) fn push_down(&mut self, r#ref: Ref, pid: Pid, reason: &ExitReason) -> Wakeups {
        let body = match reason {
            ExitReason::Normal => Body::NormalDown(pid),
            reason => Body::Message(Box::new(Down {
                r#ref,
                pid,
                reason: reason.clone(),
            })),
        };
        self.queue().push(body, Tag::Down(r#ref))
    }

    /// The sequence number the next message will get: a receive that has
    /// scanned everything up to here need not look at those messages again.
    pub(crate) fn end_seq(&self) -> u64 {
        self.0.as_ref().map_or(0, |q| q.next_seq)
    }

    /// Registers a pending wait's waker (see `waiters.rs`).
    pub(crate) fn register(
        &mut self,
        id: &mut Option<WaiterId>,
        interest: Interest,
        waker: &Waker,
    ) {
        self.queue().waiters.register(id, interest, waker);
    }

    /// Registers the waker of a wait kept by nobody, once per waker, until
    /// the next message.
    pub(crate) fn register_detached(&mut self, waker: &Waker) {
        self.queue().waiters.register_detached(waker);
    }

    /// Removes a wait's entry (it finished, or was dropped).
    pub(crate) fn unregister(&mut self, id: WaiterId, interest: Interest) {
        if let Some(q) = self.0.as_mut() {
            q.waiters.remove(id, interest);
        }
    }

    /// The timer a finished receive left, for the next one to re-arm.
    pub(crate) fn take_timer(&mut self) -> Option<Pin<Box<ReceiveTimer>>> {
        self.0.as_mut()?.spare_timer.take()
    }

    /// Keeps a receive's timer for the next receive; hands it back if one is
    /// kept already (for the caller to drop outside any lock).
    pub(crate) fn keep_timer(
        &mut self,
        timer: Pin<Box<ReceiveTimer>>,
    ) -> Option<Pin<Box<ReceiveTimer>>> {
        let spare = &mut self.queue().spare_timer;
        match spare {
            Some(_) => Some(timer),
            None => {
                *spare = Some(timer);
                None
            }
        }
    }

    /// Empties the mailbox, returning everything for the caller to drop
    /// outside any lock (dropping it wakes the waits that are pending).
    pub(crate) fn take_all(&mut self) -> Mailbox {
        std::mem::take(self)
    }
}
