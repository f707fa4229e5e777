//! The private queue out of the state for user code (`mod.rs`): taken out
//! whole ([`Mailbox::detach`]), scanned in place by a user's matcher or
//! described by a reader with no lock held ([`Detached`]), brought back with
//! the in-queue spliced behind it ([`Mailbox::reattach`]); the flushes
//! deferred meanwhile; and `receive!`'s in-place peek under the lock, which
//! takes a guard-free arm's message in the scan that finds it.

use super::*;

impl Types<'_> {
    #[inline]
    pub(super) fn accepts_type(self, id: TypeId) -> bool {
        match self {
            Types::All => true,
            Types::Only(f) => f(id),
        }
    }
}

/// The last message type a scan asked [`Types`] about, and the answer: the
/// messages a receive passes over are mostly of one type (a backlog of the
/// same kind), and asking again is an indirect call per message.
#[derive(Default)]
pub(super) struct KnownType(Option<(TypeId, bool)>);

impl KnownType {
    #[inline]
    pub(super) fn accepts(&mut self, types: Types<'_>, msg: &Message) -> bool {
        let Types::Only(only) = types else {
            return true;
        };
        let id = (**msg).type_id();
        match self.0 {
            Some((known, accepted)) if known == id => accepted,
            _ => {
                let accepted = only(id);
                self.0 = Some((id, accepted));
                accepted
            }
        }
    }
}

/// A flush asked for while the ring was away (`scan.rs`), done on its return.
pub(super) enum Op {
    FlushDown(Ref),
    FlushOldestDown(Ref, u64),
    FlushReply(Ref),
    TakeWhere(Box<dyn FnMut(&Message) -> bool + Send>),
    /// A message `take_peeked` took, going back to its place.
    Reinsert(Slot),
}

/// An [`Op`] and the sequence number of the first message that came after
/// it was asked for (it applies only to those before).
pub(super) struct Deferred {
    until: u64,
    op: Op,
}

/// The private queue, out of the state: only its holder touches it, with no
/// lock held. Dropped (outside any lock) if the process ended meanwhile.
pub(crate) struct Detached {
    pub(super) slots: VecDeque<Slot>,
    /// One past the last sequence number in it.
    pub(super) end: u64,
    /// While parked (`nested.rs`): the sequence number of the message out
    /// of its slot with the matcher, which a nested wait must not pass.
    pub(super) out: Option<u64>,
}

/// What came back with a reattach, for the caller to use or drop outside
/// the lock.
#[must_use]
#[derive(Default)]
pub(crate) struct Returned {
    /// The message the scan took.
    pub(crate) taken: Option<Message>,
    /// What the deferred flushes removed; or, if the process ended meanwhile,
    /// everything the ring held.
    pub(crate) dropped: Vec<Message>,
    /// The process ended while the ring was out: it had nowhere to go.
    pub(crate) orphaned: bool,
    /// Somebody found the ring away: the process's own task is to be woken
    /// too (its waits keep no waker entry).
    pub(crate) missed: bool,
    /// A message went back before the holder's marker: it must look from here.
    pub(crate) rewind: Option<u64>,
}

impl Mailbox {
    /// Takes the private queue out for a scan or a reader, if it is here
    /// (not away with another) and holds anything; the in-queue left behind
    /// takes the pushes until [`Mailbox::reattach`]. `None` and a missed
    /// mark if it is away.
    pub(crate) fn detach(&mut self) -> Option<Detached> {
        let q = self.0.as_mut()?;
        if q.away {
            q.missed = true;
            return None;
        }
        q.away = true;
        Some(Detached {
            slots: std::mem::take(&mut q.slots),
            end: q.next_seq,
            out: None,
        })
    }

