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
//! so positions are found by a direct guess or a binary search and a waiting
//! receive remembers where it stopped scanning (Erlang's receive marker). The
//! ring gives its memory back once it is mostly empty, so a burst does not
//! stay allocated.
//!
//! **The private queue and the in-queue** (the BEAM's split since OTP 25).
//! The ring is the process's *private queue*. A user's matcher runs with no
//! lock held (issue 14's rule) over it *in place*: the scan takes the whole
//! ring out of the state in one move (`detach`, `private.rs`), leaving an
//! empty ring behind, the *in-queue*, which senders push to meanwhile under
//! the usual short lock; when the scan is done the ring goes back with the
//! message it took removed and the in-queue spliced behind it (`reattach`:
//! one `append`, nothing when no message came). Nothing is moved out of its
//! slot, no placeholder is written and no lock is held while user code runs.
//! While the ring is out (**away**), the rule for everybody else:
//!
//! - `len` (`message_queue_len`) counts every message, the part that is out
//!   included;
//! - a reader (`Process.info(pid, :messages)`) takes the ring out the same
//!   way to describe it; finding it away, it lists none of it (its count
//!   still says how many there are);
//! - a wait (another receive, a task await polled from another tokio task)
//!   finds nothing, keeps its marker, registers, and is woken when the ring
//!   comes back (`missed`);
//! - code the matcher itself calls (a guard's nested receive, `Process.info`
//!   of its own process) finds it away too, and is given a second chance
//!   with the ring parked where it can reach it (`nested.rs`);
//! - a flush (`demonitor(ref, [:flush])`, a dropped await's reply,
//!   `take_where`) is deferred and done when the ring comes back, limited to
//!   the messages that had come when it was asked for.
//!
//! The process's own task never meets the ring away (its waits run one at a
//! time), so it pays none of this: only waits polled from other tokio tasks,
//! readers from other processes and code called from inside a matcher do.
//!
//! Here: the types and the mailbox's small entry points. The ring's own
//! upkeep is in `ring.rs`, the runtime's matchers under the lock (and the
//! tagged index they use) in `scan.rs`, the private queue's detach and
//! reattach, `receive!`'s in-place peek and the deferred flushes in
//! `private.rs`, the lone message lent to a matcher out of its slot (the
//! usual receive's cheaper away, no detach) in `lent.rs`, the in-place scan
//! and the parked queue for code a matcher calls in `nested.rs`.
//!
//! The queue also keeps one spare receive timer (`receive/`): a second job,
//! kept here because the queue is the box a process gets with its first
//! message (or its first wait), so an idle process carries neither.

use crate::messages::Down;
use crate::messages::Message;
use crate::runtime::receive::Peek;
use crate::runtime::receive_timer::ReceiveTimer;
use crate::runtime::waiters::{Interest, RefTag, WaiterId, Waiters, Wakeups};
use crate::{ExitReason, Pid, Ref};
use std::any::TypeId;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::task::Waker;

mod index;
mod lent;
mod nested;
mod private;
mod ring;

pub(crate) use lent::Lend;
pub(crate) use nested::{clear_missed, missed, missed_by, put_parked, take_parked};
pub(crate) use private::Detached;
use private::{Deferred, Op};
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
    tagged: index::TagIndex,
    /// The private queue is out with a scan or a reader (`private.rs`):
    /// `slots` is the in-queue meanwhile, and no look-up may use it.
    away: bool,
    /// Somebody found the ring away: every wait is woken when it comes back.
    missed: bool,
    /// Flushes asked for while the ring was away, done when it comes back.
    deferred: Vec<Deferred>,
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

/// A `:DOWN`'s slot: a `:normal` one is kept as just the pid (module docs).
fn down_body(r#ref: Ref, pid: Pid, reason: &ExitReason) -> Body {
    match reason {
        ExitReason::Normal => Body::NormalDown(pid),
        reason => Body::Message(Box::new(Down {
            r#ref,
            pid,
            reason: reason.clone(),
        })),
    }
}

