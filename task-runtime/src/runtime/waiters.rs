//! The waits of one process: every receive and task await polled at once
//! registers its own waker here, so any number of them (`join_all`,
//! `FuturesUnordered`, `select!`) each wake when their message arrives.
//!
//! Two kinds, both kept in the mailbox's queue, under the process's lock:
//!
//! - a **receive** may take any message, so every new message wakes it;
//! - a **wait on a ref** (a task's await or yield) takes only that task's
//!   reply or `:DOWN`. The runtime tags those when it delivers them, so one
//!   delivery wakes exactly its own waiter (O(1), whatever the number of
//!   awaits pending). A reply or `:DOWN` that user code sends is a plain
//!   message: a plain `Down` wakes the waiter of the ref it names, and a
//!   plain message of some waiter's reply type (`(Ref, T)`) wakes the
//!   waiters expecting that type; any other message wakes none of them.
//!
//! A waker is taken out when it is woken (the wait registers again if it is
//! polled and still pending), and a wait dropped unfinished removes its
//! entry, so nothing outlives the waits that are pending. The wakers taken
//! under the lock are woken once it is released ([`Wakeups`]), by the
//! locking rule (`proc.rs`).
//!
//! The process's own waker (`Proc::waker`, its tokio task's) is separate:
//! exit signals wake it, messages do not.

use crate::Ref;
use crate::messages::{Down, Message};
use crate::runtime::seq_hash::SeqMap;
use std::any::{Any, TypeId};
use std::mem::ManuallyDrop;
use std::task::Waker;

/// A wait's entry, unique among one process's waits (from 1 on).
pub(crate) type WaiterId = u64;

/// The id of the entries of waits that keep none (`register_detached`).
pub(crate) const DETACHED: WaiterId = 0;

/// What a wait is waiting for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Interest {
    /// Any message.
    Any,
    /// The reply and `:DOWN` of this ref; the reply is a `(Ref, T)` whose
    /// type id is given.
    Ref(Ref, ReplyType),
}

/// A reply's type id, as the function that makes it: 8 bytes where a
/// `TypeId` is 16, in every pending task await.
#[derive(Clone, Copy)]
pub(crate) struct ReplyType(fn() -> TypeId);

impl ReplyType {
    /// The type id of a task reply `(Ref, T)`.
    pub(crate) fn of<T: 'static>() -> ReplyType {
        ReplyType(TypeId::of::<(Ref, T)>)
    }

    pub(crate) fn get(self) -> TypeId {
        (self.0)()
    }
}

impl PartialEq for ReplyType {
    fn eq(&self, other: &ReplyType) -> bool {
        self.get() == other.get()
    }
}

impl Eq for ReplyType {}

impl std::fmt::Debug for ReplyType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[derive(Default)]
pub(crate) struct Waiters {
    next_id: WaiterId,
    /// Receives, woken by any new message.
    any: Vec<(WaiterId, Waker)>,
    /// The wait on a ref most processes have at most one of (a task
    /// await), kept inline: no hashing on the one-await-at-a-time path.
    first: Option<(Ref, RefWaiter)>,
    /// Further waits on one ref each. A second wait on a ref already waited
    /// on (two `yield`s of one task in a `select!`) registers in `any`.
    more: SeqMap<Ref, RefWaiter>,
    /// The reply types of the `more` waits (each once), so that a plain
    /// message of another type wakes none of them without a look-up.
    more_types: Vec<TypeId>,
}

struct RefWaiter {
    id: WaiterId,
    reply_type: TypeId,
    waker: Waker,
}

impl Waiters {
    /// Registers (or refreshes) the waker of the wait `id` (given one on
    /// its first registration).
    pub(crate) fn register(
        &mut self,
        id: &mut Option<WaiterId>,
        interest: Interest,
        waker: &Waker,
    ) {
        let id = *id.get_or_insert_with(|| {
            self.next_id += 1;
            self.next_id
        });
        if let Interest::Ref(r, reply_type) = interest
            && self.register_ref(id, r, reply_type.get(), waker)
        {
            return;
        }
        match self.any.iter_mut().find(|(i, _)| *i == id) {
            Some((_, w)) => refresh(w, waker),
            None => self.any.push((id, waker.clone())),
        }
    }

