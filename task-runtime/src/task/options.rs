//! The keyword options of `Task.yield_many/2` and `Task.async_stream/3`, as
//! builders.

use super::Shutdown;
use crate::runtime::current::exit_current;
use crate::{ExitReason, IntoTimeout, Timeout};

/// What to do with a task that runs out of time (`:on_timeout`).
///
/// For [`async_stream`](super::async_stream) the default is
/// [`Exit`](OnTimeout::Exit), and every other value behaves like
/// [`KillTask`](OnTimeout::KillTask), as in Elixir. For
/// [`yield_many`](super::yield_many) the default is
/// [`Nothing`](OnTimeout::Nothing), and `Exit` is not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OnTimeout {
    /// `:exit`: the enumerating process exits with
    /// `{:timeout, {Task.Supervised, :stream, [timeout]}}` (streams only).
    Exit,
    /// `:kill_task`: the task is killed; a stream emits `{:exit, :timeout}`,
    /// `yield_many` reports what [`shutdown`](super::shutdown) with
    /// `:brutal_kill` returns.
    KillTask,
    /// `:ignore`: `yield_many` [`ignore`](super::ignore)s the task.
    Ignore,
    /// `:nothing`: `yield_many` leaves the task running and monitored.
    Nothing,
}

impl OnTimeout {
    pub(crate) fn name(self) -> &'static str {
        match self {
            OnTimeout::Exit => ":exit",
            OnTimeout::KillTask => ":kill_task",
            OnTimeout::Ignore => ":ignore",
            OnTimeout::Nothing => ":nothing",
        }
    }
}

/// Options of [`yield_many`](super::yield_many): `timeout: 5000`, no
/// `limit`, `on_timeout: :nothing` unless set.
///
/// ```
/// use task_runtime::task::{OnTimeout, YieldManyOptions};
/// use task_runtime::Timeout;
/// let opts = YieldManyOptions::new()
///     .timeout(Timeout::ms(400))
///     .limit(2)
///     .on_timeout(OnTimeout::KillTask);
/// # let _ = opts;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YieldManyOptions {
    pub(crate) timeout: Timeout,
    pub(crate) limit: Option<usize>,
    pub(crate) on_timeout: OnTimeout,
}

impl YieldManyOptions {
    /// The defaults: `timeout: 5000`, no limit, `on_timeout: :nothing`.
    pub fn new() -> YieldManyOptions {
        YieldManyOptions {
            timeout: Timeout::DEFAULT,
            limit: None,
            on_timeout: OnTimeout::Nothing,
        }
    }

    /// `:timeout`: one deadline for the whole call, not per task. Any
    /// integer (milliseconds), a `Duration` or a [`Timeout`]; a negative
    /// value makes the calling process exit with Elixir's
    /// `** (FunctionClauseError) no function clause matching in
    /// Task.yield_many/2` at its next suspension (outside any process: a
    /// panic with that text).
    ///
    /// ```
    /// use task_runtime::task::YieldManyOptions;
    /// let ms: i32 = 250;
    /// # let _ =
    /// YieldManyOptions::new().timeout(ms);
    /// ```
    pub fn timeout(mut self, timeout: impl IntoTimeout) -> YieldManyOptions {
        self.timeout = checked(timeout, "Task.yield_many/2");
        self
    }

    /// `:limit`: return as soon as this many tasks have a result (without
    /// applying `on_timeout`).
    pub fn limit(mut self, limit: usize) -> YieldManyOptions {
        self.limit = Some(limit);
        self
    }

    /// `:on_timeout`: what happens to the tasks still running at the
    /// deadline.
    pub fn on_timeout(mut self, on_timeout: OnTimeout) -> YieldManyOptions {
        self.on_timeout = on_timeout;
        self
    }
}

impl Default for YieldManyOptions {
    fn default() -> YieldManyOptions {
        YieldManyOptions::new()
    }
}

