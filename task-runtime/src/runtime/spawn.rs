//! Starting processes: the future that runs a process's code on tokio,
//! converts panics and exit signals into exit reasons, and tells links and
//! monitors when it ends.
//!
//! **No user code between a process's death and its signals.** The
//! process's future (its locals), its undelivered reply, its panic payload,
//! its tracing span (a subscriber's `on_enter`/`on_exit`/`on_close`) and its
//! crash report (a subscriber's layers and writer, or stderr) are all user
//! code: each runs under `catch_unwind`, so that [`Proc::terminate`] always
//! runs and the process always leaves the table. A span is made before the
//! process is registered, so a panicking `on_new_span` leaves nothing behind.

use crate::runtime::callers::Callers;
use crate::runtime::current::{self, callers_of_child, require_runtime};
use crate::runtime::meta::{Ancestor, Meta};
use crate::runtime::proc::{PendingExit, Proc, ProcessOutput, State};
use crate::runtime::registry;
use crate::runtime::relations::Relations;
use crate::runtime::report::{self, Origin};
use crate::task::Mfa;
use crate::{ExitReason, Pid, Ref};
use futures::FutureExt;
use pin_project_lite::pin_project;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Called once with the final reason, and who sent it if it was a signal.
pub(crate) type ExitHook = Box<dyn FnOnce(&ExitReason, Option<Pid>) + Send>;

/// How a new process is tied to its parent at birth.
#[derive(Default)]
pub(crate) struct Spawn {
    /// Link to this process (atomically, before the child runs).
    pub(crate) link: Option<Arc<Proc>>,
    /// The parent monitors the child under this ref.
    pub(crate) monitor: Option<(Arc<Proc>, Ref)>,
    pub(crate) origin: Origin,
    pub(crate) on_exit: Option<ExitHook>,
    pub(crate) trap_exit: bool,
    /// `$callers` to record instead of the spawning process's chain: a
    /// supervised task's callers start with the process that asked for it.
    pub(crate) callers: Option<Callers>,
    /// The public function starting it, for the error outside a runtime
    /// (`""`: a generic name).
    pub(crate) what: &'static str,
    /// Registers the child under a name before anybody can see it
    /// ([`try_spawn_process`]; `name.rs::spawn_named`).
    pub(crate) claim: Option<Claim>,
    /// `$ancestors` (a supervisor's child: `meta::ancestors_of_child(sup)`);
    /// `None`: a task's come from its `$callers`, a plain spawn has none.
    pub(crate) ancestors: Option<Vec<Ancestor>>,
    /// `$initial_call`, when it is not `{:erlang, :apply, 2}` (an MFA task).
    pub(crate) initial_call: Option<Mfa>,
}

/// Gives a process being born its name; `Err` (`{:already_started, pid}`,
/// or an unknown registry's error) stops the spawn.
pub(crate) type Claim = Box<dyn FnOnce(&Arc<Proc>) -> Result<(), ExitReason> + Send>;

/// Runs `f` (user code: a destructor, a subscriber) and forgets its panic.
/// Used only where the process must go on to tell its links and monitors.
#[inline]
fn guarded<R>(f: impl FnOnce() -> R) -> Option<R> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

/// Creates and starts a process running `fut`. Returns its handle.
pub(crate) fn spawn_process<F>(fut: F, opts: Spawn) -> Arc<Proc>
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    debug_assert!(opts.claim.is_none(), "a claim can fail: try_spawn_process");
    match start(fut, opts, None, true) {
        Ok(Started {
            handle: Some(proc), ..
        }) => proc,
        _ => unreachable!("only a claim fails a spawn"),
    }
}

/// [`spawn_process`] for a caller that needs only the pid: one reference
/// count fewer to take and give back (two atomic operations per spawn).
#[inline]
pub(crate) fn spawn_pid<F>(fut: F, opts: Spawn) -> Pid
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    debug_assert!(opts.claim.is_none(), "a claim can fail: try_spawn_process");
    match start(fut, opts, None, false) {
        Ok(started) => started.pid,
        Err(_) => unreachable!("only a claim fails a spawn"),
    }
}

