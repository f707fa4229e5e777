//! Code a user's matcher calls on its own process (a guard's nested receive,
//! `Process.info(self(), :messages)`): it runs while the private queue is out
//! with the very scan that called it, on the same thread.
//!
//! Its first try finds the queue away (nothing taken, nothing listed) and
//! says so in a thread-local ([`missed`]). If the matcher then declines the
//! message at hand, the scan offers it again with the queue *parked* in
//! another thread-local, where such code finds it ([`take_parked`]): all of
//! the queue but the message at hand, out of its slot meanwhile, as Erlang's
//! guard sees the mailbox. So a matcher runs at most twice on one message,
//! and only when it called such code and declined; a matcher that took the
//! message keeps its result (what it returned may own the message). The
//! fast path pays a thread-local write per scan and a read per declined
//! message.

use super::private::KnownType;
use super::*;
use std::cell::{Cell, RefCell};

thread_local! {
    /// The process whose private queue a wait or reader on this thread last
    /// found away.
    static MISSED: Cell<Option<Pid>> = const { Cell::new(None) };
    /// The private queue a scan on this thread parked around a matcher's
    /// second look, and its process.
    static PARKED: RefCell<Option<(Pid, Detached)>> = const { RefCell::new(None) };
}

/// A wait or reader of `pid` on this thread found its private queue away.
pub(crate) fn missed(pid: Pid) {
    MISSED.set(Some(pid));
}

/// Forgets any earlier [`missed`] on this thread, before a matcher runs.
#[inline]
pub(crate) fn clear_missed() {
    MISSED.set(None);
}

/// Whether code a matcher called found `pid`'s private queue away since
/// [`clear_missed`].
#[inline]
pub(crate) fn missed_by(pid: Pid) -> bool {
    MISSED.get() == Some(pid)
}

/// The private queue of `pid` if a scan on this thread parked it (the
/// caller is code its matcher called): to scan or read with no lock held,
/// then hand back with [`put_parked`].
pub(crate) fn take_parked(pid: Pid) -> Option<Detached> {
    PARKED.with_borrow_mut(|parked| match parked.take() {
        Some((p, ring)) if p == pid => Some(ring),
        other => {
            *parked = other;
            None
        }
    })
}

/// Hands back what [`take_parked`] gave.
pub(crate) fn put_parked(pid: Pid, ring: Detached) {
    PARKED.set(Some((pid, ring)));
}

/// What one pass of [`Detached::scan`] found.
pub(super) enum Scan<R> {
    /// The matcher took the message at this index.
    Took(usize, R),
    /// It took none.
    Nothing,
    /// It declined the message at this index after code it called found the
    /// queue away: to offer again, parked.
    Again(usize),
}

impl Detached {
    /// Offers the messages from `*from` on whose type `types` accepts to
    /// `matcher`, in place, oldest first: the index of the first it takes.
    /// `*from` moves past the ring when none is taken. User code: call with
    /// no lock held, under `catch_unwind` (a panic leaves every slot as the
    /// matcher left it, and the ring goes back whole).
    #[inline]
    pub(crate) fn look<R>(
        &mut self,
        pid: Pid,
        from: &mut u64,
        types: Types<'_>,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(usize, R)> {
        loop {
            match self.scan(pid, from, types, &mut matcher) {
                Scan::Took(i, r) => return Some((i, r)),
                Scan::Nothing => return None,
                Scan::Again(i) => {
                    if let Some(r) = self.offer_parked(pid, i, &mut matcher) {
                        return Some((i, r));
                    }
                    *from = self.slots[i].seq + 1;
                }
            }
        }
    }

