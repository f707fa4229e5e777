//! `Task.await_many/2` and `Task.yield_many/2`: many tasks, one deadline.

use super::reply::{Outcome, down_reason, reply_or_down, take_reply};
use super::{OnTimeout, Task, TaskResult, YieldManyOptions};
use crate::inspect::Term;
use crate::messages::Message;
use crate::runtime::current::raise;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::time::{deadline, until};
use crate::{ExitReason, Ref, Timeout};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Waits for all the tasks' replies and returns them **in the order of
/// `tasks`** (`Task.await_many/2`), whatever order they finish in. One
/// deadline covers the whole call.
///
/// Every task's owner is checked before anything is consumed. On failure the
/// still-pending tasks are demonitored (their later replies are dropped;
/// they keep running, linked) and the **calling process exits**:
///
/// | event | the caller exits with |
/// |---|---|
/// | the deadline passes | `{:timeout, {Task, :await_many, [tasks, timeout]}}` |
/// | a pending task ends with `r` without replying | `{r, {Task, :await_many, [tasks, timeout]}}` |
/// | a task has another owner | an `ArgumentError` (see [`await_task`](super::await_task)) |
///
/// As with `await`, a linked task's crash normally kills a non-trapping
/// caller first, with the raw reason. [`try_await_many`] returns the reason
/// instead.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let tasks = [300_u64, 100, 200].map(|ms| task::async_task(async move {
///     process::sleep(ms).await;
///     ms
/// }));
/// assert_eq!(task::await_many(tasks.into(), Timeout::DEFAULT).await, [300, 100, 200]);
/// # }).await.unwrap();
/// # }
/// ```
pub async fn await_many<T: Send + 'static>(tasks: Vec<Task<T>>, timeout: Timeout) -> Vec<T> {
    match try_await_many(tasks, timeout).await {
        Ok(values) => values,
        Err(reason) => raise(reason).await,
    }
}

