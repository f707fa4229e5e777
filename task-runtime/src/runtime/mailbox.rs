//! A process's mailbox: messages in arrival order, with O(1) look-up of the
//! two messages a task await waits for (`{ref, reply}` and the `:DOWN` of
//! `ref`), so that awaiting thousands of tasks never rescans the mailbox.
//!
//! A `:DOWN` with reason `:normal` is queued as just the pid it names and
//! made into a message only if a receive looks at it: almost every one is
//! the `:DOWN` of a task whose reply was just taken, flushed unread by the
//! same `Task.await`.
//!
//! Removal leaves a hole that is trimmed from the front or compacted once
//! holes outnumber messages; every message keeps its arrival sequence number,
//! so positions are found by binary search and a waiting receive remembers
//! where it stopped scanning (Erlang's receive marker).
//!
//! The queue also keeps one spare receive timer (`receive.rs`): a second job,
//! kept here because the queue is the box a process gets with its first
//! message, so an idle process carries neither.

use crate::messages::Down;
use crate::messages::Message;
use crate::runtime::receive_timer::ReceiveTimer;
use crate::runtime::seq_hash::SeqMap;
use crate::{ExitReason, Pid, Ref};
use std::collections::VecDeque;
use std::pin::Pin;

/// What a message is to the runtime's own look-ups.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Tag {
    /// A user message.
    Plain,
    /// A task reply `(ref, value)`.
    Reply(Ref),
    /// A `:DOWN` for the monitor `ref`.
    Down(Ref),
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

/// Empty until the first message: most processes never receive one (a task
/// only sends its reply), and an idle process should not carry a queue.
#[derive(Default)]
pub(crate) struct Mailbox(Option<Box<Queue>>);

#[derive(Default)]
struct Queue {
    slots: VecDeque<Slot>,
    next_seq: u64,
    live: usize,
    /// By ref: the sequence numbers of its reply and of its `:DOWN`.
    tagged: SeqMap<Ref, Tagged>,
    /// The timer of the last receive with a timeout, kept for the next one:
    /// taking it over costs no allocation and no wake-up of a parked worker
    /// (the timer driver already wakes before the new deadline), where a new
    /// timer each `Task.await` cost both; see [`ReceiveTimer`].
    spare_timer: Option<Pin<Box<ReceiveTimer>>>,
}

#[derive(Clone, Copy, Default)]
struct Tagged {
    reply: Option<u64>,
    down: Option<u64>,
}

impl Tagged {
    fn slot(&mut self, tag: Tag) -> Option<&mut Option<u64>> {
        match tag {
            Tag::Plain => None,
            Tag::Reply(_) => Some(&mut self.reply),
            Tag::Down(_) => Some(&mut self.down),
        }
    }
}

impl Tag {
    fn r#ref(self) -> Option<Ref> {
        match self {
            Tag::Plain => None,
            Tag::Reply(r) | Tag::Down(r) => Some(r),
        }
    }
}

