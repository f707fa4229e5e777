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
//! into the same place if it is not taken (`receive.rs`).
//!
//! The queue also keeps one spare receive timer (`receive.rs`): a second job,
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

impl Slot {
    fn is_hole(&self) -> bool {
        matches!(self.body, Body::Hole)
    }

    /// The message, made now if it is a `:DOWN` not yet made.
    #[inline]
    fn message(&mut self) -> Option<&mut Message> {
        match self.body {
            Body::Message(ref mut msg) => Some(msg),
            Body::Hole => None,
            Body::Inspecting { ref mut seen } => {
                *seen = true;
                None
            }
            Body::NormalDown(pid) => self.make_down(pid),
        }
    }

    #[cold]
    fn make_down(&mut self, pid: Pid) -> Option<&mut Message> {
        let Tag::Down(r#ref) = self.tag else {
            return None;
        };
        let down = Down {
            r#ref,
            pid,
            reason: ExitReason::Normal,
        };
        self.body = Body::Message(Box::new(down));
        match &mut self.body {
            Body::Message(msg) => Some(msg),
            _ => None,
        }
    }
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

impl Types<'_> {
    fn accepts(self, msg: &Message) -> bool {
        match self {
            Types::All => true,
            Types::Only(f) => f((**msg).type_id()),
        }
    }

    fn accepts_type(self, id: TypeId) -> bool {
        match self {
            Types::All => true,
            Types::Only(f) => f(id),
        }
    }
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

    /// Offers each message from sequence `*from` on to `matcher`, oldest
    /// first, under the lock (for the runtime's own matchers); removes the
    /// first one it accepts. `*from` moves past what was offered.
    pub(crate) fn take_first<R>(
        &mut self,
        from: &mut u64,
        matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        match self.0.as_mut() {
            Some(q) => q.take_first(from, matcher),
            None => None,
        }
    }

