//! Selective receive: scan the mailbox oldest first, take the first message
//! the matcher accepts, leave the rest in order, wait for more otherwise.
//!
//! Every wait is its own waiter ([`Wait`], `waiters.rs`): a receive or a
//! task await registers its own waker when it is pending and removes it
//! when it finishes or is dropped, so any number of them can be polled at
//! once, from the process's tokio task or any other.
//!
//! **No user code under the lock.** A user's matcher (`receive!`'s patterns
//! and guards, `receive_with`) runs with no lock held: the message it looks
//! at is taken out of its slot first and put back in place if the matcher
//! declines it or panics, so a guard may call anything (`Process.alive?`,
//! `message_queue_len`, `send`) and a panicking guard loses no message. The
//! runtime's own matchers (task replies, `:DOWN`s, stream and supervisor
//! protocol messages) run inside the lock: they are ours, they only
//! downcast and move, and a task await stays one lock.

use crate::messages::{Down, Message};
use crate::runtime::current::{current_pid, is_own_task};
use crate::runtime::mailbox::{Batch, Peeked, Types};
use crate::runtime::proc::{Demonitored, Proc, State};
use crate::runtime::receive_timer::ReceiveTimer;
use crate::runtime::waiters::{DETACHED, Interest, ReplyType, WaiterId, Wakeups};
use crate::{Ref, Timeout};
use pin_project_lite::pin_project;
use std::any::TypeId;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::time::Instant;

/// `Receive::timeout` for `:infinity` (a wait of `u64::MAX` ms is one too).
const INFINITY: u64 = u64::MAX;

/// `Receive::matching` for a user's matcher, and for the runtime's with no
/// monitor to remove (no mailbox reaches that many messages).
const USER_MATCHER: u64 = u64::MAX;
const RUNTIME_MATCHER: u64 = u64::MAX - 1;

fn timeout_of(ms: u64) -> Timeout {
    match ms {
        INFINITY => Timeout::Infinity,
        ms => Timeout::Ms(ms),
    }
}

/// A [`Wait`] with no entry among the waiters (ids count from 1 up; the
/// detached entries share 0).
const NO_ENTRY: WaiterId = WaiterId::MAX;

/// One wait's place in its process's mailbox: what it looks at, where it
/// stopped scanning, and its entry among the waiters. Dropping it removes
/// the entry.
pub(crate) struct Wait {
    pub(crate) proc: Arc<Proc>,
    interest: Interest,
    /// The plain messages before this sequence number were already offered
    /// (Erlang's receive marker; for a task wait, the messages that came
    /// before the task existed, which cannot hold its ref).
    scanned: u64,
    /// Its entry among the waiters, or [`NO_ENTRY`] (a bare `u64`: every
    /// byte of a pending wait is in every idle process).
    id: WaiterId,
}

/// How a matcher is run.
#[derive(Clone, Copy)]
pub(crate) enum Matcher<'a> {
    /// The runtime's own: under the lock.
    Runtime,
    /// A user's: with no lock held, under `catch_unwind`, offered only the
    /// messages of the types it can take.
    User {
        types: Types<'a>,
        /// `receive!`'s arms' patterns asked in place under the lock: a
        /// message a guard-free arm takes is removed at once.
        peek: Option<&'a dyn Fn(&Message) -> Peek>,
        /// The match needs no lock after it (no timer to keep): only then is
        /// a peeked message taken in the same critical section as the scan.
        quick: bool,
    },
}

/// What `receive!`'s patterns say of a message, asked under the mailbox lock
/// (they are matched in place with their bindings made `_`: nothing is moved
/// and no user code runs). Not public API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peek {
    /// No arm can take it.
    No,
    /// The first arm whose pattern matches has no guard: it takes it.
    Take,
    /// An arm with a guard matches first: its guard decides, outside the lock.
    Look,
}

impl Wait {
    /// A wait for any message, scanning from the start of the mailbox.
    pub(crate) fn any(proc: Arc<Proc>) -> Wait {
        Wait {
            proc,
            interest: Interest::Any,
            scanned: 0,
            id: NO_ENTRY,
        }
    }

