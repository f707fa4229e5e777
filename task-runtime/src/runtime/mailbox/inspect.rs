//! A user's matcher, which runs with no lock held: messages taken out of
//! their slots in batches (only of the types it can take), left as
//! `Inspecting` placeholders, then put back in place or removed; and
//! `receive!`'s in-place peek, which takes a guard-free arm's message in
//! the scan that finds it.

use super::*;

impl Types<'_> {
    pub(super) fn accepts(self, msg: &Message) -> bool {
        match self {
            Types::All => true,
            Types::Only(f) => f((**msg).type_id()),
        }
    }

    pub(super) fn accepts_type(self, id: TypeId) -> bool {
        match self {
            Types::All => true,
            Types::Only(f) => f(id),
        }
    }
}

impl Mailbox {
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
}

impl Queue {
    #[cfg(test)]
    pub(super) fn inspect_next(&mut self, from: &mut u64) -> Option<(u64, Message)> {
        let mut batch = Batch::new();
        self.inspect_up_to(1, from, &mut None, &mut batch, Types::All);
        batch.pop()
    }

    /// One index walk for a whole batch: a binary search per message made a
    /// receive that passes over a long queue cost several times the scan.
    pub(super) fn inspect_up_to(
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

    pub(super) fn take_peeked(
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

    pub(super) fn put_back_batch(
        &mut self,
        batch: impl Iterator<Item = (u64, Message)>,
        wakeups: &mut Wakeups,
    ) -> (Vec<Message>, bool) {
        let mut orphans = Vec::new();
        let mut passed = false;
        let mut batch = batch.peekable();
        let Some(&(first, _)) = batch.peek() else {
            return (orphans, passed);
        };
        // Slots only leave from the front or as holes meanwhile, so each is
        // at or after the previous one's place: one forward walk over the
        // ring (an iterator, not an indexed access per slot) finds them all.
        let start = self.position(first);
        let mut slots = self.slots.range_mut(start..).peekable();
        for (seq, msg) in batch {
            while slots.next_if(|s| s.seq < seq).is_some() {}
            match slots.next_if(|s| s.seq == seq) {
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
    pub(super) fn put_back(&mut self, seq: u64, msg: Message) -> Result<Wakeups, Message> {
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
}