/// Options of [`async_stream`](super::async_stream), Elixir's defaults
/// unless set: `max_concurrency` = the number of the runtime's workers,
/// `ordered: true`, `timeout: 5000` (per task), `on_timeout: :exit`,
/// `zip_input_on_exit: false`.
///
/// ```
/// use task_runtime::task::{OnTimeout, StreamOptions};
/// use task_runtime::Timeout;
/// let opts = StreamOptions::new()
///     .max_concurrency(8)
///     .ordered(false)
///     .timeout(Timeout::ms(5_000))
///     .on_timeout(OnTimeout::KillTask)
///     .zip_input_on_exit(true);
/// # let _ = opts;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    pub(crate) max_concurrency: Option<usize>,
    pub(crate) ordered: bool,
    pub(crate) timeout: Timeout,
    pub(crate) on_timeout: OnTimeout,
    pub(crate) zip_input_on_exit: bool,
    pub(crate) reorder_buffer: Option<usize>,
    pub(crate) shutdown: Shutdown,
}

impl StreamOptions {
    /// Elixir's defaults.
    pub fn new() -> StreamOptions {
        StreamOptions {
            max_concurrency: None,
            ordered: true,
            timeout: Timeout::DEFAULT,
            on_timeout: OnTimeout::Exit,
            zip_input_on_exit: false,
            reorder_buffer: None,
            shutdown: Shutdown::default(),
        }
    }

    /// `:max_concurrency`: at most this many tasks alive at once. Must be
    /// greater than zero: `0` makes the enumerating process exit with an
    /// `ArgumentError` when the stream is first polled.
    pub fn max_concurrency(mut self, n: usize) -> StreamOptions {
        self.max_concurrency = Some(n);
        self
    }

    /// `:ordered`: emit results in input order (`true`, buffering early
    /// finishers) or in completion order.
    pub fn ordered(mut self, ordered: bool) -> StreamOptions {
        self.ordered = ordered;
        self
    }

    /// `:timeout`: how long each task may run, from its own start. Any
    /// integer (milliseconds), a `Duration` or a [`Timeout`]; a negative
    /// value makes the calling process exit with Elixir's
    /// `FunctionClauseError` (in `Task.async_stream/3`, as `task!` reports
    /// it) at its next suspension, before the stream runs a task.
    pub fn timeout(mut self, timeout: impl IntoTimeout) -> StreamOptions {
        self.timeout = checked(timeout, "Task.async_stream/3");
        self
    }

    /// `:on_timeout`: [`OnTimeout::Exit`] (exit the enumerating process) or
    /// anything else (kill the task, emit `{:exit, :timeout}`).
    pub fn on_timeout(mut self, on_timeout: OnTimeout) -> StreamOptions {
        self.on_timeout = on_timeout;
        self
    }

    /// `:zip_input_on_exit`: exit results carry their input,
    /// `{:exit, {input, reason}}`.
    pub fn zip_input_on_exit(mut self, zip: bool) -> StreamOptions {
        self.zip_input_on_exit = zip;
        self
    }

    /// Ordered mode only (not an Elixir option): at most this many finished
    /// results wait in the reorder buffer for an earlier, slower element;
    /// when it is full, no new task starts until the head is emitted.
    /// Default: 16 × `max_concurrency`. (Elixir's buffer is unbounded.)
    pub fn reorder_buffer(mut self, n: usize) -> StreamOptions {
        self.reorder_buffer = Some(n.max(1));
        self
    }

    /// `:shutdown` of [`TaskSupervisor`](crate::supervisor::TaskSupervisor)
    /// streams: how the supervisor stops a task when it terminates it.
    pub fn shutdown(mut self, shutdown: Shutdown) -> StreamOptions {
        self.shutdown = shutdown;
        self
    }
}

impl Default for StreamOptions {
    fn default() -> StreamOptions {
        StreamOptions::new()
    }
}

/// `timeout` as a [`Timeout`]; a negative one marks the current process to
/// exit with Elixir's `FunctionClauseError` in `function` at its next
/// suspension (a builder cannot wait), and `:infinity` stands in until then,
/// so no wait with it completes first. The same rule as
/// `process::checked_timeout_now`, which `task!` uses: `task/` reaches the
/// machinery directly rather than through `process`.
fn checked(timeout: impl IntoTimeout, function: &'static str) -> Timeout {
    match timeout.into_timeout() {
        Ok(timeout) => timeout,
        Err(_) => {
            let _exiting = exit_current(ExitReason::function_clause(function));
            Timeout::Infinity
        }
    }
}
