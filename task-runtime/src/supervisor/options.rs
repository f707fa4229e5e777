//! Options and errors of `Task.Supervisor`.

use crate::inspect::{Doc, Inspect, inspect};
use crate::task::Shutdown;
use std::fmt;

/// Options of [`TaskSupervisor::start_link`](super::TaskSupervisor::start_link),
/// Elixir's defaults unless set: no name, `max_children: :infinity`,
/// `max_restarts: 3`, `max_seconds: 5`.
///
/// ```
/// use task_runtime::supervisor::SupervisorOptions;
/// let opts = SupervisorOptions::new().name("my_app.tasks").max_children(100);
/// # let _ = opts;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupervisorOptions {
    pub(crate) name: Option<&'static str>,
    pub(crate) max_children: Option<usize>,
    pub(crate) max_restarts: usize,
    pub(crate) max_seconds: u64,
}

impl SupervisorOptions {
    /// The defaults.
    pub fn new() -> SupervisorOptions {
        SupervisorOptions {
            name: None,
            max_children: None,
            max_restarts: 3,
            max_seconds: 5,
        }
    }

    /// `:name`: register the supervisor under `name`, for
    /// [`TaskSupervisor::whereis`](super::TaskSupervisor::whereis).
    pub fn name(mut self, name: &'static str) -> SupervisorOptions {
        self.name = Some(name);
        self
    }

    /// `:max_children`: at most this many children at once.
    pub fn max_children(mut self, n: usize) -> SupervisorOptions {
        self.max_children = Some(n);
        self
    }

    /// `:max_restarts`: more restarts than this within `max_seconds` make
    /// the supervisor give up and exit `:shutdown`.
    pub fn max_restarts(mut self, n: usize) -> SupervisorOptions {
        self.max_restarts = n;
        self
    }

    /// `:max_seconds`: the window of `max_restarts`.
    pub fn max_seconds(mut self, seconds: u64) -> SupervisorOptions {
        self.max_seconds = seconds;
        self
    }
}

impl Default for SupervisorOptions {
    fn default() -> SupervisorOptions {
        SupervisorOptions::new()
    }
}

/// When a supervisor restarts a child of
/// [`start_child`](super::TaskSupervisor::start_child) that ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Restart {
    /// `:temporary`: never (the default).
    #[default]
    Temporary,
    /// `:transient`: unless it ended with `:normal`, `:shutdown` or
    /// `{:shutdown, _}`.
    Transient,
    /// `:permanent`: always.
    Permanent,
}

/// Per-child options: `restart: :temporary`, `shutdown: 5000` unless set.
///
/// ```
/// use task_runtime::supervisor::{ChildOptions, Restart};
/// use task_runtime::task::Shutdown;
/// let opts = ChildOptions::new().restart(Restart::Transient).shutdown(Shutdown::BrutalKill);
/// # let _ = opts;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChildOptions {
    pub(crate) restart: Restart,
    pub(crate) shutdown: Shutdown,
}

impl ChildOptions {
    /// The defaults.
    pub fn new() -> ChildOptions {
        ChildOptions::default()
    }

    /// `:restart` (used by `start_child`; supervised async tasks are always
    /// `:temporary`).
    pub fn restart(mut self, restart: Restart) -> ChildOptions {
        self.restart = restart;
        self
    }

    /// `:shutdown`: how the supervisor stops the child when it terminates
    /// it: `:shutdown`, then `:kill` after this long, or `:kill` at once.
    pub fn shutdown(mut self, shutdown: Shutdown) -> ChildOptions {
        self.shutdown = shutdown;
        self
    }
}

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