    /// [`Detached::look`] after a lent message (`lent.rs`) with sequence
    /// number `seq` was declined by a matcher whose code found the queue
    /// away: that message is offered again parked first, as `look` does
    /// after such a decline (so the matcher runs at most twice on it), then
    /// the rest from `*from` on.
    #[cold]
    pub(crate) fn look_again<R>(
        &mut self,
        pid: Pid,
        seq: u64,
        from: &mut u64,
        types: Types<'_>,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<(usize, R)> {
        let i = ring::position(&self.slots, seq);
        let offered = self
            .slots
            .get(i)
            .is_some_and(|s| s.seq == seq && matches!(s.body, Body::Message(_)));
        if offered {
            if let Some(r) = self.offer_parked(pid, i, &mut matcher) {
                return Some((i, r));
            }
            *from = (*from).max(seq + 1);
        }
        self.look(pid, from, types, matcher)
    }

    /// Offers the message at `i` again, out of its slot, with the rest of
    /// the queue parked for the code the matcher calls; it goes back in its
    /// slot whatever happens (a panic goes on once it is back).
    #[cold]
    fn offer_parked<R>(
        &mut self,
        pid: Pid,
        i: usize,
        matcher: &mut impl FnMut(&mut Message) -> Option<R>,
    ) -> Option<R> {
        let Body::Message(mut msg) = std::mem::replace(&mut self.slots[i].body, Body::Hole) else {
            return None; // not reached: `scan` offered it as a message
        };
        let end = self.end;
        let mut ring = std::mem::replace(
            self,
            Detached {
                slots: VecDeque::new(),
                end,
                out: None,
            },
        );
        ring.out = Some(ring.slots[i].seq);
        let outer = PARKED.replace(Some((pid, ring)));
        let outcome = catch_unwind(AssertUnwindSafe(|| matcher(&mut msg)));
        let parked = PARKED.replace(outer);
        // Code the matcher called hands the queue back before it returns or
        // unwinds (`put_parked`).
        if let Some((_, ring)) = parked {
            *self = ring;
            self.out = None;
        }
        if let Some(slot) = self.slots.get_mut(i) {
            slot.body = Body::Message(msg);
        }
        MISSED.set(None);
        match outcome {
            Ok(r) => r,
            Err(panic) => resume_unwind(panic),
        }
    }

    #[inline]
    fn scan<R>(
        &mut self,
        pid: Pid,
        from: &mut u64,
        types: Types<'_>,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
    ) -> Scan<R> {
        MISSED.set(None);
        let begin = ring::start(&self.slots, *from);
        let mut known = KnownType::default();
        let found = ring::find_from(&mut self.slots, begin, |slot| {
            let wanted = match &slot.body {
                Body::Message(msg) => known.accepts(types, msg),
                // A `:DOWN` is made into a message only for a receive that
                // can take one.
                Body::NormalDown(_) => types.accepts_type(TypeId::of::<Down>()),
                Body::Hole => false,
            };
            if !wanted {
                return None;
            }
            match matcher(slot.message()?) {
                Some(r) => Some(Some(r)),
                None if MISSED.get() == Some(pid) => Some(None),
                None => None,
            }
        });
        match found {
            Some((i, Some(r))) => return Scan::Took(i, r),
            Some((i, None)) => return Scan::Again(i),
            None => {}
        }
        *from = self.end;
        Scan::Nothing
    }
}

impl Detached {
    /// The marker a nested wait keeps after scanning this ring: never past
    /// the message out with the matcher that called it (it comes back).
    pub(crate) fn keep_before_out(&self, scanned: &mut u64) {
        if let Some(out) = self.out {
            *scanned = (*scanned).min(out);
        }
    }
}

impl Mailbox {
    /// Takes the message at `i` of a parked ring (the match of a nested
    /// scan), with its bookkeeping.
    pub(crate) fn take_parked_at(&mut self, ring: &mut Detached, i: usize) -> Option<Message> {
        let slot = ring.slots.get_mut(i)?;
        let Body::Message(msg) = std::mem::replace(&mut slot.body, Body::Hole) else {
            return None;
        };
        let tag = slot.tag;
        if let Some(q) = self.0.as_mut() {
            q.forget(tag);
        }
        Some(msg)
    }
}