/// Starts a child that `parent` links to and, with `watched`, monitors
/// under that ref (a task and its owner; `opts` has no `link` or `monitor`
/// of its own). The child's half of the relations is in its state from the
/// start and the parent's is made under one lock of the parent's, which
/// also gives where the parent's mailbox is (returned with the pid): what
/// [`spawn_process`] with `link` and `monitor` does in three lock round
/// trips and as many handles, in one and one.
#[inline]
pub(crate) fn spawn_child<F>(
    fut: F,
    opts: Spawn,
    parent: &Arc<Proc>,
    watched: Option<Ref>,
) -> (Pid, u64)
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    debug_assert!(opts.claim.is_none() && opts.link.is_none() && opts.monitor.is_none());
    match start(fut, opts, Some((parent, watched)), false) {
        Ok(started) => (started.pid, started.since),
        Err(_) => unreachable!("only a claim fails a spawn"),
    }
}

/// [`spawn_process`] with a name claimed at birth (`opts.claim`): the
/// process has its name from the moment it exists. If the claim fails,
/// nothing was started (and `fut` is dropped unpolled).
pub(crate) fn try_spawn_process<F>(fut: F, opts: Spawn) -> Result<Arc<Proc>, ExitReason>
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    match start(fut, opts, None, true)? {
        Started {
            handle: Some(proc), ..
        } => Ok(proc),
        Started { pid, .. } => unreachable!("{pid:?} was started with its handle kept"),
    }
}

/// What [`start`] made.
struct Started {
    pid: Pid,
    /// The parent's mailbox end at the birth of a [`spawn_child`] (else 0).
    since: u64,
    /// The handle, if asked for.
    handle: Option<Arc<Proc>>,
}

// Inline: its callers pass the process's future by value, and a call
// copies it (a `memcpy` of the whole future, ~170 instructions per spawn).
#[inline]
fn start<F>(
    fut: F,
    mut opts: Spawn,
    born_of: Option<(&Arc<Proc>, Option<Ref>)>,
    keep: bool,
) -> Result<Started, ExitReason>
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    // Outside any process, there may be no runtime at all: say so before
    // anything is registered (inside one, tokio is running it).
    if current::current_pid().is_none() {
        require_runtime(opts.what);
    }
    report::quiet_panics_in_processes();
    let pid = Pid::next();
    // Only tasks record `$callers`; a plain `spawn` starts with none, as in Elixir.
    let callers = opts.callers.take().unwrap_or_else(|| match opts.origin {
        Origin::Task { .. } => callers_of_child(),
        Origin::Process | Origin::Unreported => Callers::default(),
    });
    // The span first: a subscriber's `on_new_span` is user code, and if it
    // panics here, nothing is registered or related yet.
    // Without a span then: a broken subscriber must not stop a spawn.
    let span = guarded(
        || tracing::info_span!(target: report::TARGET, "process", pid = %pid, callers = ?callers),
    );
    // Boxed, and only when a subscriber wants it: most runs trace nothing,
    // and every byte here is in every idle process.
    let span = span.filter(|s| !s.is_disabled()).map(Box::new);
    let state = State {
        trap_exit: opts.trap_exit,
        relations: match born_of {
            Some((parent, watched)) => Relations::born_of(Arc::clone(parent), watched),
            None => Relations::default(),
        },
        ..State::default()
    };
    let proc = new_state(Proc::new(pid, callers, state));
    if opts.ancestors.is_some() || opts.initial_call.is_some() {
        // Nobody sees the process yet: its `Meta` is in place before it is.
        let mut state = proc.state.lock();
        Meta::update(&mut state, pid, |meta| {
            meta.ancestors = opts.ancestors.take();
            meta.initial_call = opts.initial_call.take();
        });
    }
    if let Some(claim) = opts.claim.take()
        && let Err(e) = claim(&proc)
    {
        // Not started: what its birth recorded goes with it.
        Meta::on_death(pid);
        return Err(e);
    }
    let since = match born_of {
        Some((parent, watched)) => proc.relate_born_of(parent, watched),
        None => {
            proc.relate_at_birth(opts.link.as_ref(), opts.monitor.as_ref());
            0
        }
    };
    registry::insert(Arc::clone(&proc));
    let handle = keep.then(|| Arc::clone(&proc));
    let future = ProcessFuture {
        proc: Arc::clone(&proc),
        inner: Some(current::scope(proc, fut)),
        span,
        origin: opts.origin,
        on_exit: opts.on_exit,
    };
    tokio::spawn(future);
    Ok(Started { pid, since, handle })
}

/// A new process's state, in a spare allocation where this thread has one
/// (`spare.rs`; the model tests' shuttle primitives live for one execution
/// only, so under shuttle every state is new).
#[inline]
fn new_state(fresh: Proc) -> Arc<Proc> {
    #[cfg(not(feature = "shuttle"))]
    return super::spare::make(fresh);
    #[cfg(feature = "shuttle")]
    Arc::new(fresh)
}