    /// `false` if another wait holds `r` already.
    fn register_ref(&mut self, id: WaiterId, r: Ref, reply_type: TypeId, waker: &Waker) -> bool {
        let entry = || RefWaiter {
            id,
            reply_type,
            waker: waker.clone(),
        };
        match &mut self.first {
            Some((held, e)) if *held == r => {
                return e.id == id && {
                    refresh(&mut e.waker, waker);
                    true
                };
            }
            Some(_) => {}
            None if !self.more.contains_key(&r) => {
                self.first = Some((r, entry()));
                return true;
            }
            None => {}
        }
        match self.more.get_mut(&r) {
            Some(e) => {
                e.id == id && {
                    refresh(&mut e.waker, waker);
                    true
                }
            }
            None => {
                self.more.insert(r, entry());
                if !self.more_types.contains(&reply_type) {
                    self.more_types.push(reply_type);
                }
                true
            }
        }
    }

    /// Registers the waker of a wait that keeps no entry (id 0): once per
    /// distinct waker, taken out by the next message like the others.
    pub(crate) fn register_detached(&mut self, waker: &Waker) {
        if !self
            .any
            .iter()
            .any(|(i, w)| *i == DETACHED && w.will_wake(waker))
        {
            self.any.push((DETACHED, waker.clone()));
        }
    }

    /// Removes the wait `id`'s entry, if it is still there.
    pub(crate) fn remove(&mut self, id: WaiterId, interest: Interest) {
        if let Interest::Ref(r, _) = interest {
            if self
                .first
                .as_ref()
                .is_some_and(|(h, e)| *h == r && e.id == id)
            {
                self.first = None;
                return;
            }
            if self.more.get(&r).is_some_and(|e| e.id == id) {
                self.more.remove(&r);
                self.forget_types();
                return;
            }
        }
        if let Some(i) = self.any.iter().position(|(i, _)| *i == id) {
            self.any.swap_remove(i);
        }
    }

    /// Takes the wakers of the waits that a new message with `tag` (and
    /// body `msg`, for a plain one) may be for.
    #[inline]
    pub(crate) fn on_message(&mut self, to: RefTag, msg: Option<&Message>, out: &mut Wakeups) {
        // No wait with an entry (a process whose own task waits keeps none):
        // nothing to look at, and no call.
        if self.any.is_empty() && self.first.is_none() && self.more.is_empty() {
            return;
        }
        self.on_message_for(to, msg, out);
    }

