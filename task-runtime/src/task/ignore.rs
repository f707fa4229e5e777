//! `Task.ignore/1`: let a task run on, unlinked, and drop its reply.

use super::reply::{Outcome, reply_or_down};
use super::{Task, TaskResult};
use crate::inspect::Term;
use crate::runtime::current::raise;
use crate::runtime::receive::Receive;
use crate::{ExitReason, Timeout};
use std::sync::Arc;

/// Ignores a running task (`Task.ignore/1`): it keeps running, **unlinked**
/// (its crash no longer reaches the caller, nor the caller's crash it), and
/// its reply is dropped when it comes. Returns what was already there:
///
/// | mailbox | result |
/// |---|---|
/// | the reply `v` | `{:ok, v}` (the task is unlinked and demonitored all the same) |
/// | the task's `:DOWN` with `r` | `{:exit, r}` |
/// | nothing yet | `nil` |
///
/// `ignore` takes the task by value: in Elixir a task can still be awaited
/// (the wait runs out), yielded (`nil`) or shut down (`{:exit, :noproc}`)
/// after it; in Rust reusing it is a compile error.
///
/// The caller exits with an `ArgumentError` when it is not the task's owner,
/// and with `{:badarg, []}` for a task made by [`completed`](super::completed),
/// as Elixir 1.14's `Process.unlink(nil)` makes it (a `rescue` there reads it
/// as `ArgumentError`, "errors were found at the given arguments: * 1st
/// argument: not a pid"); the stored result is consumed first, as there.
/// [`Task::try_ignore`] returns these instead.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{inspect::inspect, process, task};
/// # task_runtime::root::spawn_root(async {
/// let t = task::async_task(async {
///     process::sleep(50_u64).await;
///     "dropped"
/// });
/// let pid = t.pid;
/// assert_eq!(inspect(&task::ignore(t).await), "nil");
/// assert!(process::alive(pid)); // still running; its reply will vanish
/// # }).await.unwrap();
/// # }
/// ```
pub async fn ignore<T: Send + 'static>(task: Task<T>) -> Option<TaskResult<T>> {
    match task.ignore_in_place().await {
        Ok(result) => result,
        Err(reason) => raise(reason).await,
    }
}

impl<T: Send + 'static> Task<T> {
    /// [`ignore`], with the reason the caller would exit with as an `Err`.
    pub async fn try_ignore(self) -> Result<Option<TaskResult<T>>, ExitReason> {
        self.ignore_in_place().await
    }

    /// [`Task::try_ignore`] leaving the handle with its holder:
    /// `yield_many` ignores tasks whose handles it returns.
    pub(crate) async fn ignore_in_place(&self) -> Result<Option<TaskResult<T>>, ExitReason> {
        let owner = self.owner_proc()?;
        let r#ref = self.r#ref;
        let matcher = reply_or_down::<T>(r#ref);
        let found = Receive::for_task::<T>(
            Arc::clone(&owner),
            r#ref,
            self.since,
            matcher,
            Timeout::Ms(0),
        );
        let found = found.await;
        let result = match found {
            Some(Outcome::Down(reason)) => {
                self.settle();
                return Ok(Some(TaskResult::Exit(reason)));
            }
            Some(Outcome::Reply(value)) => Some(TaskResult::Ok(value)),
            None => None,
        };
        if self.pid.is_nil() {
            // What `Process.unlink(nil)` exits with: an Erlang `badarg` error
            // (`rescue` in Elixir reads it as an `ArgumentError`: "errors were
            // found at the given arguments: * 1st argument: not a pid").
            return Err(ExitReason::Term(Term::tuple([
                Term::atom("badarg"),
                Term::list([]),
            ])));
        }
        owner.unlink(self.pid);
        owner.demonitor_flush_from(r#ref, self.since);
        self.settle();
        Ok(result)
    }
}
