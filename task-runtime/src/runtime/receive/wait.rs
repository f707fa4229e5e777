//! A wait's poll ([`Wait::poll_take`]): the scan under the lock for the
//! runtime's matchers, `receive!`'s in-place peek, the batches a user's
//! matcher looks at with no lock held, and the registration of a wait that
//! found nothing.

use super::*;

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
    #[inline]
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
