//! The runtime's default task supervisor: started on demand, one per tokio
//! runtime, so that library code can start a task whose crash comes back as
//! an `Err` ([`async_nolink`]) without asking its caller for a supervisor.
//!
//! Why one per tokio runtime: a process is a tokio task, and the children of
//! a supervisor run on the supervisor's runtime. One global supervisor would
//! put every runtime's tasks on the first runtime that asked, and a test's
//! runtime ending (each `#[tokio::test]` has its own) would kill the tasks of
//! every other. Keyed by [`tokio::runtime::Id`], each runtime gets its own,
//! which dies (`:killed`, its tasks with it) when its runtime shuts down; the
//! next call on a new runtime starts a new one.
//!
//! It is linked to nobody: it must outlive whichever process asked first. It
//! is not registered under a name (a name is global and the supervisors are
//! per runtime); [`TaskSupervisor::runtime_default`] finds it.

use super::{ChildOptions, SupervisorOptions, TaskSupervisor, server};
use crate::Pid;
use crate::runtime::report::Origin;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::task::Task;
use rustc_hash::FxHashMap;
use std::future::Future;
use std::sync::{LazyLock, Mutex};
use tokio::runtime::{Handle, Id};

/// The default supervisor of each runtime that has one.
static DEFAULTS: LazyLock<Mutex<FxHashMap<Id, Pid>>> = LazyLock::new(Mutex::default);

impl TaskSupervisor {
    /// The current tokio runtime's default task supervisor, started on the
    /// first call (on each runtime, and again if it was killed). It has
    /// [`SupervisorOptions::new`]'s settings, no name and no parent, and
    /// lives until its runtime shuts down.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use task_runtime::supervisor::TaskSupervisor;
    /// let sup = TaskSupervisor::runtime_default();
    /// assert_eq!(TaskSupervisor::runtime_default(), sup);
    /// assert!(task_runtime::process::alive(sup.pid()));
    /// # }
    /// ```
    ///
    /// # Panics
    /// Outside a tokio runtime, as `tokio::spawn` does.
    pub fn runtime_default() -> TaskSupervisor {
        let runtime = Handle::current().id();
        let mut defaults = DEFAULTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&pid) = defaults
            .get(&runtime)
            .filter(|&&p| crate::process::alive(p))
        {
            return TaskSupervisor { pid };
        }
        // Started under the table's lock, so two first callers get the same
        // one; spawning runs no user code.
        let opts = SupervisorOptions::new();
        let config = server::Config {
            parent: None,
            max_children: opts.max_children,
            max_restarts: opts.max_restarts,
            max_seconds: opts.max_seconds,
        };
        let spawn = Spawn {
            trap_exit: true,
            origin: Origin::Unreported,
            on_exit: Some(Box::new(move |_, _| forget(runtime))),
            ..Spawn::default()
        };
        let pid = spawn_pid(server::run(config), spawn);
        defaults.insert(runtime, pid);
        TaskSupervisor { pid }
    }
}

/// Drops a dead default supervisor's entry, so that ended runtimes leave
/// nothing behind (a new runtime's id is never an old one's).
fn forget(runtime: Id) {
    let mut defaults = DEFAULTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if defaults
        .get(&runtime)
        .is_some_and(|&p| !crate::process::alive(p))
    {
        defaults.remove(&runtime);
    }
}

/// Starts `fut` as a task of the runtime's default supervisor, monitored by
/// the caller and **not linked** to it (`Task.Supervisor.async_nolink/2` on
/// [`TaskSupervisor::runtime_default`]). A crash comes back as the `Err` of
/// `.await` (or [`Task::try_await`], or `{:exit, reason}` from
/// `yield_task`) and never kills the caller; it works inside a process and
/// in plain tokio code alike (there, a stand-in process owns the task).
///
/// It is the way for library code to run work as a task without asking its
/// caller for a supervisor: return the [`Task`], and the caller decides how
/// long to wait and composes the result with `?`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{ExitReason, Task, supervisor};
///
/// // Library code: the task's crash is the caller's `Err`, not its death.
/// async fn parse_price(text: &'static str) -> Task<u64> {
///     supervisor::async_nolink(async move { text.parse().expect("a price") }).await
/// }
///
/// // Caller code: plain `?`.
/// async fn total() -> Result<u64, ExitReason> {
///     let a = parse_price("12").await.await?;
///     let b = parse_price("30").await.await?;
///     Ok(a + b)
/// }
/// async fn broken() -> Result<u64, ExitReason> {
///     Ok(parse_price("twelve").await.await? + 1)
/// }
///
/// assert_eq!(total().await, Ok(42));
/// let err = broken().await.unwrap_err();
/// assert!(err.is_crash());
/// assert!(err.panic_message().unwrap().starts_with("a price"));
/// # }
/// ```
pub async fn async_nolink<F>(fut: F) -> Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    TaskSupervisor::runtime_default()
        .start_async(fut, false, ChildOptions::new(), crate::task::Mfa::APPLY)
        .await
}