    /// Brings a detached ring back: removes the message at `taken` (an index
    /// into it, the scan's match), splices the in-queue behind it, does the
    /// flushes deferred meanwhile, and wakes every wait that found it away
    /// (their wakers go to `wakeups`). `d` is left empty.
    ///
    /// By reference, as the caller keeps the ring where `detach` put it: a
    /// `Detached` moved is copied with 16-byte loads of the 8-byte stores
    /// that made it, which the CPU cannot forward (a stall per receive).
    #[inline]
    pub(crate) fn reattach(
        &mut self,
        d: &mut Detached,
        taken: Option<usize>,
        wakeups: &mut Wakeups,
    ) -> Returned {
        // The usual return: no message came meanwhile, nobody missed the
        // ring, nothing deferred.
        if let Some(q) = self.0.as_deref_mut()
            && q.away
            && q.slots.capacity() == 0
            && !q.missed
            && q.deferred.is_empty()
        {
            q.away = false;
            // The ring left behind never allocated: nothing to drop.
            std::mem::forget(std::mem::replace(
                &mut q.slots,
                std::mem::take(&mut d.slots),
            ));
            let taken = match taken {
                Some(i) => q.take_and_trim(i),
                None => Body::Hole,
            };
            return Returned {
                taken: match taken {
                    Body::Message(msg) => Some(msg),
                    Body::Hole | Body::NormalDown(_) => None,
                },
                ..Returned::default()
            };
        }
        self.reattach_slow(d, taken, wakeups)
    }

    #[cold]
    fn reattach_slow(
        &mut self,
        d: &mut Detached,
        taken: Option<usize>,
        wakeups: &mut Wakeups,
    ) -> Returned {
        let mut back = Returned::default();
        let mut slots = std::mem::take(&mut d.slots);
        let Some(q) = self.0.as_mut().filter(|q| q.away) else {
            // The process ended meanwhile (`take_all`): nowhere to go.
            back.orphaned = true;
            back.dropped = slots.into_iter().filter_map(Slot::into_message).collect();
            return back;
        };
        q.away = false;
        if q.slots.capacity() == 0 {
            std::mem::forget(std::mem::replace(&mut q.slots, slots));
        } else {
            slots.append(&mut q.slots);
            q.slots = slots;
        }
        if let Some(i) = taken {
            back.taken = match q.take_at_without_trim(i) {
                Body::Message(msg) => Some(msg),
                Body::Hole | Body::NormalDown(_) => None,
            };
        }
        q.after_away(&mut back, wakeups);
        back
    }

    /// For `receive!`: walks the messages from `*from` on, asking `peek` of
    /// each (under the lock; it runs no user code). The first one a guard-free
    /// arm takes is removed and handed out, with its place (sequence number
    /// and tag) for [`Mailbox::reinsert`]; at one a guard must decide on the
    /// walk stops (`Look`), `*from` left on it for the in-place scan.
    /// Only plain and `{:EXIT}` messages are taken so: they have no index entry
    /// to restore.
    pub(crate) fn take_peeked(
        &mut self,
        from: &mut u64,
        types: Types<'_>,
        peek: &dyn Fn(&Message) -> Peek,
    ) -> Peeked {
        match self.0.as_deref_mut() {
            None => Peeked::Nothing,
            // Away: the in-place scan finds out why (it may be parked for
            // code a matcher calls, `nested.rs`).
            Some(q) if q.away => Peeked::Look,
            Some(q) => q.take_peeked(from, types, peek),
        }
    }

    /// Puts a message [`Mailbox::take_peeked`] took back in its place (the
    /// matcher refused it after all); the waits it may be for are woken.
    /// Deferred while the ring is away; dropped if the mailbox is gone (the
    /// process ended).
    pub(crate) fn reinsert(&mut self, seq: u64, tag: Tag, msg: Message, wakeups: &mut Wakeups) {
        if let Some(q) = self.0.as_mut() {
            let slot = Slot {
                seq,
                tag,
                body: Body::Message(msg),
            };
            if q.away {
                let until = q.next_seq;
                q.deferred.push(Deferred {
                    until,
                    op: Op::Reinsert(slot),
                });
            } else {
                q.reinsert(slot, wakeups);
            }
        }
    }
}

impl Detached {
    /// Lets go of a ring [`Mailbox::reattach`] emptied: it holds nothing to
    /// free, and its drop glue (for the slots it no longer holds) did not
    /// inline, a call per receive.
    #[inline]
    pub(crate) fn forget_emptied(emptied: Option<Detached>) {
        debug_assert!(emptied.as_ref().is_none_or(|d| d.slots.capacity() == 0));
        std::mem::forget(emptied);
    }

    /// Calls `f` on every message, oldest first (a reader's look).
    pub(crate) fn each(&mut self, mut f: impl FnMut(&Message)) {
        for slot in self.slots.iter_mut() {
            if let Some(msg) = slot.message() {
                f(msg);
            }
        }
    }
}

impl Slot {
    fn into_message(self) -> Option<Message> {
        match self.body {
            Body::Message(msg) => Some(msg),
            Body::Hole | Body::NormalDown(_) => None,
        }
    }
}