impl Mailbox {
    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |q| q.live)
    }

    pub(crate) fn push(&mut self, msg: Message, tag: Tag) {
        self.0
            .get_or_insert_with(Box::default)
            .push(Body::Message(msg), tag);
    }

    /// Queues `{:DOWN, ref, :process, pid, reason}` for the monitor `ref`.
    pub(crate) fn push_down(&mut self, r#ref: Ref, pid: Pid, reason: &ExitReason) {
        let body = match reason {
            ExitReason::Normal => Body::NormalDown(pid),
            reason => Body::Message(Box::new(Down {
                r#ref,
                pid,
                reason: reason.clone(),
            })),
        };
        self.0
            .get_or_insert_with(Box::default)
            .push(body, Tag::Down(r#ref));
    }

    /// The sequence number the next message will get: a receive that has
    /// scanned everything up to here need not look at those messages again.
    pub(crate) fn end_seq(&self) -> u64 {
        self.0.as_ref().map_or(0, |q| q.next_seq)
    }

    /// Offers each message from sequence `from` on to `matcher`, oldest first;
    /// removes the first one it accepts and returns the matcher's result and
    /// what is left of the message (for the caller to drop outside any lock:
    /// a user value's drop may do anything).
    pub(crate) fn take_first<R>(
        &mut self,
        from: u64,
        matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        self.0.as_mut()?.take_first(from, matcher)
    }

    /// Offers the reply and the `:DOWN` tagged with `r#ref`, oldest first, to
    /// `matcher`; like [`Mailbox::take_first`] without looking at any other
    /// message.
    pub(crate) fn take_tagged_first<R>(
        &mut self,
        r#ref: Ref,
        matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        self.0.as_mut()?.take_tagged_first(r#ref, matcher)
    }

    /// Removes the `:DOWN` of monitor `r#ref`, if queued (it holds no user
    /// value, so dropping it under a lock is harmless); `true` if there was one.
    pub(crate) fn flush_down(&mut self, r#ref: Ref) -> bool {
        let Some(queue) = self.0.as_mut() else {
            return false;
        };
        let Some(seq) = queue.tagged.get(&r#ref).and_then(|t| t.down) else {
            return false;
        };
        let i = queue.position(seq);
        let found = queue.take_at_without_trim(i);
        queue.trim();
        !matches!(found, Body::Hole)
    }

    /// Removes every message `select` picks, keeping the others in order.
    pub(crate) fn take_where(&mut self, select: impl FnMut(&Message) -> bool) -> Vec<Message> {
        self.0
            .as_mut()
            .map_or_else(Vec::new, |q| q.take_where(select))
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
        let spare = &mut self.0.get_or_insert_with(Box::default).spare_timer;
        match spare {
            Some(_) => Some(timer),
            None => {
                *spare = Some(timer);
                None
            }
        }
    }

    /// Empties the mailbox, returning everything for the caller to drop
    /// outside any lock.
    pub(crate) fn take_all(&mut self) -> Mailbox {
        std::mem::take(self)
    }
}

impl Queue {
    fn push(&mut self, body: Body, tag: Tag) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if let Some(r) = tag.r#ref()
            && let Some(slot) = self.tagged.entry(r).or_default().slot(tag)
        {
            *slot = Some(seq);
        }
        self.slots.push_back(Slot { seq, tag, body });
        self.live += 1;
    }

    fn take_first<R>(
        &mut self,
        from: u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        let start = self.slots.partition_point(|s| s.seq < from);
        for i in start..self.slots.len() {
            let Some(msg) = self.slots[i].message() else {
                continue;
            };
            if let Some(r) = matcher(msg) {
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        None
    }

    fn take_tagged_first<R>(
        &mut self,
        r#ref: Ref,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        let Tagged { reply, down } = *self.tagged.get(&r#ref)?;
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
        None
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
    /// [`Slot::message`] (so a `:DOWN` there is a message by now).
    fn take_at(&mut self, i: usize) -> Option<Message> {
        let body = self.take_at_without_trim(i);
        self.trim();
        match body {
            Body::Message(msg) => Some(msg),
            Body::Hole | Body::NormalDown(_) => None,
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_ref;

    fn texts(m: &Mailbox) -> Vec<&'static str> {
        let Some(q) = &m.0 else { return Vec::new() };
        q.slots
            .iter()
            .filter_map(|s| match &s.body {
                Body::Message(msg) => Some(msg),
                _ => None,
            })
            .map(|m| *m.downcast_ref::<&str>().unwrap())
            .collect()
    }

    #[test]
    fn take_first_keeps_order_of_the_rest() {
        let mut m = Mailbox::default();
        for s in ["b", "a", "c"] {
            m.push(Box::new(s), Tag::Plain);
        }
        let a = m.take_first(0, |msg| {
            msg.downcast_ref::<&str>().filter(|s| **s == "a").copied()
        });
        assert_eq!(a.map(|(r, _)| r), Some("a"));
        assert_eq!(texts(&m), ["b", "c"]);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn tagged_messages_are_found_without_scanning_and_holes_are_compacted() {
        let mut m = Mailbox::default();
        let refs: Vec<Ref> = (0..1000).map(|_| make_ref()).collect();
        m.push(Box::new("old"), Tag::Plain);
        for r in &refs {
            m.push(Box::new((*r, 1)), Tag::Reply(*r));
        }
        let any = |msg: &mut Message| Some(msg.is::<(Ref, i32)>());
        for r in refs.iter().rev() {
            assert_eq!(
                m.take_tagged_first(*r, any).map(|(found, _)| found),
                Some(true)
            );
            assert!(m.take_tagged_first(*r, any).is_none());
        }
        assert_eq!(texts(&m), ["old"]);
        let q = m.0.as_ref().unwrap();
        assert!(q.slots.len() <= 2 * q.live + 32 && q.tagged.is_empty());
    }

    #[test]
    fn a_normal_down_becomes_a_message_only_when_looked_at() {
        let (r1, r2, r3) = (make_ref(), make_ref(), make_ref());
        let pid = Pid::next();
        let mut m = Mailbox::default();
        m.push_down(r1, pid, &ExitReason::Normal);
        m.push_down(r2, pid, &ExitReason::Normal);
        m.push_down(r3, pid, &ExitReason::Killed);
        assert_eq!(m.len(), 3);
        // Flushed unread: nothing was ever made.
        assert!(m.flush_down(r1));
        assert!(!m.flush_down(r1));
        // A receive scanning past it sees an ordinary `Down`, in order.
        let mut seen = Vec::new();
        let none = m.take_first(0, |msg| {
            let down = msg.downcast_ref::<Down>().expect("a Down");
            seen.push((down.r#ref, down.pid, down.reason.clone()));
            None::<()>
        });
        assert!(none.is_none());
        assert_eq!(
            seen,
            [(r2, pid, ExitReason::Normal), (r3, pid, ExitReason::Killed)]
        );
        let taken = m.take_where(|msg| msg.is::<Down>());
        assert_eq!(taken.len(), 2);
        assert_eq!(m.len(), 0);
    }

    #[test]
    fn scanning_from_a_marker_skips_older_messages() {
        let mut m = Mailbox::default();
        m.push(Box::new("x"), Tag::Plain);
        let marker = m.end_seq();
        m.push(Box::new("y"), Tag::Plain);
        let got = m.take_first(marker, |msg| msg.downcast_ref::<&str>().copied());
        assert_eq!(got.map(|(r, _)| r), Some("y"));
        assert_eq!(texts(&m), ["x"]);
    }
}
