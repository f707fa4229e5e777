//! Starting processes: the future that runs a process's code on tokio,
//! converts panics and exit signals into exit reasons, and tells links and
//! monitors when it ends.

use crate::runtime::callers::Callers;
use crate::runtime::current::{self, callers_of_child};
use crate::runtime::proc::{PendingExit, Proc, ProcessOutput, State};
use crate::runtime::registry;
use crate::runtime::report::{self, Origin};
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
}

/// Creates and starts a process running `fut`. Returns its handle.
pub(crate) fn spawn_process<F>(fut: F, mut opts: Spawn) -> Arc<Proc>
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    let pid = Pid::next();
    // Only tasks record `$callers`; a plain `spawn` starts with none, as in Elixir.
    let callers = opts.callers.take().unwrap_or_else(|| match opts.origin {
        Origin::Task { .. } => callers_of_child(),
        Origin::Process | Origin::Unreported => Callers::default(),
    });
    let state = State {
        trap_exit: opts.trap_exit,
        ..State::default()
    };
    let proc = Arc::new(Proc::new(pid, callers, state));
    proc.relate_at_birth(opts.link.as_ref(), opts.monitor.as_ref());
    registry::insert(Arc::clone(&proc));
    let span = tracing::info_span!("process", pid = %pid, callers = ?proc.callers);
    // Boxed, and only when a subscriber wants it: most runs trace nothing,
    // and every byte here is in every idle process.
    let span = (!span.is_disabled()).then(|| Box::new(span));
    let future = ProcessFuture {
        proc: Arc::clone(&proc),
        inner: Some(current::scope(Arc::clone(&proc), fut)),
        span,
        origin: opts.origin,
        on_exit: opts.on_exit,
    };
    tokio::spawn(future);
    proc
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
                let _ = catch_unwind(AssertUnwindSafe(|| this.inner.set(None)));
                if this.proc.terminate(&ExitReason::Killed, None)
                    && let Some(hook) = this.on_exit.take()
                {
                    hook(&ExitReason::Killed, None);
                }
            }
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
        let Some(inner) = this.inner.as_mut().as_pin_mut() else {
            return Poll::Ready(());
        };
        let _entered = this.span.as_deref().map(tracing::Span::enter);
        let mut reply = None;
        let outcome = if this.proc.is_exiting() {
            None
        } else {
            this.proc.waker.register(cx.waker());
            match AssertUnwindSafe(inner).catch_unwind().poll_unpin(cx) {
                Poll::Pending if !this.proc.is_exiting() => return Poll::Pending,
                Poll::Pending => None,
                Poll::Ready(Ok(output)) => {
                    reply = output.into_reply();
                    Some(ExitReason::Normal)
                }
                Poll::Ready(Err(panic)) => Some(ExitReason::panic(report::panic_message(&*panic))),
            }
        };
        // A pending exit signal wins over a return that raced with it: the
        // signal was delivered before the process got to finish.
        let exit = this.proc.state.lock().pending_exit.take();
        let PendingExit { reason, from } = match exit {
            Some(pending) => *pending,
            None => PendingExit {
                reason: outcome.unwrap_or(ExitReason::Normal),
                from: None,
            },
        };
        // The process's own values are dropped before anybody hears of its
        // death; a panicking destructor must not stop the news.
        let _ = catch_unwind(AssertUnwindSafe(|| this.inner.set(None)));
        // Elixir logs the crash before the process exits.
        if from.is_none() {
            report::crash(this.proc.pid, *this.origin, &reason);
        }
        let reply = reply.filter(|_| reason.is_normal());
        let terminated = this.proc.terminate(&reason, reply);
        if terminated && let Some(hook) = this.on_exit.take() {
            hook(&reason, from);
        }
        Poll::Ready(())
    }
}
