//! Errors of `Task.Supervisor`: what its calls return when refused, and
//! the texts of the `RuntimeError`s a full supervisor raises.

use crate::inspect::{Doc, Inspect, inspect};
use std::fmt;

/// The error of [`start_child`](super::TaskSupervisor::start_child): the
/// supervisor already runs `max_children` children. `Debug` prints Elixir's
/// return value, `{:error, :max_children}`; [`Inspect`] prints the reason,
/// `:max_children`, so that the whole `Result` inspects as Elixir's.
///
/// ```
/// use task_runtime::{inspect::inspect, Pid};
/// use task_runtime::supervisor::StartChildError;
/// assert_eq!(format!("{:?}", StartChildError::MaxChildren), "{:error, :max_children}");
/// assert_eq!(inspect(&Err::<Pid, _>(StartChildError::MaxChildren)), "{:error, :max_children}");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum StartChildError {
    /// `{:error, :max_children}`.
    MaxChildren,
}

impl Inspect for StartChildError {
    fn to_doc(&self) -> Doc {
        Doc::text(":max_children")
    }
}

impl fmt::Debug for StartChildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{:error, {}}}", inspect(self))
    }
}

impl fmt::Display for StartChildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the task supervisor already runs its maximum number of children")
    }
}

impl std::error::Error for StartChildError {}

/// The error of [`terminate_child`](super::TaskSupervisor::terminate_child):
/// the pid is not a child of the supervisor (any more). `Debug` prints
/// `{:error, :not_found}`, [`Inspect`] `:not_found`.
///
/// ```
/// use task_runtime::supervisor::NotFound;
/// assert_eq!(format!("{NotFound:?}"), "{:error, :not_found}");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NotFound;

impl Inspect for NotFound {
    fn to_doc(&self) -> Doc {
        Doc::text(":not_found")
    }
}

impl fmt::Debug for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{:error, :not_found}")
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no such child of the task supervisor")
    }
}

impl std::error::Error for NotFound {}

/// The `RuntimeError` raised when a full supervisor is asked for an async task.
pub(crate) const MAX_CHILDREN: &str = "reached the maximum number of tasks for this task \
supervisor. The maximum number of tasks that are allowed to run at the same time under this \
supervisor can be configured with the :max_children option passed to \
Task.Supervisor.start_link/1";

/// The `RuntimeError` raised when a full supervisor is asked for a stream task.
pub(crate) const STREAM_MAX_CHILDREN: &str = "reached the maximum number of tasks for this \
task supervisor. The maximum number of tasks that are allowed to run at the same time under \
this supervisor can be configured with the :max_children option passed to \
Task.Supervisor.start_link/1. When using async_stream or async_stream_nolink, make sure to \
configure :max_concurrency to be lower or equal to :max_children and pay attention to whether \
other tasks are also spawned under the same task supervisor.";
