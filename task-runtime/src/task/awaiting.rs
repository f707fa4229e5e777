//! `Task.await/2`: the reply, or the caller exits with Elixir's reason.

use super::Task;
use super::reply::{Outcome, reply_or_down};
use crate::inspect::{Inspect, Term};
use crate::runtime::current::exit_current;
use crate::runtime::receive::Receive;
use crate::{ExitReason, Timeout};

/// Waits for the task's reply (`Task.await/2`) and returns it. On failure the
/// **calling process exits**, as in Elixir:
///
/// | event | the caller exits with |
/// |---|---|
/// | no reply within `timeout` | `{:timeout, {Task, :await, [task, timeout]}}` |
/// | the task ended without replying with `r` | `{r, {Task, :await, [task, timeout]}}` |
/// | called from a process other than `task.owner` | an `ArgumentError`: `task %Task{..} must be queried from the owner but was queried from #PID<..>` |
///
/// A crash of the (linked) task normally kills a non-trapping caller first,
/// with the task's raw reason. After a timeout the task keeps running; its
/// late reply is dropped. Use [`Task::try_await`] to get the reason as an
/// `Err` instead.
///
/// # Panics
/// Outside any process, on failure (there is no process to exit): with
/// Elixir's text of the exit.
pub async fn await_task<T: Send + 'static>(task: Task<T>, timeout: Timeout) -> T {
    match task.try_await(timeout).await {
        Ok(value) => value,
        Err(reason) => match exit_current(reason).await {},
    }
}

impl<T: Send + 'static> Task<T> {
    /// Waits for the reply like [`await_task`], but returns the reason the
    /// caller would have exited with as an `Err` and leaves the caller
    /// running.
    ///
    /// Dropped before it finishes (a lost `select!`), it deactivates the
    /// reply: see [`Task`].
    pub async fn try_await(mut self, timeout: Timeout) -> Result<T, ExitReason> {
        let owner = self.owner_proc()?;
        self.start_await();
        let r#ref = self.r#ref;
        let matcher = reply_or_down::<T>(r#ref);
        // The owner's handle goes to the wait (not a clone of it: two atomic
        // operations per await); the timeout's clean-up, rare, asks again.
        let wait = Receive::for_task::<T>(owner, r#ref, self.since, matcher, timeout);
        let outcome = wait.then_demonitor(self.since).await;
        self.settle();
        match outcome {
            Some(Outcome::Reply(value)) => Ok(value),
            Some(Outcome::Down(reason)) => Err(self.exit_in("await", reason, timeout)),
            None => {
                if let Ok(owner) = self.owner_proc() {
                    owner.demonitor_flush_from(r#ref, self.since);
                }
                Err(self.exit_in("await", ExitReason::atom("timeout"), timeout))
            }
        }
    }

    /// `{reason, {Task, function, [task, timeout]}}`.
    pub(crate) fn exit_in(
        &self,
        function: &'static str,
        reason: ExitReason,
        timeout: impl Inspect,
    ) -> ExitReason {
        let args = vec![Term::of(self), Term::of(&timeout)];
        ExitReason::call(reason, "Elixir.Task", function, args)
    }
}
