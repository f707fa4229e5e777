//! Starting tasks: `Task.async/1`, `Task.start/1`, `Task.start_link/1`.

use super::{Mfa, Task};
use crate::runtime::callers::Callers;
use crate::runtime::current::{current, with_owner};
use crate::runtime::proc::Reply;
use crate::runtime::report::Origin;
use crate::runtime::spawn::{Spawn, spawn_child, spawn_pid};
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
    let body = async move {
        let value = fut.await;
        Reply {
            // The owner, which is the task's peer: it links to it and
            // monitors it, so the reply needs no handle of its own.
            to: None,
            r#ref,
            msg: Box::new((r#ref, value)),
        }
    };
    with_owner("task::async_task", |owner, stand_in| {
        let opts = Spawn {
            // A stand-in owner is no caller: `$callers` names processes only.
            callers: Some(match stand_in {
                Some(_) => Callers::default(),
                None => Callers::started_by(Arc::clone(owner)),
            }),
            origin: Origin::Task { owner: owner.pid },
            what: "task::async_task",
            initial_call,
            ..Spawn::default()
        };
        // `since`: the owner's mailbox when the task is born, read under the
        // lock that relates them (no message before it can hold the ref).
        let (pid, since) = spawn_child(body, opts, owner, Some(r#ref));
        Task::made_at(mfa, owner.pid, pid, r#ref, stand_in, since)
    })
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
        origin: Origin::new_task(),
        what: "task::start_link",
        ..Spawn::default()
    };
    // Linked to the caller as a task to its owner, minus the monitor: the
    // child's half made with it, the caller's under one lock. (The caller's
    // handle is cloned rather than borrowed in a closure: the closure would
    // carry the future through tokio's task-local access, a copy of it.)
    Ok(match current() {
        Some(me) => spawn_child(discard(fut), opts, &me, None).0,
        None => spawn_pid(discard(fut), opts),
    })
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
    Ok(spawn_pid(discard(fut), opts))
}

async fn discard<F: Future>(fut: F) {
    drop(fut.await);
}