    /// A wait for the reply `(r#ref, T)` or the `:DOWN` of `r#ref` (a task
    /// made when the owner's mailbox was at `since`).
    pub(crate) fn for_ref<T: 'static>(proc: Arc<Proc>, r#ref: Ref, since: u64) -> Wait {
        Wait {
            proc,
            interest: Interest::Ref(r#ref, ReplyType::of::<T>()),
            scanned: since,
            id: NO_ENTRY,
        }
    }

    /// Takes the first message `matcher` accepts, or registers `cx`'s waker
    /// and returns `Pending`. `then` runs under the same lock as a match,
    /// given what the matcher left of the message (a task await's demonitor,
    /// which a taken `:DOWN` skips); `pending` under the same lock as a miss
    /// (a receive's timer bookkeeping).
    pub(crate) fn poll_take<R>(
        &mut self,
        cx: &mut Context<'_>,
        kind: Matcher<'_>,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
        then: impl FnOnce(&mut State, &Message) -> Option<(Ref, Demonitored)>,
        pending: impl FnOnce(&mut State),
    ) -> Poll<R> {
        let proc = Arc::clone(&self.proc);
        let mut wakeups = Wakeups::default();
        let mut state = proc.state.lock();
        if !state.alive {
            drop(state);
            self.dead();
        }
        if state.pending_exit.is_none() {
            let found = match (kind, self.interest) {
                (Matcher::Runtime, Interest::Ref(r, _)) => {
                    state
                        .mailbox
                        .take_for_ref(r, &mut self.scanned, &mut matcher)
                }
                (Matcher::Runtime, Interest::Any) => {
                    state.mailbox.take_first(&mut self.scanned, &mut matcher)
                }
                (Matcher::User { types, peek, quick }, _) => 'user: {
                    if let Some(peek) = peek.filter(|_| quick && self.id == NO_ENTRY) {
                        match state.mailbox.take_peeked(&mut self.scanned, types, peek) {
                            Peeked::Taken(seq, tag, mut msg) => {
                                drop(state);
                                // Nothing to do under the lock after a match:
                                // no waiter entry, no timer (`quick`).
                                match catch_unwind(AssertUnwindSafe(|| matcher(&mut msg))) {
                                    Ok(Some(r)) => {
                                        drop(msg);
                                        return Poll::Ready(r);
                                    }
                                    outcome => {
                                        // The matcher panicked (a drop of what the
                                        // pattern leaves), or refused what the
                                        // pattern in place accepted (it cannot by
                                        // construction): what the slot holds goes
                                        // back in its place, as after a look.
                                        state = proc.state.lock();
                                        state.mailbox.reinsert(seq, tag, msg, &mut wakeups);
                                        if let Err(panic) = outcome {
                                            drop(state);
                                            wakeups.wake();
                                            resume_unwind(panic);
                                        }
                                    }
                                }
                            }
                            // Nothing any arm can take: no batch to look at.
                            Peeked::Nothing => break 'user None,
                            Peeked::Look => {}
                        }
                    }
                    let (found, relocked) =
                        self.inspect(&proc, state, types, &mut matcher, &mut wakeups);
                    state = relocked;
                    found
                }
            };
            if let Some((r, left)) = found {
                self.unregister(&mut state);
                let undone = then(&mut state, &left);
                drop(state);
                wakeups.wake();
                drop(left); // outside the lock: a user value's drop may do anything
                if let Some((r#ref, undone)) = undone {
                    let _ = undone.finish(r#ref);
                }
                return Poll::Ready(r);
            }
        }
        // Dying: take nothing more; the process loop ends us (a wait polled
        // elsewhere is woken when the mailbox goes, and finds it dead).
        if self.id == DETACHED {
            state.mailbox.register_detached(cx.waker());
        } else if self.interest == Interest::Any && is_own_task(&proc, cx.waker()) {
            // Polled by the process's own task, not through a combinator:
            // the next message wakes that task (`Proc::push`).
            self.unregister(&mut state);
            state.own_task_waits = true;
        } else {
            let mut id = (self.id != NO_ENTRY).then_some(self.id);
            state.mailbox.register(&mut id, self.interest, cx.waker());
            self.id = id.unwrap_or(NO_ENTRY);
        }
        pending(&mut state);
        drop(state);
        wakeups.wake();
        Poll::Pending
    }

    /// Offers messages to a user's matcher in order, a batch at a time taken
    /// out of their slots with the lock released meanwhile. Returns the match
    /// and the lock, held again; `wakeups` gets the waits that passed a
    /// message by while it was out, to wake once the lock is released.
    fn inspect<'a, R>(
        &mut self,
        proc: &'a Proc,
        mut state: parking_guard::Guard<'a>,
        types: Types<'_>,
        matcher: &mut impl FnMut(&mut Message) -> Option<R>,
        wakeups: &mut Wakeups,
    ) -> (Option<(R, Message)>, parking_guard::Guard<'a>) {
        let mut batch = Batch::new();
        // The first message passed by while out with another wait: the
        // marker goes back to it once this one waits (`inspect_batch`). The
        // messages after it are then offered again: a guard may run twice on
        // one, never is one lost.
        let mut resume = None;
        loop {
            state
                .mailbox
                .inspect_batch(&mut self.scanned, &mut resume, &mut batch, types);
            if batch.is_empty() {
                if let Some(seq) = resume {
                    self.scanned = self.scanned.min(seq);
                }
                return (None, state);
            }
            drop(state);
            // The first message the matcher takes (its index), or its panic.
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                batch
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, (_, msg))| matcher(msg).map(|r| (i, r)))
            }));
            state = proc.state.lock();
            let (found, panic) = match outcome {
                Ok(Some((i, r))) => {
                    let (seq, msg) = batch.remove(i);
                    state.mailbox.remove_inspected(seq);
                    (Some((r, msg)), None)
                }
                Ok(None) => (None, None),
                Err(panic) => (None, Some(panic)),
            };
            // Everything else goes back in its place, offered or not; the
            // orphans had none left (the process ended meanwhile).
            let orphans = if batch.is_empty() {
                Vec::new() // the usual receive: it took the one it looked at
            } else {
                let (orphans, passed) = state.mailbox.put_back_batch(batch.drain(..), wakeups);
                if passed {
                    proc.add_own_task(&mut state, wakeups);
                }
                orphans
            };
            if let Some(panic) = panic {
                drop(state);
                drop(orphans);
                std::mem::take(wakeups).wake();
                resume_unwind(panic);
            }
            if !orphans.is_empty() && found.is_none() {
                drop(state);
                drop(orphans);
                std::mem::take(wakeups).wake();
                self.dead();
            }
            if found.is_some() {
                if !orphans.is_empty() {
                    // Dropped outside the lock, as any user value.
                    drop(state);
                    drop(orphans);
                    state = proc.state.lock();
                }
                return (found, state);
            }
        }
    }

    /// Its entry, if it has one; it has none after this.
    fn take_id(&mut self) -> Option<WaiterId> {
        Some(std::mem::replace(&mut self.id, NO_ENTRY))
            .filter(|&id| id != NO_ENTRY && id != DETACHED)
    }

    fn unregister(&mut self, state: &mut State) {
        if let Some(id) = self.take_id() {
            state.mailbox.unregister(id, self.interest);
        }
    }

    /// A wait on a process that has ended: only a wait polled outside the
    /// process's own code can see that (the process's code is not polled
    /// again once it ends), and it must not sleep silently.
    #[cold]
    fn dead(&self) -> ! {
        panic!(
            "a receive of process {:?} was polled after that process ended \
             (polled from {:?}): waits belong to their process",
            self.proc.pid,
            current_pid()
        )
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        if let Some(id) = self.take_id() {
            self.proc.state.lock().mailbox.unregister(id, self.interest);
        }
    }
}

