//! One message lent to a user's matcher out of its slot, with no lock held:
//! the usual receive, whose mailbox holds one message it has not looked at
//! (the reply it waits for), pays neither the private queue's detach nor
//! its reattach (`private.rs`).
//!
//! While the message is out the queue is **away**, as while it is detached,
//! and everybody else follows the same rule (`mod.rs`): `len` still counts
//! it, a reader lists nothing, a wait finds nothing and is woken on the
//! return, a flush is deferred to it, code the matcher calls finds it away
//! (and the scan offers the message again with the queue parked, as after
//! a detach: the receive falls back to one, `receive/wait.rs`). Senders push
//! to the ring meanwhile: the lent message is owned by the matcher, so no
//! reference into the ring is held, and its slot (a hole meanwhile) is not
//! trimmed, as every operation that trims is one that waits for the return.

use super::private::Returned;
use super::*;

/// A message out of its slot with a user's matcher ([`Mailbox::lend`]).
pub(crate) struct Lent {
    seq: u64,
    tag: Tag,
    pub(crate) msg: Message,
}

/// What [`Mailbox::lend`] found.
pub(crate) enum Lend {
    /// The one message to look at, lent.
    One(Lent),
    /// No message to look at (the one there is of no type the matcher takes).
    Nothing,
    /// More than one, or one that is not a plain message, or the queue is
    /// away: for the detached scan.
    Scan,
}

impl Lent {
    /// Its sequence number.
    pub(crate) fn seq(&self) -> u64 {
        self.seq
    }
}

impl Mailbox {
    /// Lends the message from `*from` on if it is the last in the ring,
    /// plain (no index entry to keep) and of a type `types` accepts; the
    /// queue is away until [`Mailbox::give_back`].
    #[inline]
    pub(crate) fn lend(&mut self, from: &mut u64, types: Types<'_>) -> Lend {
        let Some(q) = self.0.as_deref_mut().filter(|q| !q.away) else {
            return Lend::Scan;
        };
        // The last slot, and none before it, from `*from` on (no search for
        // the start: the usual mailbox holds that one message alone).
        let n = q.slots.len();
        if n >= 2 && q.slots[n - 2].seq >= *from {
            return Lend::Scan;
        }
        let Some(slot) = q.slots.back_mut().filter(|s| s.seq >= *from) else {
            return Lend::Scan;
        };
        let Body::Message(msg) = &slot.body else {
            return Lend::Scan;
        };
        if !matches!(slot.tag, Tag::Plain | Tag::Exit) {
            return Lend::Scan;
        }
        if let Types::Only(only) = types
            && !only((**msg).type_id())
        {
            *from = q.next_seq;
            return Lend::Nothing;
        }
        let Body::Message(msg) = std::mem::replace(&mut slot.body, Body::Hole) else {
            return Lend::Scan; // not reached: a message, just seen
        };
        q.away = true;
        Lend::One(Lent {
            seq: slot.seq,
            tag: slot.tag,
            msg,
        })
    }

    /// Brings a lent message's queue back: the message leaves for good if
    /// the matcher took it (`took`), else it goes back in its slot. The
    /// usual return (nothing else happened meanwhile) is `Ok`, with the
    /// message taken; otherwise the flushes deferred meanwhile are done and
    /// the waits that found the queue away woken, as on a reattach, and
    /// what came back is `Err`, for the caller's general handling.
    // Always: as a call, its register saves and restores were a fifth of it.
    #[inline(always)]
    pub(crate) fn give_back(
        &mut self,
        lent: Lent,
        took: bool,
        wakeups: &mut Wakeups,
    ) -> Result<Option<Message>, Returned> {
        if let Some(q) = self.0.as_deref_mut()
            && q.away
            && !q.missed
            && q.deferred.is_empty()
        {
            q.away = false;
            return Ok(q.settle(lent, took));
        }
        Err(self.give_back_slow(lent, took, wakeups))
    }

    #[cold]
    fn give_back_slow(&mut self, lent: Lent, took: bool, wakeups: &mut Wakeups) -> Returned {
        let Some(q) = self.0.as_mut().filter(|q| q.away) else {
            // The process ended meanwhile (`take_all`): nowhere to go.
            return Returned {
                orphaned: true,
                dropped: vec![lent.msg],
                ..Returned::default()
            };
        };
        q.away = false;
        let mut back = Returned {
            taken: q.settle(lent, took),
            ..Returned::default()
        };
        q.after_away(&mut back, wakeups);
        back
    }
}

impl Queue {
    /// The lent message taken (returned) or put back in its slot.
    // Always: the usual return is a few instructions, a call twice them.
    #[inline(always)]
    fn settle(&mut self, lent: Lent, took: bool) -> Option<Message> {
        // Taken, and still the last slot (no message came meanwhile): its
        // slot, a hole already, is popped, with no walk over the ring; a
        // plain message has no index entry (`lend`).
        if took && self.slots.back().is_some_and(|s| s.seq == lent.seq) {
            self.live -= 1;
            self.slots.pop_back();
            while self.slots.back().is_some_and(Slot::is_hole) {
                self.slots.pop_back();
            }
            self.shrink();
            return Some(lent.msg);
        }
        self.settle_elsewhere(lent, took)
    }

    /// [`Queue::settle`] of a message declined, or with others behind it.
    #[inline(never)]
    fn settle_elsewhere(&mut self, lent: Lent, took: bool) -> Option<Message> {
        if took {
            self.live -= 1;
            self.trim();
            return Some(lent.msg);
        }
        // Its slot is still there (nothing trims while the queue is away).
        self.put_back(Slot {
            seq: lent.seq,
            tag: lent.tag,
            body: Body::Message(lent.msg),
        });
        None
    }
}
