//! Options of `Task.Supervisor`: the supervisor's and each child's.

use crate::name::Name;
use crate::task::Shutdown;

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
    pub(crate) name: Option<Name>,
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

    /// `:name`: register the supervisor under `name` (an atom, or a
    /// `Registry` via-name), for
    /// [`TaskSupervisor::whereis`](super::TaskSupervisor::whereis).
    pub fn name(mut self, name: impl Into<Name>) -> SupervisorOptions {
        self.name = Some(name.into());
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