/// The lock guard type `Proc::state` hands out.
mod parking_guard {
    #[cfg(not(feature = "shuttle"))]
    pub(crate) type Guard<'a> = parking_lot::MutexGuard<'a, crate::runtime::proc::State>;
    #[cfg(feature = "shuttle")]
    pub(crate) type Guard<'a> = shuttle::sync::MutexGuard<'a, crate::runtime::proc::State>;
}

pin_project! {
    /// The future of [`receive_with`](crate::process::receive_with) (and
    /// of `receive!`, whose `T` names the message types its arms take).
    #[must_use = "a receive does nothing unless awaited"]
    pub struct Receive<M, T = AnyType> {
        wait: Wait,
        matcher: M,
        // Zero-sized: `AnyType`, or `receive!`'s closure comparing `TypeId`s.
        types: T,
        // The timeout in ms, `INFINITY` for `:infinity`; with `demonitor`, a
        // bare `u64` rather than an enum: every byte of a pending receive is
        // in every idle process (tokio's task cell grows in 128-byte steps).
        timeout: u64,
        // How the matcher runs, in one word: `USER_MATCHER`, `RUNTIME_MATCHER`,
        // or a sequence number: the runtime's matcher, and on a reply also
        // remove that ref's monitor and flush its oldest `:DOWN` (hand-sent
        // ones from this sequence number on), under the same lock
        // (`Task.await`'s `demonitor(ref, [:flush])`).
        matching: u64,
        // Boxed and made on first need (or taken from the mailbox, where the
        // last receive left it): an idle process waiting forever should not
        // carry a timer's bytes.
        timer: Option<Pin<Box<ReceiveTimer>>>,
    }
}