impl Queue {
    /// `true` if the ring is here, for `op` to be done now; otherwise keeps
    /// it for the ring's return (limited to the messages queued by now).
    pub(super) fn defer(&mut self, op: Op) -> bool {
        if !self.away {
            return true;
        }
        let until = self.next_seq;
        self.deferred.push(Deferred { until, op });
        false
    }

    fn run_deferred(&mut self, back: &mut Returned, wakeups: &mut Wakeups) {
        for Deferred { until, op } in std::mem::take(&mut self.deferred) {
            match op {
                Op::FlushDown(r#ref) => {
                    back.dropped
                        .extend(self.take_tagged(r#ref, until, |t| t.down));
                }
                Op::FlushOldestDown(r#ref, since) => {
                    self.flush_oldest_down(r#ref, since, until);
                }
                Op::FlushReply(r#ref) => {
                    back.dropped
                        .extend(self.take_tagged(r#ref, until, |t| t.reply));
                }
                Op::TakeWhere(select) => back.dropped.extend(self.take_where(until, select)),
                Op::Reinsert(slot) => {
                    back.rewind = Some(back.rewind.map_or(slot.seq, |r| r.min(slot.seq)));
                    self.reinsert(slot, wakeups);
                }
            }
        }
    }

    /// The upkeep of the private queue's return, detached or lent, once
    /// what the holder took is out: the flushes deferred meanwhile, the
    /// holes trimmed, and the waits that found it away woken.
    pub(super) fn after_away(&mut self, back: &mut Returned, wakeups: &mut Wakeups) {
        if !self.deferred.is_empty() {
            self.run_deferred(back, wakeups);
        }
        self.trim();
        if std::mem::take(&mut self.missed) {
            self.waiters.take_all(wakeups);
            back.missed = true;
        }
    }

    fn reinsert(&mut self, slot: Slot, wakeups: &mut Wakeups) {
        let msg = match &slot.body {
            Body::Message(msg) => Some(msg),
            _ => None,
        };
        self.waiters.on_message(slot.tag.waiters(), msg, wakeups);
        self.put_back(slot);
        self.live += 1;
    }

    /// Puts `slot` back in its place in sequence order: into its own slot,
    /// a hole, if that is still there, else inserted.
    pub(super) fn put_back(&mut self, slot: Slot) {
        let i = self.position(slot.seq);
        match self.slots.get_mut(i).filter(|s| s.seq == slot.seq) {
            Some(place) => place.body = slot.body,
            None => self.slots.insert(i, slot),
        }
    }

    fn take_peeked(
        &mut self,
        from: &mut u64,
        types: Types<'_>,
        peek: &dyn Fn(&Message) -> Peek,
    ) -> Peeked {
        let begin = self.start(*from);
        let verdict = |slot: &mut Slot, known: Option<&mut KnownType>| {
            let verdict = match slot.body {
                Body::Hole => return None,
                Body::NormalDown(_) if !types.accepts_type(TypeId::of::<Down>()) => Peek::No,
                // No arm's type: no pattern to ask (a call, and a downcast per
                // arm, for every message passed over).
                Body::Message(ref msg) if known.is_some_and(|k| !k.accepts(types, msg)) => Peek::No,
                _ => peek(slot.message()?),
            };
            (verdict != Peek::No).then_some(verdict)
        };
        // The first slot by index, asked of the patterns at once (the usual
        // receive takes it); the rest walked as slices, their types asked
        // first (a receive passing a long queue over).
        let mut known = KnownType::default();
        let found = match self.slots.get_mut(begin).map(|slot| verdict(slot, None)) {
            Some(Some(v)) => Some((begin, v)),
            Some(None) => ring::find_from(&mut self.slots, begin + 1, |slot| {
                verdict(slot, Some(&mut known))
            }),
            None => None,
        };
        if let Some((i, verdict)) = found {
            let (seq, tag) = (self.slots[i].seq, self.slots[i].tag);
            if verdict == Peek::Take && matches!(tag, Tag::Plain | Tag::Exit) {
                *from = seq + 1;
                return match self.take_at(i) {
                    Some(msg) => Peeked::Taken(seq, tag, msg),
                    None => Peeked::Nothing,
                };
            }
            *from = seq;
            return Peeked::Look;
        }
        *from = self.next_seq;
        Peeked::Nothing
    }
}
