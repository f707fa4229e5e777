//! `Task.Supervisor.async_stream/4,6` and `async_stream_nolink/4,6`: the
//! stream of `task/stream/`, with this supervisor plugged in as its
//! [`Spawner`].

use super::TaskSupervisor;
use super::errors::STREAM_MAX_CHILDREN;
use super::handshake::{Go, after_go};
use crate::runtime::current::raise;
use crate::runtime::proc::Proc;
use crate::runtime::signals::{self, link_or_noproc};
use crate::task::stream::{AsyncStream, NewTask, Spawner, StreamStarter};
use crate::task::{Mfa, Shutdown, StreamOptions, ZipMode};
use crate::{ExitReason, Pid};
use futures::future::BoxFuture;
use std::future::Future;
use std::sync::Arc;

impl TaskSupervisor {
    /// [`task::async_stream`](crate::task::async_stream) with the tasks
    /// started as `:temporary` children of this supervisor
    /// (`Task.Supervisor.async_stream/4`). The tasks are linked (to the
    /// stream's intermediate process, itself linked to the caller), so a
    /// crash kills a non-trapping caller. If the supervisor is full, the
    /// stream is closed and the caller exits with a `RuntimeError`.
    /// [`StreamOptions::shutdown`] is each task's shutdown.
    pub fn async_stream<I, F, Fut, Z>(
        self,
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
        self.stream(items, f, opts, true, None)
    }

    /// [`async_stream`](TaskSupervisor::async_stream) with tasks that are
    /// not linked (`Task.Supervisor.async_stream_nolink/4`): a crash is an
    /// element `{:exit, reason}`, whether or not the caller traps exits.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use futures::StreamExt;
    /// use task_runtime::{inspect::inspect, process, ExitReason};
    /// use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
    /// use task_runtime::task::StreamOptions;
    /// # task_runtime::root::spawn_root(async {
    /// let sup = TaskSupervisor::start_link(SupervisorOptions::new()).await.unwrap();
    /// let crash_on_2 = |x: i32| async move {
    ///     if x == 2 {
    ///         process::exit_self(ExitReason::atom("bad")).await;
    ///     }
    ///     x * 10
    /// };
    /// let stream = sup.async_stream_nolink(vec![1, 2, 3], crash_on_2, StreamOptions::new());
    /// let results: Vec<_> = stream.collect().await;
    /// assert_eq!(inspect(&results), "[ok: 10, exit: :bad, ok: 30]");
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub fn async_stream_nolink<I, F, Fut, Z>(
        self,
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
        self.stream(items, f, opts, false, None)
    }

    /// `Task.Supervisor.async_stream(sup, items, module, fun, args, opts)`:
    /// [`async_stream`](TaskSupervisor::async_stream) whose tasks record
    /// `mfa` as their `$initial_call` (`f` applies the function to each
    /// item and the extra arguments it captures: `mfa`'s arity is theirs
    /// plus one).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use futures::StreamExt;
    /// use task_runtime::{inspect::inspect, Mfa};
    /// use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
    /// use task_runtime::task::StreamOptions;
    /// async fn sum(xs: Vec<i64>) -> i64 { xs.iter().sum() }
    /// # task_runtime::root::spawn_root(async {
    /// let sup = TaskSupervisor::start_link(SupervisorOptions::new()).await.unwrap();
    /// let mfa = Mfa::new("Enum", "sum", 1);
    /// let stream = sup.async_stream_mfa(vec![vec![1, 2]], mfa, sum, StreamOptions::new());
    /// assert_eq!(inspect(&stream.collect::<Vec<_>>().await), "[ok: 3]");
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub fn async_stream_mfa<I, F, Fut, Z>(
        self,
        items: I,
        mfa: Mfa,
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
        self.stream(items, f, opts, true, Some(mfa))
    }

    /// [`async_stream_nolink`](TaskSupervisor::async_stream_nolink) as
    /// [`async_stream_mfa`](TaskSupervisor::async_stream_mfa) is
    /// `async_stream` (`Task.Supervisor.async_stream_nolink/6`).
    pub fn async_stream_nolink_mfa<I, F, Fut, Z>(
        self,
        items: I,
        mfa: Mfa,
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
        self.stream(items, f, opts, false, Some(mfa))
    }

    fn stream<I: IntoIterator, F, Z>(
        self,
        items: I,
        f: F,
        opts: StreamOptions<Z>,
        link: bool,
        initial_call: Option<Mfa>,
    ) -> AsyncStream<I::IntoIter, F, Z> {
        let spawner = Supervised {
            sup: self,
            link,
            shutdown: opts.shutdown,
            initial_call,
        };
        let starter = StreamStarter::By(Arc::new(spawner));
        AsyncStream::new(items.into_iter(), f, opts, starter)
    }
}

/// A supervised stream's tasks: `:temporary` children of `sup`, linked to
/// the stream's intermediate process if `link`.
struct Supervised {
    sup: TaskSupervisor,
    link: bool,
    shutdown: Shutdown,
    initial_call: Option<Mfa>,
}

impl Spawner for Supervised {
    fn spawn<'a>(
        &'a self,
        me: &'a Arc<Proc>,
        task: NewTask,
    ) -> BoxFuture<'a, Result<(Pid, bool), ExitReason>> {
        Box::pin(async move {
            let NewTask {
                watch,
                owner,
                callers,
                body,
            } = task;
            let body = Box::pin(after_go(owner, body));
            let started = self
                .sup
                .start_task(
                    body,
                    callers,
                    owner,
                    self.shutdown,
                    self.initial_call.clone(),
                    Some(me.pid),
                )
                .await;
            let pid = match started {
                Ok(Ok(pid)) => pid,
                Ok(Err(_full)) => return Err(ExitReason::panic(STREAM_MAX_CHILDREN)),
                Err(reason) => raise(reason).await,
            };
            if self.link {
                link_or_noproc(me, pid).await;
            }
            me.monitor(pid, watch);
            signals::send(pid, Go);
            Ok((pid, self.link))
        })
    }

    fn server(&self) -> Pid {
        self.sup.pid()
    }
}
