//! `Task.async_stream/3`: a lazy [`Stream`] that runs a task per input
//! element, with bounded concurrency.

mod intermediate;
mod protocol;
mod run;

use self::protocol::{Command, Ended, Reply, Starter, is_stream_message};
use self::run::{Incoming, Run, Slot, incoming, poll_receive, stream_exit};
use crate::ExitReason;
use crate::inspect::Term;
use crate::runtime::current::exit_current;
use crate::runtime::signals;
use crate::task::reply::down_reason;
use crate::task::{NoZip, OnTimeout, StreamOptions, TaskResult, ZipMode};
use futures::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

pub(crate) use protocol::{NewTask, Spawner, Starter as StreamStarter};

/// Runs `f` on every element of `items` in tasks, at most
/// `max_concurrency` at a time, and streams their results
/// (`Task.async_stream/3`): `{:ok, value}` per element, `{:exit, reason}`
/// for a task that ended without replying.
///
/// **Lazy**: nothing runs until the stream is first polled, and input
/// elements are pulled one per free slot, so an endless iterator works with
/// [`StreamExt::take`](futures::StreamExt::take). **Dropping** the stream
/// before its end (a `take`, a `find`, a panic in the consumer) kills the
/// tasks still running and removes the stream's messages from the mailbox.
///
/// The process that polls the stream is its caller, as the enumerating
/// process is in Elixir; poll it from one process only. Outside any process
/// a stand-in caller that traps exits is used.
///
/// Options ([`StreamOptions`]):
/// - `max_concurrency` (default: the number of the runtime's workers): at
///   most this many tasks alive at once. `0` makes the caller exit with an
///   `ArgumentError` (`:max_concurrency must be an integer greater than
///   zero`) on the first poll.
/// - `ordered` (default `true`): results in input order; a finished task
///   whose result must wait for an earlier one frees its slot all the same
///   (see [`StreamOptions::reorder_buffer`] for the bound on waiting
///   results). `false`: results in completion order.
/// - `timeout` (default 5000 ms), **per task** from its own start: the task
///   is then killed, and with `on_timeout: Exit` (the default) the caller
///   exits with `{:timeout, {Task.Supervised, :stream, [timeout]}}` even if
///   it traps exits; with any other `on_timeout` the element is
///   `{:exit, :timeout}` and the stream goes on. A reply that came first wins.
/// - `zip_input_on_exit`: exit elements carry their input,
///   `{:exit, {input, reason}}`. Only then must items implement
///   [`Inspect`](crate::inspect::Inspect): the options are
///   `StreamOptions<`[`ZipInput`](crate::task::ZipInput)`>` and `Z` is
///   bound by [`ZipMode`]; without it any item streams.
///
/// Process structure, as in Elixir: an intermediate process linked to the
/// caller (and trapping exits iff the caller does when the stream starts)
/// starts the tasks linked to itself. A task crash with `r` therefore kills
/// a non-trapping caller with `r`; a trapping caller gets the element
/// `{:exit, r}` and no `{:EXIT, ..}` message. A task that exits `:normal`
/// gives `{:exit, :normal}` either way. Tasks' `$callers` start with the
/// caller.
///
/// A `Vec` of results prints as Elixir's keyword list: `[ok: 1, exit: :bad]`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use futures::StreamExt;
/// use task_runtime::{inspect::inspect, process, task};
/// use task_runtime::task::StreamOptions;
/// # task_runtime::root::spawn_root(async {
/// let sleep_ms = |ms: u64| async move {
///     process::sleep(ms).await;
///     ms
/// };
/// let ordered = task::async_stream(vec![300, 100, 200], sleep_ms, StreamOptions::new());
/// let results: Vec<_> = ordered.collect().await;
/// assert_eq!(inspect(&results), "[ok: 300, ok: 100, ok: 200]");
///
/// let opts = StreamOptions::new().ordered(false).max_concurrency(3);
/// let results: Vec<_> = task::async_stream(vec![300, 100, 200], sleep_ms, opts).collect().await;
/// assert_eq!(inspect(&results), "[ok: 100, ok: 200, ok: 300]");
/// # }).await.unwrap();
/// # }
/// ```
pub fn async_stream<I, F, Fut, Z>(
    items: I,
    f: F,
    opts: StreamOptions<Z>,
) -> AsyncStream<I::IntoIter, F, Z>
where
    I: IntoIterator,
    Z: ZipMode<I::Item>,
    F: FnMut(I::Item) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    AsyncStream::new(items.into_iter(), f, opts, Starter::Linked)
}

