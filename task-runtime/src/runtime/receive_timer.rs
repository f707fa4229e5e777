//! The timer of a receive with a timeout, reused from one receive to the next.

use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
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
        // The waker the `Sleep` holds from its last poll, while it still
        // holds it (none once it fired or was reset): a poll with the same
        // waker would only hand it the same waker again, a clone and a drop
        // in tokio's timer entry (~110 instructions of each `Task.await`,
        // whose reused timer is polled once per await with the process's
        // own task's waker).
        polled_with: Option<Waker>,
    }
}

impl ReceiveTimer {
    pub(crate) fn new(deadline: Instant) -> Pin<Box<ReceiveTimer>> {
        Box::pin(ReceiveTimer {
            sleep: tokio::time::sleep_until(deadline),
            deadline,
            polled_with: None,
        })
    }

    /// Points a reused timer at `deadline`; re-armed now only if it would
    /// otherwise fire after it.
    pub(crate) fn retarget(self: Pin<&mut Self>, deadline: Instant) {
        let this = self.project();
        *this.deadline = deadline;
        if this.sleep.deadline() > deadline {
            this.sleep.reset(deadline);
            *this.polled_with = None;
        }
    }

    /// Ready once the deadline has passed.
    pub(crate) fn poll_deadline(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        let waker = cx.waker();
        if this
            .polled_with
            .as_ref()
            .is_some_and(|w| w.will_wake(waker))
            && !this.sleep.is_elapsed()
        {
            // Armed, and it wakes this waker when it fires.
            return Poll::Pending;
        }
        loop {
            // Out of coop budget, the `Sleep` returns `Pending` without
            // taking the waker: only a poll with budget left registers it.
            let registers = tokio::task::coop::has_budget_remaining();
            if this.sleep.as_mut().poll(cx).is_pending() {
                *this.polled_with = registers.then(|| waker.clone());
                return Poll::Pending;
            }
            *this.polled_with = None;
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
    async fn a_timer_polled_out_of_coop_budget_still_fires() {
        // Out of budget, tokio's `Sleep` registers no waker: the next poll
        // with the same waker must not take it for armed.
        let mut timer = ReceiveTimer::new(Instant::now() + Duration::from_millis(100));
        let mut first = true;
        let fired = tokio::time::timeout(
            Duration::from_secs(1),
            poll_fn(|cx| {
                if std::mem::take(&mut first) {
                    while tokio::task::coop::has_budget_remaining() {
                        let _ = std::pin::pin!(tokio::task::coop::consume_budget()).poll(cx);
                    }
                    // Pending, and the `Sleep` wakes us for a new budget.
                    assert!(timer.as_mut().poll_deadline(cx).is_pending());
                    return Poll::Pending;
                }
                timer.as_mut().poll_deadline(cx)
            }),
        )
        .await;
        assert!(fired.is_ok(), "the timer never fired");
    }

    #[tokio::test(start_paused = true)]
    async fn a_timer_polled_again_with_the_same_waker_fires_once_reset() {
        let start = Instant::now();
        let mut timer = ReceiveTimer::new(start + Duration::from_millis(500));
        let mut polls = 0;
        poll_fn(|cx| {
            polls += 1;
            if polls == 1 {
                assert!(timer.as_mut().poll_deadline(cx).is_pending());
                assert!(timer.as_mut().poll_deadline(cx).is_pending());
                // Re-armed earlier: the next poll hands the `Sleep` the waker again.
                timer.as_mut().retarget(start + Duration::from_millis(50));
            }
            timer.as_mut().poll_deadline(cx)
        })
        .await;
        assert_eq!(Instant::now() - start, Duration::from_millis(50));
    }

    #[tokio::test(start_paused = true)]
    async fn a_timer_armed_later_is_re_armed_for_the_new_deadline() {
        let start = Instant::now();
        let mut timer = ReceiveTimer::new(start + Duration::from_millis(1000));
        timer.as_mut().retarget(start + Duration::from_millis(50));
        assert_eq!(fired(&mut timer).await, Duration::from_millis(50));
    }
}
