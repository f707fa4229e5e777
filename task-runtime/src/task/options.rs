//! The keyword options of `Task.yield_many/2` and `Task.async_stream/3`, as
//! builders.

use super::Shutdown;
use crate::inspect::{Inspect, Term};
use crate::runtime::current::exit_current;
use crate::{ExitReason, IntoTimeout, Timeout};
use std::fmt;
use std::marker::PhantomData;

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
///
/// `Z` records whether [`zip_input_on_exit`](StreamOptions::zip_input_on_exit)
/// was called: [`NoZip`] (the default) streams any item; after it, the
/// options are `StreamOptions<`[`ZipInput`]`>` and the stream's items must
/// implement [`Inspect`], since an exit element then carries its input as a
/// term, `{:exit, {input, reason}}`. Only there does Elixir print an input.
///
/// ```
/// use futures::StreamExt;
/// use task_runtime::task::{self, StreamOptions};
/// /// No `Inspect`: fine unless the inputs are zipped into exits.
/// struct Job(u32);
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// # task_runtime::root::spawn_root(async {
/// let run = |job: Job| async move { job.0 * 2 };
/// let jobs = vec![Job(1), Job(2)];
/// let results: Vec<_> = task::async_stream(jobs, run, StreamOptions::new()).collect().await;
/// assert_eq!(results.len(), 2);
/// # }).await.unwrap();
/// # }
/// ```
///
/// ```compile_fail,E0277
/// # use task_runtime::task::{self, StreamOptions};
/// struct Job(u32);
/// let run = |job: Job| async move { job.0 * 2 };
/// let opts = StreamOptions::new().zip_input_on_exit(true);
/// // `zip_input_on_exit` prints each input: the item type must implement `Inspect`
/// let _stream = task::async_stream(vec![Job(1)], run, opts);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct StreamOptions<Z = NoZip> {
    pub(crate) max_concurrency: Option<usize>,
    pub(crate) ordered: bool,
    pub(crate) timeout: Timeout,
    pub(crate) on_timeout: OnTimeout,
    pub(crate) zip_input_on_exit: bool,
    pub(crate) reorder_buffer: Option<usize>,
    pub(crate) shutdown: Shutdown,
    zip: PhantomData<Z>,
}

/// The [`StreamOptions`] of a stream whose inputs are never zipped into its
/// exit elements (the default): any item type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NoZip;

/// The [`StreamOptions`] after
/// [`zip_input_on_exit`](StreamOptions::zip_input_on_exit): exit elements
/// may carry their input as a term, so items must implement [`Inspect`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ZipInput;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::NoZip {}
    impl Sealed for super::ZipInput {}
}

/// What a stream with options `StreamOptions<Self>` needs of its items
/// (sealed): [`NoZip`] nothing, [`ZipInput`] [`Inspect`].
#[diagnostic::on_unimplemented(
    message = "`zip_input_on_exit` prints each input: the item type must implement `Inspect`",
    label = "these options zip each input `{Item}` into its exit element",
    note = "an exit element is `{{:exit, {{input, reason}}}}`: implement `Inspect` for `{Item}` (`#[derive(Inspect)]`), or drop `zip_input_on_exit`"
)]
pub trait ZipMode<Item>: sealed::Sealed {
    /// The input kept for an exit element, as a term, if `zip` is set.
    #[doc(hidden)]
    fn zipped_input(zip: bool, item: &Item) -> Option<Term>;
}

impl<Item> ZipMode<Item> for NoZip {
    fn zipped_input(_zip: bool, _item: &Item) -> Option<Term> {
        None
    }
}

#[diagnostic::do_not_recommend]
impl<Item: Inspect> ZipMode<Item> for ZipInput {
    fn zipped_input(zip: bool, item: &Item) -> Option<Term> {
        zip.then(|| Term::of(item))
    }
}

/// The fields, as a derive showed them before `Z`: `Z` adds nothing.
impl<Z> fmt::Debug for StreamOptions<Z> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamOptions")
            .field("max_concurrency", &self.max_concurrency)
            .field("ordered", &self.ordered)
            .field("timeout", &self.timeout)
            .field("on_timeout", &self.on_timeout)
            .field("zip_input_on_exit", &self.zip_input_on_exit)
            .field("reorder_buffer", &self.reorder_buffer)
            .field("shutdown", &self.shutdown)
            .finish()
    }
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
            zip: PhantomData,
        }
    }
}

impl<Z> StreamOptions<Z> {
    /// `:max_concurrency`: at most this many tasks alive at once. Must be
    /// greater than zero: `0` makes the enumerating process exit with an
    /// `ArgumentError` when the stream is first polled.
    pub fn max_concurrency(mut self, n: usize) -> StreamOptions<Z> {
        self.max_concurrency = Some(n);
        self
    }

    /// `:ordered`: emit results in input order (`true`, buffering early
    /// finishers) or in completion order.
    pub fn ordered(mut self, ordered: bool) -> StreamOptions<Z> {
        self.ordered = ordered;
        self
    }

    /// `:timeout`: how long each task may run, from its own start. Any
    /// integer (milliseconds), a `Duration` or a [`Timeout`]; a negative
    /// value makes the calling process exit with Elixir's
    /// `FunctionClauseError` (in `Task.async_stream/3`, as `task!` reports
    /// it) at its next suspension, before the stream runs a task.
    pub fn timeout(mut self, timeout: impl IntoTimeout) -> StreamOptions<Z> {
        self.timeout = checked(timeout, "Task.async_stream/3");
        self
    }

    /// `:on_timeout`: [`OnTimeout::Exit`] (exit the enumerating process) or
    /// anything else (kill the task, emit `{:exit, :timeout}`).
    pub fn on_timeout(mut self, on_timeout: OnTimeout) -> StreamOptions<Z> {
        self.on_timeout = on_timeout;
        self
    }

    /// `:zip_input_on_exit`: exit results carry their input,
    /// `{:exit, {input, reason}}`. The options become
    /// `StreamOptions<`[`ZipInput`]`>`, with either value: a stream with
    /// them needs items that implement [`Inspect`] (the input is kept as a
    /// term), which no other option asks of them.
    pub fn zip_input_on_exit(self, zip: bool) -> StreamOptions<ZipInput> {
        StreamOptions {
            max_concurrency: self.max_concurrency,
            ordered: self.ordered,
            timeout: self.timeout,
            on_timeout: self.on_timeout,
            zip_input_on_exit: zip,
            reorder_buffer: self.reorder_buffer,
            shutdown: self.shutdown,
            zip: PhantomData,
        }
    }

    /// Ordered mode only (not an Elixir option): at most this many finished
    /// results wait in the reorder buffer for an earlier, slower element;
    /// when it is full, no new task starts until the head is emitted.
    /// Default: 16 × `max_concurrency`. (Elixir's buffer is unbounded.)
    pub fn reorder_buffer(mut self, n: usize) -> StreamOptions<Z> {
        self.reorder_buffer = Some(n.max(1));
        self
    }

    /// `:shutdown` of [`TaskSupervisor`](crate::supervisor::TaskSupervisor)
    /// streams: how the supervisor stops a task when it terminates it.
    pub fn shutdown(mut self, shutdown: Shutdown) -> StreamOptions<Z> {
        self.shutdown = shutdown;
        self
    }

    /// The input of `item` to keep for its exit element, if zipping.
    pub(crate) fn zipped_input<Item>(&self, item: &Item) -> Option<Term>
    where
        Z: ZipMode<Item>,
    {
        Z::zipped_input(self.zip_input_on_exit, item)
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
