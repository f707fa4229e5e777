//! A process's mailbox: messages in arrival order, with O(1) look-up of the
//! two messages a task await waits for (`{ref, reply}` and the `:DOWN` of
//! `ref`), so that awaiting thousands of tasks never rescans the mailbox.
//!
//! Removal leaves a hole that is trimmed from the front or compacted once
//! holes outnumber messages; every message keeps its arrival sequence number,
//! so positions are found by binary search and a waiting receive remembers
//! where it stopped scanning (Erlang's receive marker).

use crate::Ref;
use crate::proc::Message;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

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
    msg: Option<Message>,
    tag: Tag,
}

#[derive(Default)]
pub(crate) struct Mailbox {
    slots: VecDeque<Slot>,
    next_seq: u64,
    live: usize,
    tagged: FxHashMap<Tag, u64>,
}

impl Mailbox {
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    pub(crate) fn push(&mut self, msg: Message, tag: Tag) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if tag != Tag::Plain {
            self.tagged.insert(tag, seq);
        }
        self.slots.push_back(Slot {
            seq,
            msg: Some(msg),
            tag,
        });
        self.live += 1;
    }

    /// The sequence number the next message will get: a receive that has
    /// scanned everything up to here need not look at those messages again.
    pub(crate) fn end_seq(&self) -> u64 {
        self.next_seq
    }

    /// Offers each message from sequence `from` on to `matcher`, oldest first;
    /// removes the first one it accepts and returns the matcher's result and
    /// what is left of the message (for the caller to drop outside any lock:
    /// a user value's drop may do anything).
    pub(crate) fn take_first<R>(
        &mut self,
        from: u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        let start = self.slots.partition_point(|s| s.seq < from);
        for i in start..self.slots.len() {
            let Some(msg) = self.slots[i].msg.as_mut() else {
                continue;
            };
            if let Some(r) = matcher(msg) {
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        None
    }

    /// Offers the messages with these tags, oldest first, to `matcher`;
    /// like [`Mailbox::take_first`] without looking at any other message.
    pub(crate) fn take_tagged_first<R>(
        &mut self,
        tags: [Tag; 2],
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(R, Message)> {
        let mut found = tags.map(|t| self.tagged.get(&t).copied());
        found.sort_unstable();
        let found = found.into_iter().flatten();
        for seq in found {
            let i = self.position(seq);
            let Some(msg) = self.slots.get_mut(i).and_then(|s| s.msg.as_mut()) else {
                continue;
            };
            if let Some(r) = matcher(msg) {
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        None
    }

    /// Removes the message with this tag, if queued.
    pub(crate) fn take_tagged(&mut self, tag: Tag) -> Option<Message> {
        let seq = *self.tagged.get(&tag)?;
        self.take_at(self.position(seq))
    }

    /// Removes every message `select` picks, keeping the others in order.
    pub(crate) fn take_where(&mut self, mut select: impl FnMut(&Message) -> bool) -> Vec<Message> {
        let mut taken = Vec::new();
        for i in 0..self.slots.len() {
            if self.slots[i].msg.as_ref().is_some_and(&mut select) {
                taken.extend(self.take_at_without_trim(i));
            }
        }
        self.trim();
        taken
    }

    /// Empties the mailbox, returning everything for the caller to drop
    /// outside any lock.
    pub(crate) fn take_all(&mut self) -> Mailbox {
        std::mem::take(self)
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

    fn take_at(&mut self, i: usize) -> Option<Message> {
        let msg = self.take_at_without_trim(i);
        self.trim();
        msg
    }

    fn take_at_without_trim(&mut self, i: usize) -> Option<Message> {
        let slot = self.slots.get_mut(i)?;
        let msg = slot.msg.take()?;
        if slot.tag != Tag::Plain {
            self.tagged.remove(&slot.tag);
        }
        self.live -= 1;
        Some(msg)
    }

    fn trim(&mut self) {
        while self.slots.front().is_some_and(|s| s.msg.is_none()) {
            self.slots.pop_front();
        }
        while self.slots.back().is_some_and(|s| s.msg.is_none()) {
            self.slots.pop_back();
        }
        if self.slots.len() > 2 * self.live + 32 {
            self.slots.retain(|s| s.msg.is_some());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_ref;

    fn texts(m: &Mailbox) -> Vec<&'static str> {
        m.slots
            .iter()
            .filter_map(|s| s.msg.as_ref())
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
        for r in refs.iter().rev() {
            assert!(m.take_tagged(Tag::Reply(*r)).is_some());
            assert!(m.take_tagged(Tag::Reply(*r)).is_none());
        }
        assert_eq!(texts(&m), ["old"]);
        assert!(m.slots.len() <= 2 * m.live + 32);
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