/// Which message types a user's matcher is offered (the second parameter of
/// [`Receive`]): any, or those of `receive!`'s arms. Not public API.
#[doc(hidden)]
pub trait MessageTypes {
    /// `None` for any type; else asked under the mailbox lock, so it must
    /// only compare `TypeId`s.
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool>;

    /// `receive!`'s patterns matched in place, asked under the mailbox lock.
    fn peek(&self) -> Option<&dyn Fn(&Message) -> Peek> {
        None
    }
}

/// Every message type: what [`receive_with`](crate::process::receive_with)'s
/// closure is offered.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnyType;

impl MessageTypes for AnyType {
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool> {
        None
    }
}

/// The message types `receive!`'s arms name and their patterns in place (two
/// closures that capture nothing, so a pending receive is no larger).
/// Not public API.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct OnlyTypes<F, P>(pub(crate) F, pub(crate) P);

impl<F: Fn(TypeId) -> bool, P: Fn(&Message) -> Peek> MessageTypes for OnlyTypes<F, P> {
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool> {
        Some(&self.0)
    }

    fn peek(&self) -> Option<&dyn Fn(&Message) -> Peek> {
        Some(&self.1)
    }
}

impl<F, P> fmt::Debug for OnlyTypes<F, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnlyTypes")
    }
}

impl<M, T> fmt::Debug for Receive<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receive")
            .field("pid", &self.wait.proc.pid)
            .field("timeout", &timeout_of(self.timeout))
            .finish_non_exhaustive()
    }
}

impl<M> Receive<M> {
    /// A receive that only considers the task reply `(r#ref, T)` and the
    /// `:DOWN` tagged with `r#ref` (found without scanning the mailbox), and
    /// the plain messages that came after `since` (hand-sent ones).
    pub(crate) fn for_task<T: 'static>(
        proc: Arc<Proc>,
        r#ref: Ref,
        since: u64,
        matcher: M,
        timeout: Timeout,
    ) -> Receive<M> {
        Receive::with(
            Wait::for_ref::<T>(proc, r#ref, since),
            false,
            matcher,
            timeout,
        )
    }

    /// Once a reply matches, the monitor `ref` of [`Receive::for_task`]
    /// (a task made when the mailbox was at `since`) is removed and its
    /// oldest `:DOWN` flushed, as if by `demonitor(ref, [:flush])` right
    /// after, but without taking the lock again. A matched `:DOWN` leaves
    /// the monitor as it is, as `Task.await`'s `{:DOWN, ^ref, ..}` clause
    /// does: the monitor fired, or the `:DOWN` was hand-sent and the task's
    /// own reply and `:DOWN` are still to come.
    pub(crate) fn then_demonitor(self, since: u64) -> Receive<M> {
        Receive {
            matching: since.min(RUNTIME_MATCHER - 1),
            ..self
        }
    }

    /// A receive of any message with a user's matcher (run with no lock held).
    pub(crate) fn new(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive::with(Wait::any(proc), true, matcher, timeout)
    }

    /// The same receive, offered only the messages whose type `types`
    /// accepts (`receive!`'s arms' types), `peek` saying under the lock which
    /// ones an arm without a guard takes.
    pub(crate) fn only_types<F, P>(self, types: F, peek: P) -> Receive<M, OnlyTypes<F, P>>
    where
        F: Fn(TypeId) -> bool,
        P: Fn(&Message) -> Peek,
    {
        let Receive {
            wait,
            matcher,
            types: AnyType,
            timeout,
            matching,
            timer,
        } = self;
        Receive {
            wait,
            matcher,
            types: OnlyTypes(types, peek),
            timeout,
            matching,
            timer,
        }
    }

    /// A receive of any message with one of the runtime's matchers.
    pub(crate) fn runtime(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive::with(Wait::any(proc), false, matcher, timeout)
    }

    fn with(wait: Wait, user: bool, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive {
            wait,
            matcher,
            types: AnyType,
            timeout: match timeout {
                Timeout::Infinity => INFINITY,
                Timeout::Ms(ms) => ms.min(INFINITY - 1),
            },
            matching: match user {
                true => USER_MATCHER,
                false => RUNTIME_MATCHER,
            },
            timer: None,
        }
    }
}

