//! The runtime's own matchers, run under the lock (they only downcast and
//! move): the oldest message a matcher takes, a task wait's two tagged
//! messages found through the index by ref (plus any hand-sent plain
//! ones), and the flushes of `demonitor(ref, [:flush])` and `Task.await`.
//!
//! None of them can look while the private queue is away (`mod.rs`): a
//! matcher then finds nothing and its wait is woken when the ring comes
//! back; a flush is deferred to that moment (`private.rs`).

use super::*;

impl Mailbox {
    /// Offers each message from sequence `*from` on to `matcher`, oldest
    /// first, under the lock (for the runtime's own matchers); removes the
    /// first one it accepts. `*from` moves past what was offered.
    pub(crate) fn take_first<R>(
        &mut self,
        from: &mut u64,
        matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        self.here()?.take_first(from, matcher)
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
        self.here()?.take_for_ref(r#ref, plain_from, matcher)
    }

    /// Removes the `:DOWN` of monitor `r#ref`, if queued (it holds no user
    /// value, so dropping it under a lock is harmless); `true` if there was
    /// one (`false` while the ring is away: the flush is done on its return).
    pub(crate) fn flush_down(&mut self, r#ref: Ref) -> bool {
        self.0.as_mut().is_some_and(|q| {
            q.defer(Op::FlushDown(r#ref)) && q.take_tagged(r#ref, u64::MAX, |t| t.down).is_some()
        })
    }

    /// Erlang's flush of `demonitor(ref, [:flush])` for a ref user code
    /// knows: removes the **oldest** `{:DOWN, ref, ..}`, the runtime's or one
    /// user code sent (a plain message from sequence `hand_sent_from` on,
    /// when the ref became known), so a hand-sent one ahead of the real one
    /// goes and the real one stays, as on the BEAM. `true` if one went
    /// (`false` while the ring is away: the flush is done on its return).
    pub(crate) fn flush_oldest_down(&mut self, r#ref: Ref, hand_sent_from: u64) -> bool {
        self.0.as_mut().is_some_and(|q| {
            q.defer(Op::FlushOldestDown(r#ref, hand_sent_from))
                && q.flush_oldest_down(r#ref, hand_sent_from, u64::MAX)
        })
    }

    /// [`Mailbox::flush_oldest_down`] for a monitor known to have ended
    /// because the runtime's `:DOWN` of it is queued (the runtime queues one
    /// only as it removes the monitor, and never reuses a ref): `Some(true)`
    /// once flushed; `None` if that `:DOWN` is not queued, or the ring is
    /// away, for the caller to look at the monitor itself.
    pub(crate) fn flush_fired_down(&mut self, r#ref: Ref, hand_sent_from: u64) -> Option<bool> {
        let q = self.0.as_mut().filter(|q| !q.away)?;
        if q.plain_end <= hand_sent_from {
            // No hand-sent one: the runtime's is the oldest, one look-up.
            return q.take_tagged(r#ref, u64::MAX, |t| t.down).map(|_| true);
        }
        q.tagged.get(&r#ref)?.down?;
        Some(q.flush_oldest_down(r#ref, hand_sent_from, u64::MAX))
    }

    /// Removes the task reply tagged `r#ref`, if queued, and returns it for
    /// the caller to drop outside the lock (while the ring is away, whoever
    /// brings it back drops it).
    pub(crate) fn flush_reply(&mut self, r#ref: Ref) -> Option<Message> {
        let q = self.0.as_mut()?;
        if !q.defer(Op::FlushReply(r#ref)) {
            return None;
        }
        q.take_tagged(r#ref, u64::MAX, |t| t.reply)
    }

    /// Removes every message `select` picks, keeping the others in order
    /// (for the caller to drop outside the lock; while the ring is away,
    /// whoever brings it back removes and drops them).
    pub(crate) fn take_where(
        &mut self,
        select: impl FnMut(&Message) -> bool + Send + 'static,
    ) -> Vec<Message> {
        match self.0.as_mut() {
            Some(q) if !q.away => q.take_where(u64::MAX, select),
            Some(q) => {
                q.defer(Op::TakeWhere(Box::new(select)));
                Vec::new()
            }
            None => Vec::new(),
        }
    }
}

impl Queue {
    pub(super) fn take_first<R>(
        &mut self,
        from: &mut u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        let start = self.start(*from);
        for i in start..self.slots.len() {
            let Some(msg) = self.slots[i].message() else {
                continue;
            };
            if let Some(r) = matcher(msg) {
                *from = self.slots[i].seq + 1;
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        *from = self.next_seq;
        None
    }

    pub(super) fn take_for_ref<R>(
        &mut self,
        r#ref: Ref,
        plain_from: &mut u64,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        if self.plain_end <= *plain_from {
            // No plain message to look at: only the two tagged ones.
            *plain_from = self.next_seq;
            return self.take_tagged_for(r#ref, matcher);
        }
        let Tagged { reply, down } = self.tagged.get(&r#ref).copied().unwrap_or_default();
        // Hand-sent replies may be among the plain messages: one walk in
        // arrival order over them and the tagged two.
        let first_tagged = [reply, down].into_iter().flatten().min();
        let from = first_tagged.map_or(*plain_from, |t| t.min(*plain_from));
        let plain_start = *plain_from;
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
                continue;
            };
            if let Some(r) = matcher(msg) {
                return self.take_at(i).map(|msg| (r, msg));
            }
        }
        *plain_from = self.next_seq;
        None
    }

    /// [`Queue::take_for_ref`] with no plain message to look at: the reply
    /// and the `:DOWN` tagged `r#ref`, oldest first, through one look-up of
    /// the index (which also clears the entry of the one taken).
    #[inline]
    fn take_tagged_for<R>(
        &mut self,
        r#ref: Ref,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Found<R> {
        let tagged = self.tagged.get_mut(&r#ref)?;
        let (reply, down) = (tagged.reply, tagged.down);
        // Oldest first (a hand-sent `:DOWN` can make the `:DOWN` the older).
        let (first, second) = match (reply, down) {
            (Some(r), Some(d)) if d < r => (down, reply),
            _ => (reply.or(down), reply.and(down)),
        };
        for seq in [first, second].into_iter().flatten() {
            let i = ring::position(&self.slots, seq);
            let Some(slot) = self.slots.get_mut(i) else {
                continue;
            };
            let Some(msg) = slot.message() else {
                continue;
            };
            if let Some(r) = matcher(msg) {
                if tagged.clear(seq) {
                    self.tagged.remove(&r#ref);
                }
                return match self.take_and_trim_as(i, ring::Index::Cleared) {
                    Body::Message(msg) => Some((r, msg)),
                    Body::Hole | Body::NormalDown(_) => None,
                };
            }
        }
        None
    }

    /// Takes the message tagged `r#ref` whose sequence number `which` picks,
    /// if it came before `until`: one look-up of the index finds it and
    /// clears its entry.
    pub(super) fn take_tagged(
        &mut self,
        r#ref: Ref,
        until: u64,
        which: fn(&Tagged) -> Option<u64>,
    ) -> Option<Message> {
        let tagged = self.tagged.get_mut(&r#ref)?;
        let seq = which(tagged).filter(|&s| s < until)?;
        if tagged.clear(seq) {
            self.tagged.remove(&r#ref);
        }
        let i = ring::position(&self.slots, seq);
        match self.take_and_trim_as(i, ring::Index::Cleared) {
            Body::Message(msg) => Some(msg),
            Body::NormalDown(_) => Some(Box::new(())),
            Body::Hole => None,
        }
    }

    /// [`Mailbox::flush_oldest_down`], among the messages before `until`.
    pub(super) fn flush_oldest_down(
        &mut self,
        r#ref: Ref,
        hand_sent_from: u64,
        until: u64,
    ) -> bool {
        // Plain messages are looked at only if some came since the ref was
        // known (the usual await has none), and only up to the runtime's.
        if self.plain_end <= hand_sent_from {
            return self.take_tagged(r#ref, until, |t| t.down).is_some();
        }
        let tagged = self
            .tagged
            .get(&r#ref)
            .and_then(|t| t.down)
            .filter(|&s| s < until);
        let end = tagged.unwrap_or(self.next_seq).min(until);
        for i in self.start(hand_sent_from)..self.slots.len() {
            let slot = &self.slots[i];
            if slot.seq >= end {
                break;
            }
            let is_it = slot.tag == Tag::Plain
                && matches!(&slot.body, Body::Message(msg)
                    if msg.downcast_ref::<Down>().is_some_and(|d| d.r#ref == r#ref));
            if is_it {
                return self.take_at(i).is_some();
            }
        }
        tagged.is_some() && self.take_tagged(r#ref, until, |t| t.down).is_some()
    }
}