    /// Offers a task wait's candidates, oldest first, to `matcher`: the
    /// reply and the `:DOWN` tagged with `r#ref` (found without a scan), and
    /// the plain messages from `*plain_from` on (hand-sent replies and
    /// `:DOWN`s; scanned only if there are any).
    pub(crate) fn take_for_ref<R>(
        &mut self,
        r#ref: Ref,
        plain_from: &mut u64,
        matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        match self.0.as_mut() {
            Some(q) => q.take_for_ref(r#ref, plain_from, matcher),
            None => None,
        }
    }

    /// Takes out the first message from `*from` on, for a matcher to look
    /// at with no lock held: its slot waits for [`Mailbox::put_back`] or
    /// [`Mailbox::remove_inspected`]. `*from` moves past it.
    #[cfg(test)]
    pub(crate) fn inspect_next(&mut self, from: &mut u64) -> Option<(u64, Message)> {
        self.0.as_mut()?.inspect_next(from)
    }

    /// Takes out up to `out.len()` messages from `*from` on, in order, each
    /// slot waiting for [`Mailbox::put_back`] or [`Mailbox::remove_inspected`]
    /// and `*from` moving past it: a user's matcher then looks at a
    /// batch with one lock released and taken again, not two lock round
    /// trips per message it passes over. Returns how many it took.
    /// Only messages whose type `types` accepts are taken out; the others
    /// stay in place, passed over for good (their type cannot change), so a
    /// `receive!` never moves a message none of its arms could take.
    ///
    /// A message out with another wait is passed by, but `*resume` keeps the
    /// first such one (if not set already): `*from` goes on past it, so the
    /// batches of one poll never repeat, and the wait goes back to `*resume`
    /// once it waits, to be offered that message when it is put back (the
    /// put-back wakes it). `take_first`'s single marker cannot do both.
    pub(crate) fn inspect_batch(
        &mut self,
        from: &mut u64,
        resume: &mut Option<u64>,
        out: &mut Batch,
        types: Types<'_>,
    ) {
        if let Some(q) = self.0.as_mut() {
            q.inspect_up_to(BATCH, from, resume, out, types);
        }
    }

    /// For `receive!`: walks the messages from `*from` on, asking `peek` of
    /// each (under the lock; it runs no user code). The first one a guard-free
    /// arm takes is removed and handed out, with its place (sequence number
    /// and tag) for [`Mailbox::reinsert`]; at one a guard must decide on the
    /// walk stops (`Look`), `*from` left on it for [`Mailbox::inspect_batch`].
    /// Only plain and `{:EXIT}` messages are taken so: they have no index entry
    /// to restore.
    pub(crate) fn take_peeked(
        &mut self,
        from: &mut u64,
        types: Types<'_>,
        peek: &dyn Fn(&Message) -> Peek,
    ) -> Peeked {
        self.0
            .as_mut()
            .map_or(Peeked::Nothing, |q| q.take_peeked(from, types, peek))
    }

    /// Puts a message [`Mailbox::take_peeked`] took back in its place (the
    /// matcher refused it after all); the waits it may be for are woken, as
    /// for a message put back after inspection. Dropped if the mailbox is
    /// gone (the process ended).
    pub(crate) fn reinsert(&mut self, seq: u64, tag: Tag, msg: Message, wakeups: &mut Wakeups) {
        if let Some(q) = self.0.as_mut() {
            q.waiters.on_message(tag.waiters(), Some(&msg), wakeups);
            let i = q.position(seq);
            match q.slots.get_mut(i).filter(|s| s.seq == seq) {
                Some(slot) => slot.body = Body::Message(msg),
                None => q.slots.insert(
                    i,
                    Slot {
                        seq,
                        tag,
                        body: Body::Message(msg),
                    },
                ),
            }
            q.live += 1;
        }
    }

    /// Puts the messages of one [`Mailbox::inspect_batch`] back in their
    /// places (in sequence order, so one forward walk finds them all); the
    /// wakers of the waits that passed them by meanwhile go to `wakeups`.
    /// Those whose place is gone (the process ended) are handed back, to be
    /// dropped outside the lock, with `true` if a wait passed one by: the
    /// process's own task may be that wait (it has no entry among the
    /// waiters), and the caller wakes it too.
    pub(crate) fn put_back_batch(
        &mut self,
        batch: impl Iterator<Item = (u64, Message)>,
        wakeups: &mut Wakeups,
    ) -> (Vec<Message>, bool) {
        match self.0.as_mut() {
            Some(q) => q.put_back_batch(batch, wakeups),
            None => (batch.map(|(_, msg)| msg).collect(), false),
        }
    }

    /// Puts an inspected message back in its place; returns the wakers of
    /// the waits that passed it by meanwhile. `Err` hands it back if its
    /// place is gone (the process ended), to drop outside the lock.
    #[cfg(test)]
    pub(crate) fn put_back(&mut self, seq: u64, msg: Message) -> Result<Wakeups, Message> {
        match self.0.as_mut() {
            Some(q) => q.put_back(seq, msg),
            None => Err(msg),
        }
    }

    /// Removes the slot of an inspected message the matcher took.
    pub(crate) fn remove_inspected(&mut self, seq: u64) {
        if let Some(q) = self.0.as_mut() {
            let i = q.position(seq);
            if q.slots.get(i).is_some_and(|s| s.seq == seq) {
                q.take_at(i);
            }
        }
    }

    /// Removes the `:DOWN` of monitor `r#ref`, if queued (it holds no user
    /// value, so dropping it under a lock is harmless); `true` if there was one.
    pub(crate) fn flush_down(&mut self, r#ref: Ref) -> bool {
        self.0
            .as_mut()
            .is_some_and(|q| q.take_tagged(r#ref, |t| t.down).is_some())
    }

    /// Erlang's flush of `demonitor(ref, [:flush])` for a ref user code
    /// knows: removes the **oldest** `{:DOWN, ref, ..}`, the runtime's or one
    /// user code sent (a plain message from sequence `hand_sent_from` on,
    /// when the ref became known), so a hand-sent one ahead of the real one
    /// goes and the real one stays, as on the BEAM. `true` if one went.
    pub(crate) fn flush_oldest_down(&mut self, r#ref: Ref, hand_sent_from: u64) -> bool {
        self.0
            .as_mut()
            .is_some_and(|q| q.flush_oldest_down(r#ref, hand_sent_from))
    }

    /// Removes the task reply tagged `r#ref`, if queued, and returns it for
    /// the caller to drop outside the lock.
    pub(crate) fn flush_reply(&mut self, r#ref: Ref) -> Option<Message> {
        self.0.as_mut()?.take_tagged(r#ref, |t| t.reply)
    }

    /// Removes every message `select` picks, keeping the others in order.
    pub(crate) fn take_where(&mut self, select: impl FnMut(&Message) -> bool) -> Vec<Message> {
        self.0
            .as_mut()
            .map_or_else(Vec::new, |q| q.take_where(select))
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

impl Queue {
    fn push(&mut self, body: Body, tag: Tag) -> Wakeups {
        let seq = self.next_seq;
        self.next_seq += 1;
        if let Some(r) = tag.r#ref()
            && let Some(slot) = self.tagged.entry(r).or_default().slot(tag)
        {
            *slot = Some(seq);
        }
        if tag == Tag::Plain {
            self.plain_end = seq + 1;
        }
        let mut wakeups = Wakeups::default();
        let msg = match &body {
            Body::Message(msg) => Some(msg),
            _ => None,
        };
        self.waiters.on_message(tag.waiters(), msg, &mut wakeups);
        self.slots.push_back(Slot { seq, tag, body });
        self.live += 1;
        wakeups
    }

    /// The position of the first slot from sequence `from` on.
    fn start(&self, from: u64) -> usize {
        match self.slots.front() {
            Some(front) if front.seq >= from => 0,
            _ => self.slots.partition_point(|s| s.seq < from),
        }
    }

    fn take_first<R>(
        &mut self,
        from: &mut u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        let start = self.start(*from);
        let mut resume = None;
        for i in start..self.slots.len() {
            let slot = &mut self.slots[i];
            let Some(msg) = slot.message() else {
                if matches!(slot.body, Body::Inspecting { .. }) {
                    resume.get_or_insert(slot.seq);
                }
                continue;
            };
            if let Some(r) = matcher(msg) {
                *from = resume.unwrap_or(self.slots[i].seq + 1);
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        *from = resume.unwrap_or(self.next_seq);
        None
    }

    fn take_for_ref<R>(
        &mut self,
        r#ref: Ref,
        plain_from: &mut u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        let Tagged { reply, down } = self.tagged.get(&r#ref).copied().unwrap_or_default();
        if self.plain_end <= *plain_from {
            // No plain message to look at: only the two tagged ones.
            *plain_from = self.next_seq;
            let mut found = [reply, down];
            found.sort_unstable();
            for seq in found.into_iter().flatten() {
                let i = self.position(seq);
                let Some(msg) = self.slots.get_mut(i).and_then(Slot::message) else {
                    continue;
                };
                if let Some(r) = matcher(msg) {
                    return self.take_at(i).map(|msg| (r, msg));
                }
            }
            return None;
        }
        // Hand-sent replies may be among the plain messages: one walk in
        // arrival order over them and the tagged two.
        let first_tagged = [reply, down].into_iter().flatten().min();
        let from = first_tagged.map_or(*plain_from, |t| t.min(*plain_from));
        let plain_start = *plain_from;
        let mut resume = None;
        for i in self.start(from)..self.slots.len() {
            let slot = &mut self.slots[i];
            let candidate = match slot.tag {
                Tag::Plain => slot.seq >= plain_start,
                tag => tag.r#ref() == Some(r#ref),
            };
            if !candidate {
                continue;
            }
            let Some(msg) = slot.message() else {
                if slot.tag == Tag::Plain && matches!(slot.body, Body::Inspecting { .. }) {
                    resume.get_or_insert(slot.seq);
                }
                continue;
            };
            if let Some(r) = matcher(msg) {
                *plain_from = resume.unwrap_or(plain_start);
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        *plain_from = resume.unwrap_or(self.next_seq);
        None
    }

    #[cfg(test)]
    fn inspect_next(&mut self, from: &mut u64) -> Option<(u64, Message)> {
        let mut batch = Batch::new();
        self.inspect_up_to(1, from, &mut None, &mut batch, Types::All);
        batch.pop()
    }

    /// One index walk for a whole batch: a binary search per message made a
    /// receive that passes over a long queue cost several times the scan.
    fn inspect_up_to(
        &mut self,
        max: usize,
        from: &mut u64,
        resume: &mut Option<u64>,
        out: &mut Batch,
        types: Types<'_>,
    ) {
        let mut i = self.start(*from);
        while out.len() < max && i < self.slots.len() {
            let slot = &mut self.slots[i];
            i += 1;
            let wanted = match &slot.body {
                Body::Message(msg) => types.accepts(msg),
                // A `:DOWN` is made into a message only for a receive that
                // can take one.
                Body::NormalDown(_) => types.accepts_type(TypeId::of::<Down>()),
                Body::Inspecting { .. } => {
                    let _ = slot.message(); // marks it seen
                    resume.get_or_insert(slot.seq);
                    continue;
                }
                Body::Hole => continue,
            };
            if !wanted {
                *from = slot.seq + 1;
                continue;
            }
            if slot.message().is_none() {
                continue; // not reached: a `:DOWN` is made into a message
            }
            let body = std::mem::replace(&mut slot.body, Body::Inspecting { seen: false });
            let Body::Message(msg) = body else {
                slot.body = body;
                continue;
            };
            *from = slot.seq + 1;
            out.push((slot.seq, msg));
        }
        if out.len() < max {
            *from = self.next_seq;
        }
    }

    fn take_peeked(
        &mut self,
        from: &mut u64,
        types: Types<'_>,
        peek: &dyn Fn(&Message) -> Peek,
    ) -> Peeked {
        let mut resume = None;
        for i in self.start(*from)..self.slots.len() {
            let slot = &mut self.slots[i];
            let verdict = match slot.body {
                Body::Hole => continue,
                Body::Inspecting { .. } => {
                    let _ = slot.message(); // marks it seen
                    resume.get_or_insert(slot.seq);
                    continue;
                }
                Body::NormalDown(_) if !types.accepts_type(TypeId::of::<Down>()) => Peek::No,
                _ => match slot.message() {
                    Some(msg) => peek(msg),
                    None => continue,
                },
            };
            let (seq, tag) = (slot.seq, slot.tag);
            match verdict {
                Peek::No => {}
                Peek::Take if matches!(tag, Tag::Plain | Tag::Exit) => {
                    *from = resume.unwrap_or(seq + 1);
                    return match self.take_at(i) {
                        Some(msg) => Peeked::Taken(seq, tag, msg),
                        None => Peeked::Nothing,
                    };
                }
                Peek::Take | Peek::Look => {
                    *from = resume.unwrap_or(seq);
                    return Peeked::Look;
                }
            }
        }
        *from = resume.unwrap_or(self.next_seq);
        Peeked::Nothing
    }

    fn put_back_batch(
        &mut self,
        batch: impl Iterator<Item = (u64, Message)>,
        wakeups: &mut Wakeups,
    ) -> (Vec<Message>, bool) {
        let mut orphans = Vec::new();
        let mut passed = false;
        let mut i = None;
        for (seq, msg) in batch {
            // Slots only leave from the front or as holes meanwhile, so each
            // is at or after the previous one's index.
            let mut at = i.unwrap_or_else(|| self.position(seq));
            while self.slots.get(at).is_some_and(|s| s.seq < seq) {
                at += 1;
            }
            i = Some(at);
            match self.slots.get_mut(at).filter(|s| s.seq == seq) {
                Some(slot) if matches!(slot.body, Body::Inspecting { .. }) => {
                    if matches!(slot.body, Body::Inspecting { seen: true }) {
                        passed = true;
                        self.waiters
                            .on_message(slot.tag.waiters(), Some(&msg), wakeups);
                    }
                    slot.body = Body::Message(msg);
                }
                _ => orphans.push(msg),
            }
        }
        (orphans, passed)
    }

    #[cfg(test)]
    fn put_back(&mut self, seq: u64, msg: Message) -> Result<Wakeups, Message> {
        let i = self.position(seq);
        let Some(slot) = self.slots.get_mut(i).filter(|s| s.seq == seq) else {
            return Err(msg);
        };
        let Body::Inspecting { seen } = slot.body else {
            return Err(msg);
        };
        let mut wakeups = Wakeups::default();
        if seen {
            self.waiters
                .on_message(slot.tag.waiters(), Some(&msg), &mut wakeups);
        }
        slot.body = Body::Message(msg);
        Ok(wakeups)
    }

    /// Takes the message tagged `r#ref` whose sequence number `which` picks.
    fn take_tagged(&mut self, r#ref: Ref, which: fn(&Tagged) -> Option<u64>) -> Option<Message> {
        let seq = self.tagged.get(&r#ref).and_then(which)?;
        let i = self.position(seq);
        let found = self.take_at_without_trim(i);
        self.trim();
        match found {
            Body::Message(msg) => Some(msg),
            Body::NormalDown(_) => Some(Box::new(())),
            Body::Hole | Body::Inspecting { .. } => None,
        }
    }

    fn flush_oldest_down(&mut self, r#ref: Ref, hand_sent_from: u64) -> bool {
        let tagged = self.tagged.get(&r#ref).and_then(|t| t.down);
        // Plain messages are looked at only if some came since the ref was
        // known (the usual await has none), and only up to the runtime's.
        if self.plain_end > hand_sent_from {
            let end = tagged.unwrap_or(self.next_seq);
            for i in self.start(hand_sent_from)..self.slots.len() {
                let slot = &self.slots[i];
                if slot.seq >= end {
                    break;
                }
                // One out with a user's matcher is not in the mailbox now.
                let is_it = slot.tag == Tag::Plain
                    && matches!(&slot.body, Body::Message(msg)
                        if msg.downcast_ref::<Down>().is_some_and(|d| d.r#ref == r#ref));
                if is_it {
                    return self.take_at(i).is_some();
                }
            }
        }
        tagged.is_some() && self.take_tagged(r#ref, |t| t.down).is_some()
    }

    fn take_where(&mut self, mut select: impl FnMut(&Message) -> bool) -> Vec<Message> {
        let mut taken = Vec::new();
        for i in 0..self.slots.len() {
            if self.slots[i].message().is_some_and(|msg| select(msg))
                && let Body::Message(msg) = self.take_at_without_trim(i)
            {
                taken.push(msg);
            }
        }
        self.trim();
        taken
    }

    /// The position of the slot with sequence number `seq`. Sequence numbers
    /// are contiguous unless a compaction happened, so the direct guess almost
    /// always hits; a binary search covers the rest.
    fn position(&self, seq: u64) -> usize {
        let guess = self
            .slots
            .front()
            .and_then(|front| usize::try_from(seq.checked_sub(front.seq)?).ok());
        match guess {
            Some(i) if self.slots.get(i).is_some_and(|s| s.seq == seq) => i,
            _ => self.slots.partition_point(|s| s.seq < seq),
        }
    }

    /// Takes the message at `i`, which the caller has already seen through
    /// [`Slot::message`] (so a `:DOWN` there is a message by now), or whose
    /// inspection ended with a match.
    fn take_at(&mut self, i: usize) -> Option<Message> {
        let body = self.take_at_without_trim(i);
        self.trim();
        match body {
            Body::Message(msg) => Some(msg),
            Body::Hole | Body::NormalDown(_) | Body::Inspecting { .. } => None,
        }
    }

    fn take_at_without_trim(&mut self, i: usize) -> Body {
        let Some(slot) = self.slots.get_mut(i) else {
            return Body::Hole;
        };
        let body = std::mem::replace(&mut slot.body, Body::Hole);
        if matches!(body, Body::Hole) {
            return body;
        }
        let tag = slot.tag;
        if let Some(r) = tag.r#ref()
            && let Some(tagged) = self.tagged.get_mut(&r)
        {
            if let Some(seq) = tagged.slot(tag) {
                *seq = None;
            }
            if tagged.reply.is_none() && tagged.down.is_none() {
                self.tagged.remove(&r);
            }
        }
        self.live -= 1;
        body
    }

    fn trim(&mut self) {
        while self.slots.front().is_some_and(Slot::is_hole) {
            self.slots.pop_front();
        }
        while self.slots.back().is_some_and(Slot::is_hole) {
            self.slots.pop_back();
        }
        if self.slots.len() > 2 * self.live + 32 {
            self.slots.retain(|s| !s.is_hole());
        }
        // Give a burst's memory back once the ring is mostly empty: halving
        // only at a quarter keeps the cost amortised O(1) per message. A ring
        // that grew past the floor stays just above it until it is empty,
        // then goes entirely, so a drained mailbox is back to an idle
        // process's size; one that never grew past the floor (a process
        // exchanging a few messages at a time) keeps its ring and never
        // reallocates.
        if self.slots.capacity() > SHRINK_FLOOR && self.slots.capacity() > 4 * self.slots.len() {
            self.slots.shrink_to(shrink_target(self.slots.len()));
        }
        if self.tagged.capacity() > SHRINK_FLOOR && self.tagged.capacity() > 4 * self.tagged.len() {
            self.tagged.shrink_to(shrink_target(self.tagged.len()));
        }
    }
}

/// Below this many entries a ring or index keeps its capacity.
const SHRINK_FLOOR: usize = 64;

/// The room a shrinking ring or index of `len` entries keeps: twice them,
/// not below the floor, nothing once empty.
fn shrink_target(len: usize) -> usize {
    match len {
        0 => 0,
        len => (2 * len).max(SHRINK_FLOOR + 1),
    }
}