/// The stream of [`async_stream`] (and of a
/// [`TaskSupervisor`](crate::supervisor::TaskSupervisor)'s streams): yields
/// one [`TaskResult`] per input element. Dropping it early kills the tasks
/// still running.
#[must_use = "streams do nothing unless polled"]
pub struct AsyncStream<I, F, Z = NoZip> {
    input: Option<I>,
    f: F,
    opts: StreamOptions<Z>,
    starter: Starter,
    phase: Phase,
}

impl<I, F, Z> fmt::Debug for AsyncStream<I, F, Z> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncStream")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

// No field is ever pinned: `poll_next` only takes `&mut` of them.
impl<I, F, Z> Unpin for AsyncStream<I, F, Z> {}

enum Phase {
    Idle,
    Running(Box<Run>),
    /// `Stop` was sent; waiting for the intermediate process's `:DOWN`.
    Closing(Box<Run>, Then),
    Done,
    /// The stream made the caller exit.
    Exited,
}

enum Then {
    End,
    Raise(ExitReason),
}

impl<I, F, Z> AsyncStream<I, F, Z> {
    pub(crate) fn new(
        input: I,
        f: F,
        opts: StreamOptions<Z>,
        starter: Starter,
    ) -> AsyncStream<I, F, Z> {
        AsyncStream {
            input: Some(input),
            f,
            opts,
            starter,
            phase: Phase::Idle,
        }
    }
}

impl<I, F, Fut, Z> Stream for AsyncStream<I, F, Z>
where
    I: Iterator,
    Z: ZipMode<I::Item>,
    F: FnMut(I::Item) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    type Item = TaskResult<Fut::Output>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.phase, Phase::Exited) {
                Phase::Idle => {
                    match Run::start(
                        &this.opts,
                        this.starter.clone(),
                        is_stream_message::<Fut::Output>,
                    ) {
                        Ok(run) => this.phase = Phase::Running(run),
                        Err(reason) => {
                            this.exit(None, reason);
                            return Poll::Pending;
                        }
                    }
                }
                Phase::Running(run) => match this.step(run, cx) {
                    Step::Again => {}
                    Step::Emit(result) => return Poll::Ready(Some(result)),
                    Step::Pending => return Poll::Pending,
                },
                Phase::Closing(run, then) => {
                    let got = poll_receive(&run.caller, |m| down_reason(m, run.tag), cx);
                    let Poll::Ready(reason) = got else {
                        this.phase = Phase::Closing(run, then);
                        return Poll::Pending;
                    };
                    run.clean_mailbox();
                    if let Some(stand_in) = &run.stand_in {
                        stand_in.terminate(&ExitReason::Normal, None);
                    }
                    match (reason, then) {
                        (ExitReason::Normal, Then::End) => {
                            this.phase = Phase::Done;
                            return Poll::Ready(None);
                        }
                        (ExitReason::Normal, Then::Raise(error)) => {
                            this.exit(None, error);
                            return Poll::Pending;
                        }
                        (reason, _) => {
                            this.exit(None, stream_exit(reason, this.opts.timeout));
                            return Poll::Pending;
                        }
                    }
                }
                Phase::Done => {
                    this.phase = Phase::Done;
                    return Poll::Ready(None);
                }
                Phase::Exited => return Poll::Pending,
            }
        }
    }
}

/// What one step of a running stream came to.
enum Step<O> {
    /// State changed; step again.
    Again,
    Emit(TaskResult<O>),
    Pending,
}

