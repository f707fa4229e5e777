//! Starting tasks: `Task.async/1`, `Task.start/1`, `Task.start_link/1`.

use super::{Mfa, Task};
use crate::runtime::callers::Callers;
use crate::runtime::current::{current, current_or_stand_in_for};
use crate::runtime::proc::Reply;
use crate::runtime::report::Origin;
use crate::runtime::spawn::{Spawn, spawn_process};
use crate::{Pid, make_ref};
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

/// The value of a task: it travels to the task's owner as a message, so it
/// must be `Send` and own its data. Every `Send + 'static` type is one.
#[diagnostic::on_unimplemented(
    message = "a task's value must be `Send`: `{Self}` cannot be sent to the task's owner",
    label = "this task returns `{Self}`",
    note = "the value of a task travels to its owner as a message: return an owned, `Send` value (an `Arc` rather than an `Rc`)"
)]
pub trait TaskValue: Send + 'static {}

impl<T: Send + 'static> TaskValue for T {}

/// Runs `fut` as a new task process linked to and monitored by the caller
/// (`Task.async/1`); the value it returns is sent to the caller as
/// `(task.ref, value)` and read by [`await_task`](super::await_task).
///
/// Link rules, as in Elixir: if the task crashes with a reason `r`, a caller
/// that does not trap exits dies with `r`; if the caller dies with a reason
/// other than `:normal`, so does the task.
///
/// Called outside any process (a plain `#[tokio::main]`), the task's owner is
/// a stand-in process that traps exits and lives as long as the returned
/// handle: `.await` on the handle then reports a crash as an `Err`, and
/// dropping the handle leaves the task running, unlinked.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let task = task_runtime::task::async_task(async { "blah" });
/// assert!(format!("{task:?}").starts_with("%Task{mfa: {:erlang, :apply, 2}, owner: #PID<0."));
/// assert_eq!(task.await, Ok("blah"));
/// # }
/// ```
pub fn async_task<F>(fut: F) -> Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: TaskValue,
{
    spawn_task(Mfa::APPLY, fut, None)
}

/// [`async_task`] recording `mfa` (`Task.async(Mod, :fun, args)`).
///
/// The task's `$initial_call` is `mfa` too (`process::info`).
pub fn async_mfa<F>(mfa: Mfa, fut: F) -> Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: TaskValue,
{
    let initial_call = Some(mfa.clone());
    spawn_task(mfa, fut, initial_call)
}

/// `async_task` and `async_mfa`: only the latter records an `$initial_call`
/// (a plain task's is `{:erlang, :apply, 2}`, recorded nowhere).
fn spawn_task<F>(mfa: Mfa, fut: F, initial_call: Option<Mfa>) -> Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: TaskValue,
{
    let r#ref = make_ref();
    let (owner, stand_in) = current_or_stand_in_for("task::async_task");
    let reply_to = Arc::clone(&owner);
    let body = async move {
        let value = fut.await;
        Reply {
            to: reply_to,
            r#ref,
            msg: Box::new((r#ref, value)),
        }
    };
    let owner_pid = owner.pid;
    // Before the task exists: no message before this can hold its ref.
    let since = owner.state.lock().mailbox.end_seq();
    let opts = Spawn {
        link: Some(Arc::clone(&owner)),
        // A stand-in owner is no caller: `$callers` names processes only.
        callers: Some(match stand_in {
            Some(_) => Callers::default(),
            None => Callers::started_by(Arc::clone(&owner)),
        }),
        monitor: Some((owner, r#ref)),
        origin: Origin::Task { owner: owner_pid },
        what: "task::async_task",
        initial_call,
        ..Spawn::default()
    };
    let proc = spawn_process(body, opts);
    Task::made_at(mfa, owner_pid, proc.pid, r#ref, stand_in, since)
}

/// Runs `fut` as a task process linked to the caller (`Task.start_link/1`).
/// Its value is discarded and never reaches the caller; only its exit does,
/// by the link rules (a trapping caller gets `{:EXIT, pid, :normal}`).
/// Outside any process there is nothing to link to: it is [`start`].
///
/// The error type is [`Infallible`], so `let Ok(pid) = start_link(..);`
/// matches like Elixir's `{:ok, pid} = Task.start_link(...)`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let Ok(pid) = task_runtime::task::start_link(async { "blah" });
/// assert!(format!("{:?}", Ok::<_, ()>(pid)).starts_with("Ok(#PID<0."));
/// # }
/// ```
pub fn start_link<F>(fut: F) -> Result<Pid, Infallible>
where
    F: Future + Send + 'static,
{
    let opts = Spawn {
        link: current(),
        origin: Origin::new_task(),
        what: "task::start_link",
        ..Spawn::default()
    };
    Ok(spawn_process(discard(fut), opts).pid)
}

/// Runs `fut` as a task process linked to nobody (`Task.start/1`). Its value
/// is discarded; a crash is reported and affects nobody.
pub fn start<F>(fut: F) -> Result<Pid, Infallible>
where
    F: Future + Send + 'static,
{
    let opts = Spawn {
        origin: Origin::new_task(),
        what: "task::start",
        ..Spawn::default()
    };
    Ok(spawn_process(discard(fut), opts).pid)
}

async fn discard<F: Future>(fut: F) {
    drop(fut.await);
}
