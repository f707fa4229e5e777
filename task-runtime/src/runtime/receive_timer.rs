//! The timer of a receive with a timeout, reused from one receive to the next.

use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::time::{Instant, Sleep};

pin_project! {
    /// A tokio `Sleep` and the deadline it stands for. The `Sleep` may be
    /// armed earlier than the deadline: a timer taken over from an earlier
    /// receive keeps that receive's earlier deadline, and is re-armed only if
    /// it fires before ours. A process awaiting task after task with
    /// `Task.await`'s 5 s timeout thus re-arms its timer once every 5 s, not
    /// once per await.
    pub(crate) struct ReceiveTimer {
        #[pin]
        sleep: Sleep,
        deadline: Instant,
    }
}

impl ReceiveTimer {
    pub(crate) fn new(deadline: Instant) -> Pin<Box<ReceiveTimer>> {
        Box::pin(ReceiveTimer {
            sleep: tokio::time::sleep_until(deadline),
            deadline,
        })
    }

    /// Points a reused timer at `deadline`; re-armed now only if it would
    /// otherwise fire after it.
    pub(crate) fn retarget(self: Pin<&mut Self>, deadline: Instant) {
        let this = self.project();
        *this.deadline = deadline;
        if this.sleep.deadline() > deadline {
            this.sleep.reset(deadline);
        }
    }

    /// Ready once the deadline has passed.
    pub(crate) fn poll_deadline(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        loop {
            ready!(this.sleep.as_mut().poll(cx));
            if this.sleep.deadline() >= *this.deadline {
                return Poll::Ready(());
            }
            // Fired at an earlier receive's deadline: on to ours.
            this.sleep.as_mut().reset(*this.deadline);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::poll_fn;
    use std::time::Duration;

    async fn fired(timer: &mut Pin<Box<ReceiveTimer>>) -> Duration {
        let start = Instant::now();
        poll_fn(|cx| timer.as_mut().poll_deadline(cx)).await;
        Instant::now() - start
    }

    #[tokio::test(start_paused = true)]
    async fn a_timer_armed_earlier_fires_at_the_new_deadline_not_the_old_one() {
        let start = Instant::now();
        let mut timer = ReceiveTimer::new(start + Duration::from_millis(100));
        timer.as_mut().retarget(start + Duration::from_millis(300));
        assert_eq!(fired(&mut timer).await, Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn a_timer_armed_later_is_re_armed_for_the_new_deadline() {
        let start = Instant::now();
        let mut timer = ReceiveTimer::new(start + Duration::from_millis(1000));
        timer.as_mut().retarget(start + Duration::from_millis(50));
        assert_eq!(fired(&mut timer).await, Duration::from_millis(50));
    }
}