impl<I, F, Fut, Z> AsyncStream<I, F, Z>
where
    I: Iterator,
    Z: ZipMode<I::Item>,
    F: FnMut(I::Item) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    /// Emits, starts a task, closes, or handles one message, in that order of
    /// preference. Leaves `self.phase` set.
    fn step(&mut self, mut run: Box<Run>, cx: &mut Context<'_>) -> Step<Fut::Output> {
        if let Some(result) = run.next_in_order::<Fut::Output>() {
            self.phase = Phase::Running(run);
            return Step::Emit(result);
        }
        if self.input.is_some() && run.can_start(self.opts.ordered) {
            match self.input.as_mut().and_then(Iterator::next) {
                Some(item) => self.start_task(&mut run, item),
                None => self.input = None,
            }
            self.phase = Phase::Running(run);
            return Step::Again;
        }
        if self.input.is_none() && run.running == 0 && run.buffered == 0 {
            signals::send(run.intermediate, Command::Stop);
            self.phase = Phase::Closing(run, Then::End);
            return Step::Again;
        }
        let Poll::Ready(got) = poll_receive(&run.caller, incoming::<Fut::Output>(run.tag), cx)
        else {
            self.phase = Phase::Running(run);
            return Step::Pending;
        };
        match got {
            Incoming::Reply(position, reply) => {
                run.slots.entry(position).or_default().reply = Some(reply);
            }
            Incoming::Ended(ended) => {
                run.running -= 1;
                let position = ended.position;
                let result = match self.result_of(&mut run, ended) {
                    Ok(result) => result,
                    Err(reason) => {
                        run.clean_mailbox();
                        self.exit(Some(run), reason);
                        return Step::Pending;
                    }
                };
                if !self.opts.ordered {
                    run.slots.remove(&position);
                    self.phase = Phase::Running(run);
                    return Step::Emit(result);
                }
                run.buffered += 1;
                run.slots.entry(position).or_default().result = Some(Box::new(result));
            }
            Incoming::Spawned { refused: None } => run.awaiting_start = false,
            Incoming::Spawned {
                refused: Some(error),
            } => {
                signals::send(run.intermediate, Command::Stop);
                self.phase = Phase::Closing(run, Then::Raise(error));
                return Step::Again;
            }
            Incoming::Down(reason) => {
                run.clean_mailbox();
                let reason = stream_exit(reason, self.opts.timeout);
                self.exit(Some(run), reason);
                return Step::Pending;
            }
        }
        self.phase = Phase::Running(run);
        Step::Again
    }

    /// Hands the task for `item` to the intermediate process.
    fn start_task(&mut self, run: &mut Run, item: I::Item) {
        let position = run.spawned;
        run.spawned += 1;
        run.running += 1;
        let input = self.opts.zipped_input(&item);
        run.slots.insert(
            position,
            Slot {
                input,
                ..Slot::default()
            },
        );
        let fut = (self.f)(item);
        let (caller, tag) = (Arc::clone(&run.caller), run.tag);
        let body = Box::pin(async move {
            let value = fut.await;
            caller.deliver_reply(
                tag,
                Box::new(Reply {
                    tag,
                    position,
                    value,
                }),
            );
        });
        signals::send(run.intermediate, Command::Spawn { position, body });
        run.awaiting_start = matches!(self.starter, Starter::By(_));
    }

    /// The element of a task that ended, or the reason the caller exits with.
    fn result_of(
        &self,
        run: &mut Run,
        ended: Ended,
    ) -> Result<TaskResult<Fut::Output>, ExitReason> {
        let slot = run.slots.entry(ended.position).or_default();
        let reply = slot
            .reply
            .take()
            .and_then(|m| m.downcast::<Reply<Fut::Output>>().ok());
        if let Some(reply) = reply {
            return Ok(TaskResult::Ok(reply.value));
        }
        let reason = match ended.timed_out {
            false => ended.reason,
            true if self.opts.on_timeout == OnTimeout::Exit => {
                return Err(stream_exit(ExitReason::atom("timeout"), self.opts.timeout));
            }
            true => ExitReason::atom("timeout"),
        };
        Ok(TaskResult::Exit(match slot.input.take() {
            Some(input) => ExitReason::Term(Term::tuple([input, reason.to_term()])),
            None => reason,
        }))
    }
}

impl<I, F, Z> AsyncStream<I, F, Z> {
    /// Makes the caller exit with `reason`; the stream is over. The caller's
    /// exit then takes the intermediate process and its tasks with it,
    /// through the link, as in Elixir (a stand-in caller closes it now).
    fn exit(&mut self, run: Option<Box<Run>>, reason: ExitReason) {
        self.phase = Phase::Exited;
        if let Some(run) = run.filter(|run| run.stand_in.is_some()) {
            run.close_now();
        }
        // The caller stops at its next await point: this poll's `Pending`.
        let _exiting = exit_current(reason);
    }
}

impl<I, F, Z> Drop for AsyncStream<I, F, Z> {
    /// Dropping a stream before its end halts it: the running tasks are
    /// killed and the stream's messages removed from the mailbox. (When the
    /// caller is being killed, the link takes the stream down instead.)
    fn drop(&mut self) {
        let run = match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Running(run) | Phase::Closing(run, _) => run,
            _ => return,
        };
        if run.stand_in.is_none() && run.caller.is_exiting() {
            return;
        }
        run.close_now();
    }
}
