//! Elixir's `Task.Supervisor`: a process that starts tasks as its children,
//! so that they can be run detached from the caller (`async_nolink`,
//! `start_child`), restarted, listed, terminated, and taken down with it.
//!
//! Every call is `async`, because in Elixir each is a call to the supervisor
//! process. A call to a supervisor that is gone makes the caller exit with
//! `{:noproc, {GenServer, :call, [supervisor, request, :infinity]}}`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use task_runtime::{inspect::inspect, process, task, Timeout};
//! use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
//! # task_runtime::root::spawn_root(async {
//! let sup = TaskSupervisor::start_link(SupervisorOptions::new()).await.unwrap();
//! let t = sup.async_nolink(async {
//!     process::sleep(10_u64).await;
//!     panic!("oops")
//! }).await;
//! let result: Option<task::TaskResult<()>> = task::yield_task(&t, Timeout::DEFAULT).await;
//! assert_eq!(inspect(&result), r#"{:exit, {%RuntimeError{message: "oops"}, []}}"#);
//! # }).await.unwrap();
//! # }
//! ```

mod call;
mod default;
mod errors;
pub(crate) mod handshake;
mod mfa;
mod options;
pub(crate) mod server;
mod streams;
mod tree;

pub use default::async_nolink;
pub use errors::{NotFound, StartChildError};
pub use options::{ChildOptions, Restart, SupervisorOptions};
#[doc(hidden)]
pub use tree::use_task as __use_task;
pub use tree::{
    ChildCounts, ChildError, ChildInfo, ChildPid, ChildSpec, ChildType, Options, Overrides, Start,
    StartError, Strategy, Supervisor,
};
pub(crate) use tree::{StartFn, anonymous_fn};

use self::server::{ChildStart, Request};
use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::name::{Name, spawn_named};
use crate::runtime::current::{callers_of_child, current, current_or_stand_in, raise};
use crate::runtime::meta::ancestors_of_child;
use crate::runtime::report::Origin;
use crate::runtime::signals::{self, link_or_noproc};
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::task::{Mfa, Shutdown, Task};
use crate::{ExitReason, Pid, make_ref};
use futures::future::BoxFuture;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::oneshot;

/// A running task supervisor: a `Copy` handle on its process.
///
/// `Debug` prints its pid.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskSupervisor {
    pid: Pid,
}

impl TaskSupervisor {
    /// Starts a task supervisor linked to the caller
    /// (`Task.Supervisor.start_link/1`). It traps exits; it stops (stopping
    /// its children first) when the caller exits, whatever the reason, or
    /// sends it an exit signal, and when its children restart more than
    /// `max_restarts` times within `max_seconds`, with `:shutdown`.
    ///
    /// `Err({:already_started, pid})` if `name` is taken.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
    /// # task_runtime::root::spawn_root(async {
    /// let opts = SupervisorOptions::new().name("doc.start_link");
    /// let sup = TaskSupervisor::start_link(opts.clone()).await.unwrap();
    /// assert_eq!(TaskSupervisor::whereis("doc.start_link"), Some(sup));
    /// let again = TaskSupervisor::start_link(opts).await.unwrap_err();
    /// assert_eq!(format!("{again:?}"), format!("{{:already_started, {:?}}}", sup.pid()));
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub async fn start_link(opts: SupervisorOptions) -> Result<TaskSupervisor, ExitReason> {
        let parent = current();
        let config = server::Config {
            parent: parent.as_ref().map(|p| p.pid),
            max_children: opts.max_children,
            max_restarts: opts.max_restarts,
            max_seconds: opts.max_seconds,
        };
        let spawn = Spawn {
            ancestors: parent.as_ref().map(ancestors_of_child),
            link: parent,
            trap_exit: true,
            // A supervisor's exits echo its parent's or its children's.
            origin: Origin::Unreported,
            ..Spawn::default()
        };
        let pid = match &opts.name {
            None => spawn_pid(server::run(config), spawn),
            // Registered at birth: the name is free again, its process gone,
            // before its parent hears of the exit.
            Some(name) => spawn_named(server::run(config), spawn, name)?.pid,
        };
        Ok(TaskSupervisor { pid })
    }

    /// The supervisor registered under `name`, if any.
    pub fn whereis(name: impl Into<Name>) -> Option<TaskSupervisor> {
        name.into().whereis().map(|pid| TaskSupervisor { pid })
    }

