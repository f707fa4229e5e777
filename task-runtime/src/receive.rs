//! Selective receive: scan the mailbox oldest first, take the first message
//! the matcher accepts, leave the rest in order, wait for more otherwise.

use crate::proc::{Message, Proc};
use crate::Timeout;
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::time::{Instant, Sleep};

pin_project! {
    /// The future of [`receive_with`](crate::process::receive_with).
    #[must_use = "a receive does nothing unless awaited"]
    pub struct Receive<M> {
        proc: Arc<Proc>,
        matcher: M,
        timeout: Timeout,
        #[pin]
        timer: Option<Sleep>,
    }
}

impl<M> Receive<M> {
    pub(crate) fn new(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive {
            proc,
            matcher,
            timeout,
            timer: None,
        }
    }
}

impl<R, M: FnMut(&mut Message) -> Option<R>> Future for Receive<M> {
    type Output = Option<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let mut this = self.project();
        // Registered before the scan, so a message pushed right after the
        // scan still wakes us.
        this.proc.waker.register(cx.waker());
        let found = {
            let mut state = this.proc.state.lock();
            if state.pending_exit.is_some() {
                // Dying: take nothing more; the process loop ends us.
                return Poll::Pending;
            }
            let mut found = None;
            for i in 0..state.mailbox.len() {
                if let Some(r) = (this.matcher)(&mut state.mailbox[i]) {
                    found = Some((i, r));
                    break;
                }
            }
            found.map(|(i, r)| (state.mailbox.remove(i), r))
        };
        if let Some((taken, r)) = found {
            drop(taken); // outside the lock: a user value's drop may do anything
            return Poll::Ready(Some(r));
        }
        match *this.timeout {
            Timeout::Infinity => Poll::Pending,
            Timeout::Ms(0) => Poll::Ready(None),
            Timeout::Ms(ms) => {
                if this.timer.is_none() {
                    let deadline = Instant::now() + std::time::Duration::from_millis(ms);
                    this.timer.set(Some(tokio::time::sleep_until(deadline)));
                }
                match this.timer.as_pin_mut().map(|t| t.poll(cx)) {
                    Some(Poll::Ready(())) => Poll::Ready(None),
                    _ => Poll::Pending,
                }
            }
        }
    }
}
