//! `Task.shutdown/2`: unlink, stop, wait, and still catch a reply that raced in.

use super::reply::{down, reply};
use super::{Task, TaskResult};
use crate::inspect::{Doc, Inspect, impl_debug_via_inspect, inspect};
use crate::runtime::current::raise;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::signals::send_exit;
use crate::{ExitReason, Ref, Timeout, make_ref};
use std::sync::Arc;

/// How [`shutdown`] stops a task: the `:shutdown` exit signal and a wait of
/// at most this long before `:kill`, or `:kill` at once.
///
/// ```
/// use task_runtime::{inspect::inspect, task::Shutdown, Timeout};
/// assert_eq!(Shutdown::default(), Shutdown::Timeout(Timeout::DEFAULT));
/// assert_eq!(Shutdown::from(Timeout::ms(300)), Shutdown::Timeout(Timeout::Ms(300)));
/// assert_eq!(inspect(&Shutdown::BrutalKill), ":brutal_kill");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shutdown {
    /// Send `:shutdown`, wait this long for the task to end, then `:kill` it.
    Timeout(Timeout),
    /// `:brutal_kill`: send the untrappable `:kill` at once.
    BrutalKill,
}

impl Default for Shutdown {
    /// `5000`, Elixir's default.
    fn default() -> Shutdown {
        Shutdown::Timeout(Timeout::DEFAULT)
    }
}

impl From<Timeout> for Shutdown {
    fn from(timeout: Timeout) -> Shutdown {
        Shutdown::Timeout(timeout)
    }
}

impl From<u64> for Shutdown {
    fn from(ms: u64) -> Shutdown {
        Shutdown::Timeout(Timeout::Ms(ms))
    }
}

impl Inspect for Shutdown {
    fn to_doc(&self) -> Doc {
        match self {
            Shutdown::Timeout(t) => t.to_doc(),
            Shutdown::BrutalKill => Doc::text(":brutal_kill"),
        }
    }
}

impl_debug_via_inspect!(Shutdown);

/// Unlinks and stops the task, then checks for a reply (`Task.shutdown/2`).
///
/// The task is unlinked first, so stopping it never reaches the caller, and
/// signalled `:shutdown` (then `:kill` if it is still alive after the
/// timeout) or, with [`Shutdown::BrutalKill`], `:kill` at once. The unlink and
/// the signal happen in one step with no await point between them, so the
/// signal is sent even if the caller is itself being killed (Elixir needs a
/// helper process for that guarantee).
///
/// | situation | `Shutdown::Timeout(t)` | `Shutdown::BrutalKill` |
/// |---|---|---|
/// | the reply is already in the mailbox, or sent before the task died | `{:ok, reply}` | `{:ok, reply}` |
/// | running, not trapping exits | `nil` (it exits `:shutdown`) | `nil` (it exits `:killed`) |
/// | trapping exits and ignoring the signal | `{:exit, :killed}` after `t` | `nil` |
/// | trapping, then returns `v` | `{:ok, v}` | — |
/// | trapping, then exits `:shutdown` / another `r` | `nil` / `{:exit, r}` | — |
/// | already dead with `r`, its `:DOWN` still queued | `{:exit, r}` (`nil` for `:shutdown`) | `{:exit, r}` (`nil` for `:killed`) |
/// | already awaited, yielded to the end, or ignored | `{:exit, :noproc}` | `{:exit, :noproc}` |
/// | alive but demonitored (after a caught await timeout) | `nil` (it is stopped) | `nil` |
///
/// The reply and both `:DOWN`s are consumed; `{:EXIT, ..}` messages that
/// arrived earlier stay. A reply sent later is dropped.
///
/// The caller exits with an `ArgumentError` for a task made by
/// [`completed`](super::completed) (`task %Task{..} does not have an
/// associated task process`) or queried from a process other than its owner;
/// [`Task::try_shutdown`] returns these instead.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{inspect::inspect, process, task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let t = task::async_task(async { process::sleep(Timeout::Infinity).await });
/// let pid = t.pid;
/// assert_eq!(inspect(&task::shutdown(t, Timeout::DEFAULT.into()).await), "nil");
/// assert!(!process::alive(pid));
/// # }).await.unwrap();
/// # }
/// ```
pub async fn shutdown<T: Send + 'static>(task: Task<T>, how: Shutdown) -> Option<TaskResult<T>> {
    match task.shutdown_in_place(how).await {
        Ok(result) => result,
        Err(reason) => raise(reason).await,
    }
}

/// What stopped the task, for matching its `:DOWN`.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    Shutdown,
    BrutalKill,
    /// `:shutdown` did not work within the timeout; `:kill` was sent.
    TimeoutKill,
}