    /// The supervisor at `pid` (its own server loop hands itself out).
    #[cfg(feature = "dist")]
    pub(crate) fn from_pid(pid: Pid) -> TaskSupervisor {
        TaskSupervisor { pid }
    }

    /// The supervisor's process.
    pub fn pid(self) -> Pid {
        self.pid
    }

    /// Starts `fut` as a supervised task linked to the caller (and to the
    /// supervisor) and monitored by it (`Task.Supervisor.async/2`); use the
    /// [`Task`] as one from [`task::async_task`](crate::task::async_task): a
    /// crash kills a non-trapping caller with the raw reason.
    ///
    /// If the supervisor already runs `max_children` children, the caller
    /// exits with a `RuntimeError` (`reached the maximum number of tasks for
    /// this task supervisor. ...`).
    pub async fn async_task<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.start_async(fut, true, ChildOptions::new(), Mfa::APPLY)
            .await
    }

    /// [`async_task`](TaskSupervisor::async_task) with the child's
    /// `shutdown` option (its `restart` is ignored: always `:temporary`).
    pub async fn async_task_with<F>(self, fut: F, opts: ChildOptions) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.start_async(fut, true, opts, Mfa::APPLY).await
    }

    /// Starts `fut` as a supervised task that is **not linked** to the
    /// caller, only monitored (`Task.Supervisor.async_nolink/2`): its crash
    /// comes back as `{:exit, reason}` from
    /// [`yield_task`](crate::task::yield_task) (or as an `await` exit
    /// `{reason, {Task, :await, ..}}`), never as an `{:EXIT, ..}`, and it
    /// outlives a crashed owner. The caller always gets its `:DOWN`.
    ///
    /// A full supervisor makes the caller exit with a `RuntimeError`, as
    /// [`async_task`](TaskSupervisor::async_task).
    pub async fn async_nolink<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.start_async(fut, false, ChildOptions::new(), Mfa::APPLY)
            .await
    }

    /// [`async_nolink`](TaskSupervisor::async_nolink) with the child's
    /// `shutdown` option (its `restart` is ignored: always `:temporary`).
    pub async fn async_nolink_with<F>(self, fut: F, opts: ChildOptions) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.start_async(fut, false, opts, Mfa::APPLY).await
    }

    pub(crate) async fn start_async<F>(
        self,
        fut: F,
        link: bool,
        opts: ChildOptions,
        mfa: Mfa,
    ) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (owner, stand_in) = current_or_stand_in();
        let r#ref = make_ref();
        let reply_to = Arc::clone(&owner);
        let body = handshake::after_go(owner.pid, async move {
            let value = fut.await;
            reply_to.deliver_reply(r#ref, Box::new((r#ref, value)));
        });
        let started = self
            .start_task(
                Box::pin(body),
                callers_of_child(),
                owner.pid,
                opts.shutdown,
                (mfa != Mfa::APPLY).then(|| mfa.clone()),
                None,
            )
            .await;
        let pid = match started {
            Ok(Ok(pid)) => pid,
            Ok(Err(StartChildError::MaxChildren)) => {
                raise(ExitReason::panic(errors::MAX_CHILDREN)).await
            }
            Err(reason) => raise(reason).await,
        };
        if link {
            link_or_noproc(&owner, pid).await;
        }
        owner.monitor(pid, r#ref);
        signals::send(pid, handshake::Go);
        Task::new(mfa, owner.pid, pid, r#ref, stand_in)
    }

    /// Asks for a `:temporary` child running `body` (which waits for its
    /// go-ahead); `stream`: the stream's intermediate process asking.
    pub(crate) async fn start_task(
        self,
        body: BoxFuture<'static, ()>,
        callers: crate::runtime::callers::Callers,
        owner: Pid,
        shutdown: Shutdown,
        initial_call: Option<Mfa>,
        stream: Option<Pid>,
    ) -> Result<Result<Pid, StartChildError>, ExitReason> {
        self.call(Term::atom("start_task"), |reply| Request::Start {
            start: ChildStart::Once(Some(body)),
            restart: Restart::Temporary,
            shutdown,
            callers,
            owner,
            initial_call,
            stream,
            reply,
        })
        .await
    }

    /// Starts a fire-and-forget child running `make()`
    /// (`Task.Supervisor.start_child/3`): not linked to the caller, not
    /// monitored, its value discarded. `Err(MaxChildren)` (printed
    /// `{:error, :max_children}`) when the supervisor is full.
    ///
    /// With [`Restart::Transient`] or [`Restart::Permanent`], a child that
    /// ends is run again by calling `make` anew, in a new process.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use task_runtime::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
    /// # task_runtime::root::spawn_root(async {
    /// let sup = TaskSupervisor::start_link(SupervisorOptions::new().max_children(1)).await.unwrap();
    /// let forever = || task_runtime::process::sleep(task_runtime::Timeout::Infinity);
    /// let pid = sup.start_child(forever, ChildOptions::new()).await.unwrap();
    /// assert_eq!(sup.children().await, vec![pid]);
    /// let full = sup.start_child(|| async {}, ChildOptions::new()).await;
    /// assert_eq!(task_runtime::inspect::inspect(&full), "{:error, :max_children}");
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub async fn start_child<M, Fut>(
        self,
        make: M,
        opts: ChildOptions,
    ) -> Result<Pid, StartChildError>
    where
        M: FnMut() -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
    {
        self.start_child_as(make, opts, None).await
    }

    /// [`start_child`](TaskSupervisor::start_child), the child's
    /// `$initial_call` given (an MFA child's).
    pub(crate) async fn start_child_as<M, Fut>(
        self,
        make: M,
        opts: ChildOptions,
        initial_call: Option<Mfa>,
    ) -> Result<Pid, StartChildError>
    where
        M: FnMut() -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
    {
        // `make` runs in the child, as Elixir applies the start function
        // in the child: a panic there crashes that child only, never the
        // supervisor. One child of this spec runs at a time; the lock only
        // makes `make` shareable with the child's future.
        let make = Arc::new(std::sync::Mutex::new(make));
        let start = ChildStart::Repeat(Box::new(move || {
            let make = Arc::clone(&make);
            Box::pin(async move {
                let fut = (make.lock().unwrap_or_else(|e| e.into_inner()))();
                drop(fut.await);
            })
        }));
        let owner = crate::process::try_self_pid().unwrap_or(Pid::OUTSIDE);
        let started = self
            .call(Term::atom("start_child"), |reply| Request::Start {
                start,
                restart: opts.restart,
                shutdown: opts.shutdown,
                callers: callers_of_child(),
                owner,
                initial_call,
                stream: None,
                reply,
            })
            .await;
        match started {
            Ok(started) => started,
            Err(reason) => raise(reason).await,
        }
    }

    /// The pids of all running children, in start order
    /// (`Task.Supervisor.children/1`).
    pub async fn children(self) -> Vec<Pid> {
        match self
            .call(Term::atom("which_children"), |reply| Request::Children {
                reply,
            })
            .await
        {
            Ok(children) => children,
            Err(reason) => raise(reason).await,
        }
    }

    /// Stops the child `pid` (`Task.Supervisor.terminate_child/2`):
    /// `:shutdown`, then `:kill` after its shutdown time (`:kill` at once for
    /// `:brutal_kill`), and returns when it is dead; it is not restarted.
    /// `Err(NotFound)` (printed `{:error, :not_found}`) if `pid` is not a
    /// current child.
    ///
    /// The child exits `:shutdown`, so a caller linked to it by
    /// [`async_task`](TaskSupervisor::async_task) dies with `:shutdown`
    /// unless it traps exits.
    pub async fn terminate_child(self, pid: Pid) -> Result<(), NotFound> {
        let request = Term::tuple([Term::atom("terminate_child"), Term::Pid(pid)]);
        let found = self.call(request, |reply| Request::Terminate { pid, reply });
        match found.await {
            Ok(true) => Ok(()),
            Ok(false) => Err(NotFound),
            Err(reason) => raise(reason).await,
        }
    }

    /// A call to the supervisor process ([`call::call`]).
    async fn call<R>(
        self,
        what: Term,
        request: impl FnOnce(oneshot::Sender<R>) -> Request,
    ) -> Result<R, ExitReason> {
        call::call(self.pid, what, request).await
    }
}

impl Inspect for TaskSupervisor {
    fn to_doc(&self) -> Doc {
        self.pid.to_doc()
    }
}

impl_debug_via_inspect!(TaskSupervisor);