impl Queue {
    /// [`Mailbox::push_reply_and_down`]: what two `Queue::push`es (`ring.rs`)
    /// of the reply and the `:DOWN` do, with one look-up of the index and
    /// one look at the waits. The reply wakes every wait the `:DOWN` would:
    /// the receives (all taken out by the reply) and the wait on `r#ref`
    /// (taken out by the reply too); a wait on another ref is woken by
    /// neither. Keep it in step with `Queue::push`.
    fn push_pair(&mut self, r#ref: Ref, reply: Message, down: impl FnOnce() -> Body) -> Wakeups {
        let seq = self.next_seq;
        self.next_seq += 2;
        let tagged = self.tagged.entry(r#ref).or_default();
        tagged.reply = Some(seq);
        tagged.down = Some(seq + 1);
        // Both made in their places (`ring::push_in_place`), the reply
        // looked at there.
        let mut wakeups = Wakeups::default();
        let slot = ring::push_in_place(&mut self.slots, seq, Tag::Reply(r#ref), || {
            Body::Message(reply)
        });
        if let Body::Message(reply) = &slot.body {
            self.waiters
                .on_message(RefTag::Of(r#ref), Some(reply), &mut wakeups);
        }
        ring::push_in_place(&mut self.slots, seq + 1, Tag::Down(r#ref), down);
        self.live += 2;
        wakeups
    }
}

#[derive(Clone, Copy, Default)]
struct Tagged {
    reply: Option<u64>,
    down: Option<u64>,
}

impl Tagged {
    /// Clears the entry of the message with sequence number `seq` (the
    /// reply's or the `:DOWN`'s); `true` if the ref has none left.
    #[inline]
    fn clear(&mut self, seq: u64) -> bool {
        if self.reply == Some(seq) {
            self.reply = None;
        } else if self.down == Some(seq) {
            self.down = None;
        }
        self.reply.is_none() && self.down.is_none()
    }

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
    /// The queue, if the private queue is here (not away with a scan or a
    /// reader: that marks a miss, and its return wakes the waits).
    fn here(&mut self) -> Option<&mut Queue> {
        match self.0.as_deref_mut() {
            Some(q) if !q.away => Some(q),
            Some(q) => {
                q.missed = true;
                None
            }
            None => None,
        }
    }

    #[inline]
    fn queue(&mut self) -> &mut Queue {
        self.0.get_or_insert_with(Box::default)
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |q| q.live)
    }

    /// Queues `msg`; returns the wakers of the waits it may be for.
    #[inline]
    pub(crate) fn push(&mut self, msg: Message, tag: Tag) -> Wakeups {
        let mut wakeups = Wakeups::default();
        self.push_to(msg, tag, &mut wakeups);
        wakeups
    }

    /// [`Mailbox::push`] adding the wakers to the caller's `wakeups`.
    #[inline]
    pub(crate) fn push_to(&mut self, msg: Message, tag: Tag, wakeups: &mut Wakeups) {
        self.queue().push_to(|| Body::Message(msg), tag, wakeups);
    }

    /// Queues `{:DOWN, ref, :process, pid, reason}` for the monitor `ref`.
    pub(crate) fn push_down(&mut self, r#ref: Ref, pid: Pid, reason: &ExitReason) -> Wakeups {
        self.queue()
            .push(down_body(r#ref, pid, reason), Tag::Down(r#ref))
    }

    /// A task's reply `msg` tagged `r#ref` and right behind it the `:DOWN`
    /// of the monitor `r#ref`: [`Mailbox::push`] then
    /// [`Mailbox::push_down`], in one operation (every task's end).
    pub(crate) fn push_reply_and_down(
        &mut self,
        r#ref: Ref,
        msg: Message,
        pid: Pid,
        reason: &ExitReason,
    ) -> Wakeups {
        // The `:DOWN` made in its slot (`ring::push_in_place`).
        self.queue()
            .push_pair(r#ref, msg, || down_body(r#ref, pid, reason))
    }

    /// The sequence number the next message will get: a receive that has
    /// scanned everything up to here need not look at those messages again.
    #[inline]
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