/// [`await_many`], with the reason the caller would have exited with as an
/// `Err`; the caller keeps running.
pub async fn try_await_many<T: Send + 'static>(
    tasks: Vec<Task<T>>,
    timeout: Timeout,
) -> Result<Vec<T>, ExitReason> {
    let owners = Owners::check(&tasks)?;
    let mut pending: FxHashMap<Ref, usize> = FxHashMap::default();
    for (i, task) in tasks.iter().enumerate() {
        pending.insert(task.r#ref, i);
    }
    let mut values: Vec<Option<T>> = tasks.iter().map(|_| None).collect();
    let deadline = deadline(timeout);
    while !pending.is_empty() {
        let found = owners.receive_any::<T>(&pending, until(deadline)).await;
        let reason = match found {
            Some((r#ref, Outcome::Reply(value))) => {
                let i = pending.remove(&r#ref).unwrap_or_default();
                owners.owner(i).demonitor_flush_from(r#ref, tasks[i].since);
                values[i] = Some(value);
                continue;
            }
            Some((_, Outcome::Down(reason))) => reason,
            None => ExitReason::atom("timeout"),
        };
        for (&r#ref, &i) in &pending {
            owners.owner(i).demonitor_flush_from(r#ref, tasks[i].since);
        }
        let args = vec![Term::of(&tasks), Term::of(&timeout)];
        tasks.iter().for_each(Task::settle);
        return Err(ExitReason::call(reason, "Elixir.Task", "await_many", args));
    }
    tasks.iter().for_each(Task::settle);
    Ok(values.into_iter().flatten().collect())
}

/// Yields to many tasks within one deadline (`Task.yield_many/2`): returns
/// each task with its result, **in the order of `tasks`**: `{:ok, v}`,
/// `{:exit, r}`, or `nil` for a task still running at the deadline (or past
/// the [`limit`](YieldManyOptions::limit)), which stays monitored and can be
/// yielded again, shut down or ignored.
///
/// The timeout is global: tasks are visited in order, each waited for until
/// its result or the deadline; once the deadline has passed the rest are only
/// checked for results already there. E.g. tasks sleeping 10, 2000 and 50 ms
/// with a 400 ms timeout give `[{:ok, 10}, nil, {:ok, 50}]` after 400 ms.
///
/// Options ([`YieldManyOptions`]):
/// - `limit(n)`: return as soon as `n` tasks have a result (taking results in
///   the order they arrive); `on_timeout` then does not apply.
/// - `on_timeout`: what happens to the tasks still running at the deadline:
///   [`OnTimeout::Nothing`] (default), [`OnTimeout::Ignore`] (their result is
///   what [`ignore`](super::ignore) returns) or [`OnTimeout::KillTask`]
///   ([`shutdown`](super::shutdown) with `:brutal_kill`). [`OnTimeout::Exit`]
///   is an `ArgumentError`.
///
/// The owner check is lazy, as in Elixir 1.14: if the 2nd task has another
/// owner, the 1st task's result has already been consumed (and is lost)
/// when the caller exits with the `ArgumentError`. With `limit`, which
/// Elixir 1.15 introduced, all owners are checked first, as there.
/// [`try_yield_many`] returns the error instead.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{inspect::inspect, process, task, Timeout};
/// use task_runtime::task::YieldManyOptions;
/// # task_runtime::root::spawn_root(async {
/// let tasks = [10_u64, 2_000, 50].map(|ms| task::async_task(async move {
///     process::sleep(ms).await;
///     ms
/// }));
/// let opts = YieldManyOptions::new().timeout(Timeout::ms(400));
/// let results: Vec<_> = task::yield_many(tasks.into(), opts).await;
/// let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
/// assert_eq!(inspect(&values), "[{:ok, 10}, nil, {:ok, 50}]");
/// # }).await.unwrap();
/// # }
/// ```
pub async fn yield_many<T: Send + 'static>(
    tasks: Vec<Task<T>>,
    opts: YieldManyOptions,
) -> Vec<(Task<T>, Option<TaskResult<T>>)> {
    match try_yield_many(tasks, opts).await {
        Ok(results) => results,
        Err(reason) => raise(reason).await,
    }
}

/// [`yield_many`], with the `ArgumentError`s as an `Err` instead of an exit
/// of the caller.
pub async fn try_yield_many<T: Send + 'static>(
    tasks: Vec<Task<T>>,
    opts: YieldManyOptions,
) -> Result<Vec<(Task<T>, Option<TaskResult<T>>)>, ExitReason> {
    if opts.on_timeout == OnTimeout::Exit {
        return Err(ExitReason::argument_error(format!(
            "yield_many's :on_timeout must be :nothing, :ignore or :kill_task, got: {}",
            opts.on_timeout.name()
        )));
    }
    let (results, timed_out) = match opts.limit {
        None => yield_in_order(&tasks, opts.timeout).await?,
        Some(limit) => yield_up_to(&tasks, limit, opts.timeout).await?,
    };
    let mut out = Vec::with_capacity(tasks.len());
    for (task, result) in tasks.into_iter().zip(results) {
        let result = match (result, opts.on_timeout) {
            (Some(result), _) => Some(result),
            (None, _) if !timed_out => None,
            (None, OnTimeout::KillTask) => {
                task.shutdown_in_place(super::Shutdown::BrutalKill).await?
            }
            (None, OnTimeout::Ignore) => task.ignore_in_place().await?,
            (None, _) => None,
        };
        out.push((task, result));
    }
    Ok(out)
}

type Results<T> = Vec<Option<TaskResult<T>>>;

/// Elixir 1.14's walk: each task in turn, until its result or the deadline.
async fn yield_in_order<T: Send + 'static>(
    tasks: &[Task<T>],
    timeout: Timeout,
) -> Result<(Results<T>, bool), ExitReason> {
    let deadline = deadline(timeout);
    let mut results = Vec::with_capacity(tasks.len());
    let mut timed_out = false;
    for task in tasks {
        let owner = task.owner_proc()?;
        let r#ref = task.r#ref;
        let matcher = reply_or_down::<T>(r#ref);
        let since = task.since;
        let wait =
            Receive::for_task::<T>(Arc::clone(&owner), r#ref, since, matcher, until(deadline));
        results.push(match wait.await {
            Some(Outcome::Reply(value)) => {
                owner.demonitor_flush_from(r#ref, since);
                task.settle();
                Some(TaskResult::Ok(value))
            }
            Some(Outcome::Down(reason)) => {
                task.settle();
                Some(TaskResult::Exit(reason))
            }
            None => {
                timed_out = true;
                None
            }
        });
    }
    Ok((results, timed_out))
}

/// Elixir 1.15's `limit` walk: results in arrival order until `limit` of
/// them or the deadline.
async fn yield_up_to<T: Send + 'static>(
    tasks: &[Task<T>],
    limit: usize,
    timeout: Timeout,
) -> Result<(Results<T>, bool), ExitReason> {
    let owners = Owners::check(tasks)?;
    let mut pending: FxHashMap<Ref, usize> = FxHashMap::default();
    for (i, task) in tasks.iter().enumerate() {
        pending.insert(task.r#ref, i);
    }
    let mut results: Results<T> = tasks.iter().map(|_| None).collect();
    let deadline = deadline(timeout);
    let mut got = 0;
    while got < limit && !pending.is_empty() {
        let Some((r#ref, outcome)) = owners.receive_any::<T>(&pending, until(deadline)).await
        else {
            return Ok((results, true));
        };
        let i = pending.remove(&r#ref).unwrap_or_default();
        tasks[i].settle();
        results[i] = Some(match outcome {
            Outcome::Reply(value) => {
                owners.owner(i).demonitor_flush_from(r#ref, tasks[i].since);
                TaskResult::Ok(value)
            }
            Outcome::Down(reason) => TaskResult::Exit(reason),
        });
        got += 1;
    }
    Ok((results, false))
}

/// The owners of a list of tasks, checked: the caller, or (outside any
/// process) the tasks' stand-in owners, which may differ from task to task.
struct Owners {
    procs: Vec<Arc<Proc>>,
    /// Index into `procs` per task.
    of_task: Vec<usize>,
}

impl Owners {
    fn check<T: Send + 'static>(tasks: &[Task<T>]) -> Result<Owners, ExitReason> {
        let mut procs: Vec<Arc<Proc>> = Vec::new();
        let mut of_task = Vec::with_capacity(tasks.len());
        for task in tasks {
            let owner = task.owner_proc()?;
            let i = match procs.iter().position(|p| Arc::ptr_eq(p, &owner)) {
                Some(i) => i,
                None => {
                    procs.push(owner);
                    procs.len() - 1
                }
            };
            of_task.push(i);
        }
        Ok(Owners { procs, of_task })
    }

    /// The owner of the `i`th task.
    fn owner(&self, i: usize) -> &Proc {
        &self.procs[self.of_task[i]]
    }

    /// The first reply or `:DOWN` of a pending task, from any owner's
    /// mailbox; `None` once `timeout` has passed.
    async fn receive_any<T: Send + 'static>(
        &self,
        pending: &FxHashMap<Ref, usize>,
        timeout: Timeout,
    ) -> Option<(Ref, Outcome<T>)> {
        let matcher = || {
            move |msg: &mut Message| {
                let r#ref = tag_of::<T>(msg).filter(|r| pending.contains_key(r))?;
                match take_reply::<T>(msg, r#ref) {
                    Some(value) => Some((r#ref, Outcome::Reply(value))),
                    None => down_reason(msg, r#ref).map(|reason| (r#ref, Outcome::Down(reason))),
                }
            }
        };
        if let [owner] = self.procs.as_slice() {
            return Receive::runtime(Arc::clone(owner), matcher(), timeout).await;
        }
        let waits = self
            .procs
            .iter()
            .map(|owner| Box::pin(Receive::runtime(Arc::clone(owner), matcher(), timeout)));
        futures::future::select_all(waits).await.0
    }
}

/// The ref a task reply `(ref, T)` or a `:DOWN` is tagged with.
fn tag_of<T: Send + 'static>(msg: &Message) -> Option<Ref> {
    if let Some((r#ref, _)) = msg.downcast_ref::<(Ref, T)>() {
        return Some(*r#ref);
    }
    msg.downcast_ref::<crate::messages::Down>().map(|d| d.r#ref)
}