    fn on_message_for(&mut self, to: RefTag, msg: Option<&Message>, out: &mut Wakeups) {
        if !self.any.is_empty() {
            for (_, waker) in self.any.drain(..) {
                out.add(waker);
            }
        }
        if self.first.is_none() && self.more.is_empty() {
            return;
        }
        match to {
            RefTag::Of(r) => self.wake_ref(r, out),
            RefTag::None => {}
            RefTag::Plain => {
                let Some(msg) = msg else { return };
                if let Some(down) = msg.downcast_ref::<Down>() {
                    self.wake_ref(down.r#ref, out);
                    return;
                }
                let ty = Any::type_id(&**msg);
                if self.first.as_ref().is_some_and(|(_, e)| e.reply_type == ty)
                    && let Some((_, e)) = self.first.take()
                {
                    out.add(e.waker);
                }
                if self.more_types.contains(&ty) {
                    self.more.retain(|_, e| {
                        let keep = e.reply_type != ty;
                        if !keep {
                            out.add(e.waker.clone());
                        }
                        keep
                    });
                    self.forget_types();
                }
            }
        }
    }

    fn wake_ref(&mut self, r: Ref, out: &mut Wakeups) {
        if self.first.as_ref().is_some_and(|(h, _)| *h == r) {
            if let Some((_, e)) = self.first.take() {
                out.add(e.waker);
            }
        } else if let Some(e) = self.more.remove(&r) {
            out.add(e.waker);
            self.forget_types();
        }
    }

    /// Every waker, for a process that ends (its waits then see it dead).
    pub(crate) fn take_all(&mut self, out: &mut Wakeups) {
        for (_, waker) in self.any.drain(..) {
            out.add(waker);
        }
        if let Some((_, e)) = self.first.take() {
            out.add(e.waker);
        }
        for (_, e) in self.more.drain() {
            out.add(e.waker);
        }
        self.more_types.clear();
    }

    /// Forgets the reply types once `more` is empty. (A type whose last
    /// wait went earlier stays until then: it only costs a look at `more`
    /// when a plain message of that type comes, and keeps removal O(1).)
    fn forget_types(&mut self) {
        if self.more.is_empty() {
            self.more_types.clear();
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.any.len() + usize::from(self.first.is_some()) + self.more.len()
    }
}

/// Which ref-waiters a new message concerns.
#[derive(Clone, Copy)]
pub(crate) enum RefTag {
    /// A reply or `:DOWN` the runtime tagged with this ref.
    Of(Ref),
    /// A user message: perhaps a hand-sent reply or `:DOWN`.
    Plain,
    /// A runtime message no task wait takes (`{:EXIT, ..}`).
    None,
}

fn refresh(slot: &mut Waker, waker: &Waker) {
    if !slot.will_wake(waker) {
        slot.clone_from(waker);
    }
}

/// Wakers taken out under a process's lock, to wake once it is released.
/// One (a message's own waiter, or a receive) needs no allocation.
///
/// Woken in place ([`Wakeups::wake`]), and dropped with no call: every send
/// and receive makes one. Moved into a call by value it was copied with
/// 16-byte loads of the 8-byte stores that made it, which the CPU cannot
/// forward (a stall of some ten cycles each time); and its drop glue, which
/// did not inline, was a call on every one. So the fields are
/// `ManuallyDrop` (emptied by `Option::take`, never dropped) and the drop
/// is ours, inlined to its test: whatever is still in it is woken then (a
/// wake-up too many is harmless; one lost is a hang).
#[must_use = "wakers taken out must be woken"]
#[derive(Default)]
pub(crate) struct Wakeups {
    first: ManuallyDrop<Option<Waker>>,
    // Boxed: one word, null when empty (as a `Wakeups` is nearly always),
    // where a `Vec` is three; the extra allocation is for two or more wakers.
    #[allow(clippy::box_collection)]
    rest: ManuallyDrop<Option<Box<Vec<Waker>>>>,
}

impl Wakeups {
    // `first` fills first: an empty `first` means no waker at all, which is
    // what nearly every merge and wake sees.
    #[inline]
    fn add(&mut self, waker: Waker) {
        match *self.first {
            None => *self.first = Some(waker),
            Some(_) => self.rest.get_or_insert_default().push(waker),
        }
    }

    /// Adds a waker taken from elsewhere (a process's own task's).
    pub(crate) fn add_waker(&mut self, waker: Waker) {
        self.add(waker);
    }

    /// Adds `other`'s wakers to these.
    #[inline]
    pub(crate) fn merge(&mut self, mut other: Wakeups) {
        if other.first.is_some() {
            self.merge_slow(&mut other);
        }
    }

    #[cold]
    fn merge_slow(&mut self, other: &mut Wakeups) {
        let first = other.first.take();
        let rest = other.rest.take();
        if self.first.is_none() {
            *self.first = first;
            *self.rest = rest;
            return;
        }
        let mine = self.rest.get_or_insert_default();
        mine.extend(first);
        mine.extend(rest.into_iter().flat_map(|rest| *rest));
    }

    /// Wakes them all, leaving none: call with no lock held. Inlined to its
    /// test: the usual empty set costs a compare, not a call.
    #[inline(always)]
    pub(crate) fn wake(&mut self) {
        if self.first.is_some() {
            self.wake_all();
        }
    }

    fn wake_all(&mut self) {
        if let Some(first) = self.first.take() {
            first.wake();
        }
        // Almost always none: no iterator to make and drop then.
        if let Some(rest) = self.rest.take() {
            for w in *rest {
                w.wake();
            }
        }
    }
}

impl Drop for Wakeups {
    #[inline(always)]
    fn drop(&mut self) {
        self.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_ref;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counter() -> (Arc<Count>, Waker) {
        let c = Arc::new(Count(AtomicUsize::new(0)));
        (Arc::clone(&c), Waker::from(c))
    }

    fn woken(c: &Count) -> usize {
        c.0.load(Ordering::SeqCst)
    }

    fn ty<T: 'static>() -> ReplyType {
        ReplyType::of::<T>()
    }

    #[test]
    fn wakeups_wake_once_in_place_and_a_dropped_set_wakes_what_is_left() {
        let counters: Vec<_> = (0..3).map(|_| counter()).collect();
        let mut woken_in_place = Wakeups::default();
        for (_, waker) in &counters {
            woken_in_place.add_waker(waker.clone());
        }
        woken_in_place.wake();
        woken_in_place.wake(); // emptied by the first: nothing twice
        drop(woken_in_place);
        assert_eq!(
            counters.iter().map(|(c, _)| woken(c)).collect::<Vec<_>>(),
            [1, 1, 1]
        );
        // Merged into another, then dropped unwoken (an unwinding path): none
        // is lost.
        let mut left = Wakeups::default();
        left.add_waker(counters[0].1.clone());
        let mut other = Wakeups::default();
        other.add_waker(counters[1].1.clone());
        other.add_waker(counters[2].1.clone());
        left.merge(other);
        drop(left);
        assert_eq!(
            counters.iter().map(|(c, _)| woken(c)).collect::<Vec<_>>(),
            [2, 2, 2]
        );
    }

    #[test]
    fn a_tagged_delivery_wakes_only_its_own_wait() {
        let mut w = Waiters::default();
        let refs: Vec<Ref> = (0..1000).map(|_| make_ref()).collect();
        let counters: Vec<_> = refs
            .iter()
            .map(|r| {
                let (c, waker) = counter();
                w.register(&mut None, Interest::Ref(*r, ty::<u32>()), &waker);
                c
            })
            .collect();
        let mut out = Wakeups::default();
        w.on_message(RefTag::Of(refs[500]), None, &mut out);
        out.wake();
        let total: usize = counters.iter().map(|c| woken(c)).sum();
        assert_eq!((total, woken(&counters[500])), (1, 1));
        assert_eq!(w.len(), 999);
    }

    #[test]
    fn plain_messages_wake_receives_and_only_the_ref_waits_they_may_be_for() {
        let mut w = Waiters::default();
        let (r1, r2) = (make_ref(), make_ref());
        let (any, any_w) = counter();
        let (c1, w1) = counter();
        let (c2, w2) = counter();
        w.register(&mut None, Interest::Any, &any_w);
        w.register(&mut None, Interest::Ref(r1, ty::<u32>()), &w1);
        w.register(&mut None, Interest::Ref(r2, ty::<String>()), &w2);
        let plain = |w: &mut Waiters, msg: Message| {
            let mut out = Wakeups::default();
            w.on_message(RefTag::Plain, Some(&msg), &mut out);
            out.wake();
        };
        plain(&mut w, Box::new("unrelated"));
        assert_eq!((woken(&any), woken(&c1), woken(&c2)), (1, 0, 0));
        plain(&mut w, Box::new((r2, String::new())));
        assert_eq!((woken(&c1), woken(&c2)), (0, 1));
        let down = Down {
            r#ref: r1,
            pid: crate::Pid::next(),
            reason: crate::ExitReason::Normal,
        };
        plain(&mut w, Box::new(down));
        assert_eq!((woken(&c1), w.len()), (1, 0));
    }

    #[test]
    fn a_second_wait_on_one_ref_and_removal_by_id() {
        let mut w = Waiters::default();
        let r = make_ref();
        let (a, wa) = counter();
        let (b, wb) = counter();
        let (mut ida, mut idb) = (None, None);
        w.register(&mut ida, Interest::Ref(r, ty::<u32>()), &wa);
        w.register(&mut idb, Interest::Ref(r, ty::<u32>()), &wb);
        w.register(&mut idb, Interest::Ref(r, ty::<u32>()), &wb);
        assert_eq!(w.len(), 2);
        let mut out = Wakeups::default();
        w.on_message(RefTag::Of(r), None, &mut out);
        out.wake();
        assert_eq!((woken(&a), woken(&b)), (1, 1));
        w.register(&mut ida, Interest::Ref(r, ty::<u32>()), &wa);
        w.remove(idb.unwrap(), Interest::Ref(r, ty::<u32>()));
        assert_eq!(w.len(), 1, "removing b leaves a's entry for the same ref");
        w.remove(ida.unwrap(), Interest::Ref(r, ty::<u32>()));
        assert_eq!(w.len(), 0);
    }
}
