//! `Task.yield/2`: poll a task for its result without giving up on it.

use super::reply::{Outcome, reply_or_down};
use super::{Task, TaskResult};
use crate::runtime::current::raise;
use crate::runtime::receive::Receive;
use crate::{ExitReason, Timeout};

/// Waits up to `timeout` for the task's result (`Task.yield/2`):
///
/// | event | result |
/// |---|---|
/// | the task replied `v` | `Some(TaskResult::Ok(v))`, printed `{:ok, v}` |
/// | the task ended with `r` without replying | `Some(TaskResult::Exit(r))`, printed `{:exit, r}` |
/// | neither within `timeout` | `None`, printed `nil` |
///
/// On `None` the task keeps running and stays monitored: `yield_task` can be
/// called again, and its reply (then its `:DOWN`) will still arrive. After a
/// `Some` the task is done with; a further `yield_task` waits its timeout and
/// returns `None`.
///
/// `{:exit, r}` is only seen when the crash did not kill the caller first:
/// the task exited `:normal`, is not linked (a supervisor's
/// [`async_nolink`](crate::supervisor::TaskSupervisor::async_nolink)), or
/// the caller traps exits. A trapping caller keeps the `{:EXIT, pid, r}`
/// message in its mailbox.
///
/// Called from a process other than `task.owner`, the caller exits with an
/// `ArgumentError` (`task %Task{..} must be queried from the owner but was
/// queried from #PID<..>`); [`Task::try_yield`] returns it instead. The
/// idiom `Task.yield(task, t) || Task.shutdown(task)` is
/// `match yield_task(&task, t).await { Some(r) => Some(r), None => shutdown(task, ..).await }`.
///
/// # Panics
/// Outside any process, when the task is not owned by a stand-in (see
/// [`async_task`](super::async_task)): there is no process to exit.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{inspect::inspect, process, task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let t = task::async_task(async {
///     process::sleep(200_u64).await;
///     "slow"
/// });
/// assert_eq!(inspect(&task::yield_task(&t, Timeout::ms(10)).await), "nil");
/// let done = task::yield_task(&t, Timeout::ms(2_000)).await;
/// assert_eq!(inspect(&done), r#"{:ok, "slow"}"#);
/// # }).await.unwrap();
/// # }
/// ```
pub async fn yield_task<T: Send + 'static>(
    task: &Task<T>,
    timeout: Timeout,
) -> Option<TaskResult<T>> {
    match task.try_yield(timeout).await {
        Ok(result) => result,
        Err(reason) => raise(reason).await,
    }
}

impl<T: Send + 'static> Task<T> {
    /// [`yield_task`], with the owner check's `ArgumentError` as an `Err`
    /// instead of an exit of the caller.
    pub async fn try_yield(&self, timeout: Timeout) -> Result<Option<TaskResult<T>>, ExitReason> {
        let owner = self.owner_proc()?;
        let r#ref = self.r#ref;
        let matcher = reply_or_down::<T>(r#ref);
        let outcome = Receive::for_task::<T>(owner, r#ref, self.since, matcher, timeout)
            .then_demonitor(self.since)
            .await;
        if outcome.is_some() {
            self.settle();
        }
        Ok(match outcome {
            Some(Outcome::Reply(value)) => Some(TaskResult::Ok(value)),
            Some(Outcome::Down(reason)) => Some(TaskResult::Exit(reason)),
            None => None,
        })
    }
}