pin_project! {
    /// Runs one process: polls its code inside the process's task-local
    /// scope, and ends it on return, panic or exit signal.
    struct ProcessFuture<F> {
        proc: Arc<Proc>,
        #[pin]
        inner: Option<F>,
        span: Option<Box<tracing::Span>>,
        origin: Origin,
        on_exit: Option<ExitHook>,
    }

    impl<F> PinnedDrop for ProcessFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let mut this = this.project();
            if this.inner.is_some() {
                // Dropped unfinished: its tokio runtime is shutting down. The
                // process dies with `:killed`, like every process on a halting
                // node, and its links and monitors are told.
                guarded(|| this.inner.set(None));
                if this.proc.terminate(&ExitReason::Killed, None)
                    && let Some(hook) = this.on_exit.take()
                {
                    hook(&ExitReason::Killed, None);
                }
            }
            // The span's `on_close` is a subscriber's: after the signals.
            let span = this.span.take();
            guarded(|| drop(span));
            // Most often the last handle to the state: a spare for the next
            // spawn on this thread.
            #[cfg(not(feature = "shuttle"))]
            super::spare::keep(this.proc);
        }
    }
}

impl<F> Future for ProcessFuture<F>
where
    F: Future,
    F::Output: ProcessOutput,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        if this.inner.is_none() {
            return Poll::Ready(());
        }
        // Entering and leaving the span run a subscriber's `on_enter` and
        // `on_exit`: a panic there must not unwind out of the process's poll
        // (tokio would drop it as if its runtime were going away).
        let span = this.span.as_deref();
        let entered = span.and_then(|s| guarded(|| s.enter()));
        let poll = step(
            this.proc,
            this.inner.as_mut(),
            *this.origin,
            this.on_exit,
            cx,
        );
        guarded(|| drop(entered));
        poll
    }
}

/// One poll of the process's code, and its end if it ended: the exit's
/// reason, the crash report, the drop of its values, then the signals.
fn step<F>(
    proc: &Arc<Proc>,
    mut inner: Pin<&mut Option<F>>,
    origin: Origin,
    on_exit: &mut Option<ExitHook>,
    cx: &mut Context<'_>,
) -> Poll<()>
where
    F: Future,
    F::Output: ProcessOutput,
{
    let Some(code) = inner.as_mut().as_pin_mut() else {
        return Poll::Ready(());
    };
    let mut reply = None;
    let mut site = None;
    let outcome = if proc.is_exiting() {
        None
    } else {
        let polled = current::poll_own_task(proc, cx, |cx| {
            AssertUnwindSafe(code).catch_unwind().poll_unpin(cx)
        });
        match polled {
            Poll::Pending if !proc.is_exiting() => return Poll::Pending,
            Poll::Pending => None,
            Poll::Ready(Ok(output)) => {
                reply = output.into_reply();
                Some(ExitReason::Normal)
            }
            Poll::Ready(Err(panic)) => {
                site = report::take_panic_site();
                let reason = report::panic_reason(&*panic);
                // The payload is the user's value: its `Drop` may panic too.
                guarded(|| drop(panic));
                Some(reason)
            }
        }
    };
    // A pending exit signal wins over a return that raced with it: the
    // signal was delivered before the process got to finish. A pending exit
    // always raises `exiting` under the same lock (`Proc::set_exit`), so a
    // process nobody told to exit skips the lock here.
    let exit = if proc.is_exiting() {
        proc.state.lock().pending_exit.take()
    } else {
        None
    };
    let PendingExit { reason, from, .. } = match exit {
        Some(pending) => *pending,
        None => PendingExit {
            reason: outcome.unwrap_or(ExitReason::Normal),
            from: None,
            then: None,
        },
    };
    // The process's own values are dropped before anybody hears of its
    // death; a panicking destructor must not stop the news.
    guarded(|| inner.set(None));
    // Elixir logs the crash before the process exits; the report is
    // written by a subscriber (or to stderr), which may panic or fail.
    if from.is_none() {
        guarded(|| report::crash(proc.pid, origin, &reason, site));
    }
    // A reply that will not be sent is the user's value: dropped guarded.
    let reply = match reply {
        Some(reply) if !reason.is_normal() => {
            guarded(|| drop(reply));
            None
        }
        reply => reply,
    };
    let terminated = proc.terminate(&reason, reply);
    if terminated && let Some(hook) = on_exit.take() {
        hook(&reason, from);
    }
    Poll::Ready(())
}
