//! Selective receive: scan the mailbox oldest first, take the first message
//! the matcher accepts, leave the rest in order, wait for more otherwise.

use crate::messages::Message;
use crate::runtime::proc::{Demonitored, Proc};
use crate::runtime::receive_timer::ReceiveTimer;
use crate::{Ref, Timeout};
use pin_project_lite::pin_project;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::time::Instant;

pin_project! {
    /// The future of [`receive_with`](crate::process::receive_with).
    #[must_use = "a receive does nothing unless awaited"]
    pub struct Receive<M> {
        proc: Arc<Proc>,
        matcher: M,
        timeout: Timeout,
        // The messages before this sequence number were already offered to
        // the matcher (Erlang's receive marker: a long wait does not rescan
        // the whole mailbox on every new message).
        scanned: u64,
        // Look only at the reply and `:DOWN` tagged with this ref (task awaits).
        only: Option<Ref>,
        // On a match, also remove that ref's monitor and flush its `:DOWN`,
        // under the same lock (`Task.await`'s `demonitor(ref, [:flush])`).
        demonitor: bool,
        // Boxed and made on first need (or taken from the mailbox, where the
        // last receive left it): an idle process waiting forever should not
        // carry a timer's bytes.
        timer: Option<Pin<Box<ReceiveTimer>>>,
    }
}

impl<M> fmt::Debug for Receive<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receive")
            .field("pid", &self.proc.pid)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<M> Receive<M> {
    /// A receive that only considers the task reply and the `:DOWN` tagged
    /// with `r#ref`, found without scanning the mailbox.
    pub(crate) fn for_task(
        proc: Arc<Proc>,
        r#ref: Ref,
        matcher: M,
        timeout: Timeout,
    ) -> Receive<M> {
        Receive {
            only: Some(r#ref),
            ..Receive::new(proc, matcher, timeout)
        }
    }

    /// Once a message matches, the monitor `ref` of [`Receive::for_task`]
    /// is removed and its `:DOWN` flushed, as if by `demonitor(ref, [:flush])`
    /// right after, but without taking the lock again.
    pub(crate) fn then_demonitor(self) -> Receive<M> {
        Receive {
            demonitor: true,
            ..self
        }
    }

    pub(crate) fn new(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive {
            proc,
            matcher,
            timeout,
            scanned: 0,
            only: None,
            demonitor: false,
            timer: None,
        }
    }
}

impl<R, M: FnMut(&mut Message) -> Option<R>> Future for Receive<M> {
    type Output = Option<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let this = self.project();
        // Registered before the scan, so a message pushed right after the
        // scan still wakes us.
        this.proc.waker.register(cx.waker());
        let wants_timer =
            matches!(*this.timeout, Timeout::Ms(ms) if ms > 0) && this.timer.is_none();
        let mut spare = None;
        let found = {
            let mut state = this.proc.state.lock();
            if state.pending_exit.is_some() {
                // Dying: take nothing more; the process loop ends us.
                return Poll::Pending;
            }
            let found = match *this.only {
                Some(r) => {
                    let found = state.mailbox.take_tagged_first(r, &mut *this.matcher);
                    let undone = (found.is_some() && *this.demonitor)
                        .then(|| (r, Demonitored::take(&mut state, r, true)));
                    found.map(|found| (found, undone))
                }
                None => {
                    let from = std::mem::replace(this.scanned, state.mailbox.end_seq());
                    let found = state.mailbox.take_first(from, &mut *this.matcher);
                    found.map(|found| (found, None))
                }
            };
            match (&found, this.timer.take()) {
                (Some(_), Some(timer)) => spare = state.mailbox.keep_timer(timer),
                (Some(_), None) => {}
                (None, timer) => {
                    *this.timer = timer;
                    if wants_timer {
                        spare = state.mailbox.take_timer();
                    }
                }
            }
            found
        };
        if let Some(((r, taken), undone)) = found {
            drop(taken); // outside the lock: a user value's drop may do anything
            drop(spare);
            if let Some((r#ref, undone)) = undone {
                let _ = undone.finish(r#ref);
            }
            return Poll::Ready(Some(r));
        }
        match *this.timeout {
            Timeout::Infinity => Poll::Pending,
            Timeout::Ms(0) => Poll::Ready(None),
            Timeout::Ms(ms) => {
                let timer = this.timer.get_or_insert_with(|| {
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
