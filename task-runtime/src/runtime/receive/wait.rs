//! A wait's poll ([`Wait::poll_take`]): the scan under the lock for the
//! runtime's matchers, `receive!`'s in-place peek, a user's matcher run in
//! place over the private queue taken out of the state with no lock held
//! (or given the lone message to look at, lent out of its slot), and the
//! registration of a wait that found nothing.

use super::*;
use crate::runtime::mailbox::Lend;

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
    // Inline (as `inspect`): a generic whose caller (`Receive::poll`,
    // `future.rs`) is in another module, so its copy would land in another
    // codegen unit and not be inlined: 6 % more instructions per `receive!`
    // round trip after the split, none with it (icount, cachegrind).
    #[inline]
    pub(crate) fn poll_take<R>(
        &mut self,
        cx: &mut Context<'_>,
        kind: Matcher<'_>,
        mut matcher: impl FnMut(&mut Message) -> Option<R>,
        then: impl FnOnce(&mut State, &Message) -> Option<(Ref, Demonitored)>,
        pending: impl FnOnce(&mut State),
    ) -> Poll<R> {
        // The fields borrowed apart, so the lock guard can borrow `proc`
        // while the marker and the entry change: no `Arc` clone and drop
        // (two atomic read-modify-writes) per poll.
        let Wait {
            proc,
            interest,
            scanned,
            id,
        } = self;
        let (proc, interest): (&Proc, Interest) = (proc, *interest);
        let mut wakeups = Wakeups::default();
        let mut state = proc.state.lock();
        if !state.alive {
            drop(state);
            dead(proc.pid);
        }
        if state.pending_exit.is_none() {
            let found = match (kind, interest) {
                (Matcher::Runtime, Interest::Ref(r, _)) => {
                    state.mailbox.take_for_ref(r, scanned, &mut matcher)
                }
                (Matcher::Runtime, Interest::Any) => {
                    state.mailbox.take_first(scanned, &mut matcher)
                }
                (Matcher::User { types, peek, quick }, _) => 'user: {
                    if let Some(peek) = peek.filter(|_| quick && *id == NO_ENTRY) {
                        match state.mailbox.take_peeked(scanned, types, peek) {
                            Peeked::Taken(seq, tag, mut msg) => {
                                drop(state);
                                // Nothing to do under the lock after a match:
                                // no waiter entry, no timer (`quick`).
                                match catch_unwind(AssertUnwindSafe(|| matcher(&mut msg))) {
                                    Ok(Some(r)) => {
                                        drop(msg);
                                        // Consumed, not dropped: `wake` is
                                        // inlined to its emptiness test, the
                                        // drop was a call (29 instructions).
                                        wakeups.wake();
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
                            // Nothing any arm can take: nothing to scan.
                            Peeked::Nothing => break 'user None,
                            Peeked::Look => {}
                        }
                    }
                    let (found, relocked) =
                        inspect(proc, scanned, state, types, &mut matcher, &mut wakeups);
                    state = relocked;
                    found
                }
            };
            if let Some((r, left)) = found {
                unregister(id, interest, &mut state);
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
        if *id == DETACHED {
            state.mailbox.register_detached(cx.waker());
        } else if interest == Interest::Any && is_own_task(proc, cx.waker()) {
            // Polled by the process's own task, not through a combinator:
            // the next message wakes that task (`Proc::push`), whose waker
            // is in place before a sender can see that it waits.
            unregister(id, interest, &mut state);
            register_own_waker(proc, cx.waker());
            state.own_task_waits = true;
        } else {
            let mut entry = (*id != NO_ENTRY).then_some(*id);
            state.mailbox.register(&mut entry, interest, cx.waker());
            *id = entry.unwrap_or(NO_ENTRY);
        }
        pending(&mut state);
        drop(state);
        wakeups.wake();
        Poll::Pending
    }
}

/// Offers messages to a user's matcher in order, in place in the private
/// queue taken out of the state (`mailbox/mod.rs`), with no lock held.
/// Returns the match and the lock, held again; `wakeups` gets the waits
/// that found the ring away meanwhile, to wake once the lock is released.
/// Messages that came while the matcher ran (the in-queue, spliced
/// behind on the ring's return) are offered in the same poll. When the
/// only message to look at is the last one (the usual receive, woken for
/// it), it alone is lent out of its slot (`mailbox/lent.rs`): the same rule
/// for everybody else, without the ring's detach and reattach.
#[inline]
fn inspect<'a, R>(
    proc: &'a Proc,
    scanned: &mut u64,
    mut state: parking_guard::Guard<'a>,
    types: Types<'_>,
    matcher: &mut impl FnMut(&mut Message) -> Option<R>,
    wakeups: &mut Wakeups,
) -> (Option<(R, Message)>, parking_guard::Guard<'a>) {
    let pid = proc.pid;
    // A lent message declined by a matcher whose code found the queue away:
    // its sequence number, to offer again with the queue parked.
    let mut again = None;
    loop {
        if state.mailbox.len() == 0 {
            // Nothing to look at (the usual first poll): the marker
            // moves to the end, and nothing is taken out.
            *scanned = state.mailbox.end_seq();
            return (None, state);
        }
        if state.mailbox.end_seq() <= *scanned {
            return (None, state); // nothing new to look at
        }
        let lend = match again {
            None => state.mailbox.lend(scanned, types),
            Some(_) => Lend::Scan,
        };
        let (found, back) = match lend {
            Lend::Nothing => return (None, state),
            // One message to look at (the usual second poll): lent out of
            // its slot, no detach (`mailbox/lent.rs`).
            Lend::One(mut lent) => {
                drop(state);
                mailbox::clear_missed();
                let outcome = catch_unwind(AssertUnwindSafe(|| matcher(&mut lent.msg)));
                if matches!(outcome, Ok(None)) {
                    match mailbox::missed_by(pid) {
                        true => again = Some(lent.seq()),
                        false => *scanned = lent.seq() + 1,
                    }
                }
                state = proc.state.lock();
                let took = matches!(outcome, Ok(Some(_)));
                match state.mailbox.give_back(lent, took, wakeups) {
                    // The usual return: nothing else happened meanwhile.
                    Ok(taken) => match outcome {
                        Ok(Some(r)) => return (taken.map(|msg| (r, msg)), state),
                        Ok(None) => continue,
                        Err(panic) => {
                            drop(state);
                            std::mem::take(wakeups).wake();
                            resume_unwind(panic);
                        }
                    },
                    Err(back) => (outcome, back),
                }
            }
            Lend::Scan => {
                // Used where `detach` put it, never moved (`Mailbox::reattach`).
                let mut detached = state.mailbox.detach();
                let Some(ring) = detached.as_mut() else {
                    // Away with another scan or a reader (its return wakes us),
                    // or with the scan whose matcher called us.
                    return inspect_parked(proc, scanned, state, types, matcher, wakeups);
                };
                drop(state);
                let outcome = catch_unwind(AssertUnwindSafe(|| match again.take() {
                    None => ring.look(pid, scanned, types, &mut *matcher),
                    Some(seq) => ring.look_again(pid, seq, scanned, types, &mut *matcher),
                }));
                state = proc.state.lock();
                let (taken, found) = match outcome {
                    Ok(Some((i, r))) => (Some(i), Ok(Some(r))),
                    Ok(None) => (None, Ok(None)),
                    Err(panic) => (None, Err(panic)),
                };
                let back = state.mailbox.reattach(ring, taken, wakeups);
                Detached::forget_emptied(detached);
                (found, back)
            }
        };
        if back.missed {
            proc.add_own_task(&mut state, wakeups);
        }
        if let Some(seq) = back.rewind {
            *scanned = (*scanned).min(seq);
        }
        let found = match found {
            Ok(found) => found,
            Err(panic) => {
                // Nothing was moved: every message is where the matcher
                // left it, back in the mailbox.
                drop(state);
                drop(back);
                std::mem::take(wakeups).wake();
                resume_unwind(panic);
            }
        };
        let orphaned = back.orphaned;
        let found = found.zip(back.taken);
        if !back.dropped.is_empty() {
            // User values, dropped outside the lock.
            drop(state);
            drop(back.dropped);
            state = proc.state.lock();
        }
        if found.is_some() {
            return (found, state);
        }
        if orphaned {
            drop(state);
            std::mem::take(wakeups).wake();
            dead(pid);
        }
    }
}

/// The private queue is away: if the scan whose matcher is running on
/// this thread (we are code it called) parked it, scans that, in place;
/// else finds nothing, leaving a mark for that scan to offer its message
/// again with the queue parked (`mailbox/nested.rs`).
#[cold]
fn inspect_parked<'a, R>(
    proc: &'a Proc,
    scanned: &mut u64,
    mut state: parking_guard::Guard<'a>,
    types: Types<'_>,
    matcher: &mut impl FnMut(&mut Message) -> Option<R>,
    wakeups: &mut Wakeups,
) -> (Option<(R, Message)>, parking_guard::Guard<'a>) {
    let pid = proc.pid;
    mailbox::missed(pid);
    let Some(mut ring) = mailbox::take_parked(pid) else {
        return (None, state);
    };
    drop(state);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        ring.look(pid, scanned, types, &mut *matcher)
    }));
    state = proc.state.lock();
    let found = match outcome {
        Ok(Some((i, r))) => state.mailbox.take_parked_at(&mut ring, i).map(|m| (r, m)),
        Ok(None) => {
            ring.keep_before_out(scanned);
            None
        }
        Err(panic) => {
            mailbox::put_parked(pid, ring);
            drop(state);
            std::mem::take(wakeups).wake();
            resume_unwind(panic);
        }
    };
    mailbox::put_parked(pid, ring);
    (found, state)
}

/// A wait's entry, if it has one; it has none after this.
#[inline]
fn take_id(id: &mut WaiterId) -> Option<WaiterId> {
    Some(std::mem::replace(id, NO_ENTRY)).filter(|&id| id != NO_ENTRY && id != DETACHED)
}

#[inline]
fn unregister(id: &mut WaiterId, interest: Interest, state: &mut State) {
    if let Some(id) = take_id(id) {
        state.mailbox.unregister(id, interest);
    }
}

/// A wait on a process that has ended: only a wait polled outside the
/// process's own code can see that (the process's code is not polled
/// again once it ends), and it must not sleep silently.
#[cold]
fn dead(pid: crate::Pid) -> ! {
    panic!(
        "a receive of process {:?} was polled after that process ended \
         (polled from {:?}): waits belong to their process",
        pid,
        current_pid()
    )
}

impl Drop for Wait {
    // Inline: dropped in the user's crate (`Receive`'s drop glue), where a
    // call was made for a test of `NO_ENTRY` (the usual finished wait).
    #[inline]
    fn drop(&mut self) {
        if let Some(id) = take_id(&mut self.id) {
            self.proc.state.lock().mailbox.unregister(id, self.interest);
        }
    }
}