impl Stop {
    /// `true` if the task ended the way this stop ends it (`nil`).
    fn is_own(self, reason: &ExitReason) -> bool {
        match self {
            Stop::Shutdown | Stop::TimeoutKill => *reason == ExitReason::Shutdown,
            Stop::BrutalKill => *reason == ExitReason::Killed,
        }
    }
}

impl<T: Send + 'static> Task<T> {
    /// [`shutdown`], with the `ArgumentError`s as an `Err` instead of an
    /// exit of the caller.
    pub async fn try_shutdown(self, how: Shutdown) -> Result<Option<TaskResult<T>>, ExitReason> {
        self.shutdown_in_place(how).await
    }

    /// [`Task::try_shutdown`] leaving the handle with its holder:
    /// `yield_many` shuts down tasks whose handles it returns.
    pub(crate) async fn shutdown_in_place(
        &self,
        how: Shutdown,
    ) -> Result<Option<TaskResult<T>>, ExitReason> {
        if self.pid.is_nil() {
            return Err(ExitReason::argument_error(format!(
                "task {} does not have an associated task process",
                inspect(self)
            )));
        }
        let owner = self.owner_proc()?;
        let mon = make_ref();
        owner.monitor(self.pid, mon);
        let (stop, timeout) = match how {
            Shutdown::Timeout(t) => (Stop::Shutdown, t),
            Shutdown::BrutalKill => (Stop::BrutalKill, Timeout::Infinity),
        };
        // Unlink and signal with no await point between: nothing can stop
        // the caller in the middle.
        owner.unlink(self.pid);
        let signal = match stop {
            Stop::BrutalKill => ExitReason::Kill,
            _ => ExitReason::Shutdown,
        };
        send_exit(owner.pid, self.pid, signal);
        // Our own monitor: made just now, so no message before can hold it.
        let since = owner.state.lock().mailbox.end_seq();
        // From here the task is unlinked and told to stop: if this future is
        // dropped before it sees the task die (a lost `select!`, a
        // `tokio::time::timeout`), the task must not be left running with
        // nothing linked to it.
        let mut unfinished = KillOnDrop(Some((&owner, self.pid)));
        let result = match receive_down::<()>(&owner, mon, since, timeout).await {
            Some(reason) => self.stopped(&owner, stop, reason).await,
            None => {
                send_exit(owner.pid, self.pid, ExitReason::Kill);
                let reason = receive_down::<()>(&owner, mon, since, Timeout::Infinity).await;
                let reason = reason.unwrap_or(ExitReason::Killed);
                self.stopped(&owner, Stop::TimeoutKill, reason).await
            }
        };
        unfinished.0 = None;
        Ok(result)
    }

    /// The task is dead (our own monitor said `reason`): clear its monitor
    /// and pick the result.
    async fn stopped(
        &self,
        owner: &Arc<Proc>,
        stop: Stop,
        reason: ExitReason,
    ) -> Option<TaskResult<T>> {
        let r#ref = self.r#ref;
        let fallback = match reason {
            // Dead before we looked: the task's own `:DOWN`, if still queued, tells why.
            ExitReason::Noproc => {
                match receive_down::<T>(owner, r#ref, self.since, Timeout::Ms(0)).await {
                    Some(own) if stop.is_own(&own) => None,
                    Some(own) => Some(TaskResult::Exit(own)),
                    None => {
                        owner.demonitor_flush_from(r#ref, self.since);
                        Some(TaskResult::Exit(ExitReason::Noproc))
                    }
                }
            }
            reason => {
                owner.demonitor_flush_from(r#ref, self.since);
                (!stop.is_own(&reason)).then_some(TaskResult::Exit(reason))
            }
        };
        let replied = Receive::for_task::<T>(
            Arc::clone(owner),
            r#ref,
            self.since,
            reply::<T>(r#ref),
            Timeout::Ms(0),
        );
        let replied = replied.await;
        self.settle();
        match replied {
            Some(value) => Some(TaskResult::Ok(value)),
            None => fallback,
        }
    }
}

/// Kills the task `.1` (as its owner `.0`) when dropped armed: a shutdown
/// whose future is dropped half-way by a living owner still stops its task.
/// An owner that is exiting leaves it, as in Elixir (the task, unlinked and
/// trapping, outlives a caller killed in `Task.shutdown/2`).
struct KillOnDrop<'a>(Option<(&'a Arc<Proc>, crate::Pid)>);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        if let Some((owner, pid)) = self.0.take()
            && !owner.is_exiting()
        {
            send_exit(owner.pid, pid, ExitReason::Kill);
        }
    }
}

/// The `:DOWN` of monitor `r` (of a task replying `T`, made when the
/// mailbox was at `since`), waiting at most `timeout`.
async fn receive_down<T: 'static>(
    owner: &Arc<Proc>,
    r: Ref,
    since: u64,
    timeout: Timeout,
) -> Option<ExitReason> {
    Receive::for_task::<T>(Arc::clone(owner), r, since, down(r), timeout).await
}