impl<R, M: FnMut(&mut Message) -> Option<R>, T: MessageTypes> Future for Receive<M, T> {
    type Output = Option<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let this = self.project();
        let wants_timer =
            matches!(timeout_of(*this.timeout), Timeout::Ms(ms) if ms > 0) && this.timer.is_none();
        let (kind, demonitor) = match (*this.matching, this.wait.interest) {
            (USER_MATCHER, _) => (
                Matcher::User {
                    types: match this.types.only() {
                        None => Types::All,
                        Some(only) => Types::Only(only),
                    },
                    peek: this.types.peek(),
                    quick: this.timer.is_none(),
                },
                None,
            ),
            (RUNTIME_MATCHER, _) | (_, Interest::Any) => (Matcher::Runtime, None),
            (since, Interest::Ref(r, _)) => (Matcher::Runtime, Some((r, since))),
        };
        let timer = this.timer;
        let mut spare = None;
        let mut kept = None;
        let polled = this.wait.poll_take(
            cx,
            kind,
            &mut *this.matcher,
            |state, left| {
                if let Some(timer) = timer.take() {
                    kept = state.mailbox.keep_timer(timer);
                }
                let (r, since) = demonitor.filter(|_| !left.is::<Down>())?;
                Some((r, Demonitored::take_flushing(state, r, since)))
            },
            |state| {
                if wants_timer {
                    spare = state.mailbox.take_timer();
                }
            },
        );
        drop(kept);
        if let Poll::Ready(r) = polled {
            return Poll::Ready(Some(r));
        }
        match timeout_of(*this.timeout) {
            Timeout::Infinity => Poll::Pending,
            Timeout::Ms(0) => Poll::Ready(None),
            Timeout::Ms(ms) => {
                let timer = timer.get_or_insert_with(|| {
                    let deadline = Instant::now() + std::time::Duration::from_millis(ms);
                    match spare {
                        Some(mut reused) => {
                            reused.as_mut().retarget(deadline);
                            reused
                        }
                        None => ReceiveTimer::new(deadline),
                    }
                });
                timer.as_mut().poll_deadline(cx).map(|()| None)
            }
        }
    }
}

/// Polls a receive of the runtime's once, for a caller that keeps no
/// receive between polls (a stream's `poll_next`). Its waker stays
/// registered after this returns `Pending` (one entry per distinct waker)
/// and is taken out by the next message, so the caller is woken by it.
pub(crate) fn poll_detached<R>(
    proc: &Arc<Proc>,
    matcher: impl FnMut(&mut Message) -> Option<R>,
    cx: &mut Context<'_>,
) -> Poll<R> {
    let mut wait = Wait {
        proc: Arc::clone(proc),
        interest: Interest::Any,
        scanned: 0,
        // Registered without an entry of its own, left when it is dropped.
        id: DETACHED,
    };
    wait.poll_take(cx, Matcher::Runtime, matcher, |_, _| None, |_| {})
}
