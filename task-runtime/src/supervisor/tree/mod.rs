//! Elixir's `Supervisor`: a process that starts a static list of children
//! in order, restarts them by their `restart` and its strategy, and stops
//! them in reverse order. A child is any [`ChildSpec`] whose start function
//! returns `{:ok, pid}`: a task ([`Task::child_spec`](crate::Task::child_spec)),
//! a [`TaskSupervisor`](crate::supervisor::TaskSupervisor), another
//! supervisor ([`Supervisor::spec`]).

mod builtin_specs;
mod errors;
mod info;
mod options;
mod report;
mod server;
mod shutdown;
mod spec;

pub use builtin_specs::use_task;
pub use errors::{ChildError, StartError};
pub use info::{ChildCounts, ChildInfo, ChildPid};
pub use options::{Options, Strategy};
pub use spec::{ChildSpec, ChildType, Overrides, Start};
pub(crate) use spec::{StartFn, anonymous_fn};

use self::server::Request;
use super::call::call;
use crate::inspect::{Atom, Doc, Inspect, Term, impl_debug_via_inspect};
use crate::messages::Down;
use crate::name::{Name, spawn_named};
use crate::runtime::current::{current, raise};
use crate::runtime::meta::ancestors_of_child;
use crate::runtime::receive::Receive;
use crate::runtime::report::Origin;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::{ExitReason, Pid, Timeout, make_ref};
use std::sync::Arc;
use tokio::sync::oneshot;

/// A running supervisor: a `Copy` handle on its process. `Debug` prints
/// its pid.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::inspect::{inspect, Term};
/// use task_runtime::supervisor::{Options, Strategy, Supervisor};
/// use task_runtime::{process, Task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let worker = || process::sleep(Timeout::Infinity);
/// let children = vec![Task::child_spec(worker).id(Term::atom("a"))];
/// let sup = Supervisor::start_link(children, Options::new(Strategy::OneForOne)).await.unwrap();
/// assert_eq!(inspect(&sup.count_children().await), "%{active: 1, specs: 1, supervisors: 0, workers: 1}");
/// sup.stop(task_runtime::ExitReason::Normal).await;
/// # }).await.unwrap();
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Supervisor {
    pid: Pid,
}

impl Supervisor {
    /// Starts a supervisor linked to the caller (`Supervisor.start_link/2`):
    /// it traps exits and starts `children` one at a time, in order, before
    /// this returns. Duplicate ids are refused
    /// (`{:start_spec, {:duplicate_child_name, id}}`); a child whose start
    /// fails stops those already started (in reverse order) and the
    /// supervisor exits `{:shutdown, {:failed_to_start_child, id, reason}}`,
    /// which, as in Elixir, also kills a caller that does not trap exits (a
    /// trapping one gets the `Err`, then the `{:EXIT, sup, reason}`).
    ///
    /// It stops (its children first, in reverse order) when its parent
    /// exits or sends it an exit signal, and, with `:shutdown`, when its
    /// children restart more than `max_restarts` times within `max_seconds`.
    pub async fn start_link(
        children: Vec<ChildSpec>,
        opts: Options,
    ) -> Result<Supervisor, StartError> {
        let parent = current();
        let config = server::Config {
            parent: parent.as_ref().map(|p| p.pid),
            name: opts.name.clone(),
            strategy: opts.strategy,
            max_restarts: opts.max_restarts,
            max_seconds: opts.max_seconds,
        };
        let (ready, started) = oneshot::channel();
        let watch = make_ref();
        let spawn = Spawn {
            link: parent.clone(),
            monitor: parent.clone().map(|p| (p, watch)),
            trap_exit: true,
            // A supervisor's exits echo its parent's or its children's.
            origin: Origin::Unreported,
            // As `proc_lib` records them: the parent, then its ancestors.
            ancestors: parent.as_ref().map(ancestors_of_child),
            what: "Supervisor::start_link",
            ..Spawn::default()
        };
        let body = server::run(config, children, ready);
        let pid = match &opts.name {
            None => spawn_pid(body, spawn),
            // Registered at birth: the name is free again, its process gone,
            // before its parent hears of the exit.
            Some(name) => match spawn_named(body, spawn, name) {
                Ok(proc) => proc.pid,
                Err(refused) => return Err(StartError::refused_name(refused)),
            },
        };
        let outcome = started.await;
        let mut exited = None;
        if let Some(me) = &parent {
            if let Ok(Ok(())) = outcome {
                me.demonitor(watch, true);
            } else {
                // It exits: by its `:DOWN` its link's signal has reached us,
                // so a non-trapping caller dies before seeing the `Err`.
                let down = |m: &mut crate::Message| {
                    m.downcast_ref::<Down>()
                        .filter(|d| d.r#ref == watch)
                        .map(|d| d.reason.clone())
                };
                exited = Receive::runtime(Arc::clone(me), down, Timeout::Infinity).await;
            }
        }
        match outcome {
            Ok(Ok(())) => Ok(Supervisor { pid }),
            Ok(Err(error)) => Err(error),
            // Killed (or a start function exited it) before it answered:
            // `{:error, reason}`, as `proc_lib:start_link` answers.
            Err(_) => Err(StartError::Exited(
                exited.map_or(Term::atom("noproc"), |r| r.to_term()),
            )),
        }
    }

    /// The supervisor registered under `name`, if any.
    pub fn whereis(name: impl Into<Name>) -> Option<Supervisor> {
        name.into().whereis().map(|pid| Supervisor { pid })
    }

    /// The supervisor running as `pid` (as Elixir's calls take a pid, such
    /// as one from `which_children`). Calls to a process that is no
    /// supervisor never get an answer: the caller waits until it exits.
    pub fn from_pid(pid: Pid) -> Supervisor {
        Supervisor { pid }
    }

    /// The supervisor's process.
    pub fn pid(self) -> Pid {
        self.pid
    }

    /// `Supervisor.child_spec(spec, overrides)`: `spec` with the keys of
    /// `overrides` replaced.
    ///
    /// ```
    /// use task_runtime::inspect::{inspect, Term};
    /// use task_runtime::supervisor::{Overrides, Restart, Supervisor};
    /// use task_runtime::Task;
    /// let spec = Supervisor::child_spec(
    ///     Task::child_spec(|| async {}),
    ///     Overrides::new().id(Term::atom("other")).restart(Restart::Permanent),
    /// );
    /// assert_eq!(
    ///     inspect(&spec),
    ///     "%{id: :other, restart: :permanent, start: {Task, :start_link, [#Function<anonymous fn/0>]}}",
    /// );
    /// ```
    pub fn child_spec(spec: ChildSpec, overrides: Overrides) -> ChildSpec {
        overrides.apply(spec)
    }

    /// The spec of a nested supervisor with id `id`, whose children are
    /// made by `children` at each of its (re)starts: `type: :supervisor`,
    /// so `shutdown: :infinity` unless given. It prints its start as
    /// `{Supervisor, :start_link, [fun, opts]}`.
    pub fn spec<F>(id: Term, mut children: F, opts: Options) -> ChildSpec
    where
        F: FnMut() -> Vec<ChildSpec> + Send + 'static,
    {
        let call = (
            Atom::new("Elixir.Supervisor"),
            Atom::new("start_link"),
            vec![spec::anonymous_fn(), Term::of(&opts)],
        );
        let start: spec::StartFn = Box::new(move || {
            let children = children();
            let opts = opts.clone();
            Box::pin(async move {
                match Supervisor::start_link(children, opts).await {
                    Ok(sup) => Start::Ok(sup.pid),
                    Err(e) => Start::Error(Term::of(&e)),
                }
            })
        });
        ChildSpec::with_call(id, call, start).r#type(ChildType::Supervisor)
    }

    /// `which_children/1`: every child, in **reverse** start order, as
    /// `{id, pid, type, modules}`.
    pub async fn which_children(self) -> Vec<ChildInfo> {
        self.ask(Term::atom("which_children"), Request::WhichChildren)
            .await
    }

    /// `count_children/1`.
    pub async fn count_children(self) -> ChildCounts {
        self.ask(Term::atom("count_children"), Request::CountChildren)
            .await
    }

    /// `terminate_child/2`: stops the child `id` by its `shutdown` (OTP's
    /// protocol) and returns when it is dead; its spec is kept with pid
    /// `:undefined` (a `:temporary` one's is deleted). `Ok` also when it
    /// was not running.
    pub async fn terminate_child(self, id: Term) -> Result<(), ChildError> {
        let what = Term::tuple([Term::atom("terminate_child"), id.clone()]);
        self.ask(what, |reply| Request::Terminate(id, reply)).await
    }

    /// `restart_child/2`: starts the stopped child `id` again (not counted
    /// as a restart): its new pid, `:undefined` if its start returned
    /// `:ignore`; `Err(Running)`, `Err(Restarting)`, `Err(NotFound)`, or its
    /// start error unwrapped.
    pub async fn restart_child(self, id: Term) -> Result<ChildPid, ChildError> {
        let what = Term::tuple([Term::atom("restart_child"), id.clone()]);
        self.ask(what, |reply| Request::Restart(id, reply)).await
    }

    /// `delete_child/2`: forgets the stopped child `id`.
    pub async fn delete_child(self, id: Term) -> Result<(), ChildError> {
        let what = Term::tuple([Term::atom("delete_child"), id.clone()]);
        self.ask(what, |reply| Request::Delete(id, reply)).await
    }

    /// `Supervisor.stop/2` (timeout `:infinity`): stops the children in
    /// reverse order, then the supervisor with `reason`; returns when it is
    /// gone. A supervisor that is gone already makes the caller exit
    /// `{:noproc, {GenServer, :stop, [pid, reason, :infinity]}}`.
    pub async fn stop(self, reason: ExitReason) {
        let me = crate::runtime::current::require_current("Supervisor::stop");
        let watch = make_ref();
        me.monitor(self.pid, watch);
        crate::runtime::signals::send(self.pid, Request::Stop(reason.clone()));
        let down = |m: &mut crate::Message| {
            m.downcast_ref::<Down>()
                .filter(|d| d.r#ref == watch)
                .map(|d| d.reason.clone())
        };
        let got = Receive::runtime(Arc::clone(&me), down, Timeout::Infinity).await;
        if got == Some(ExitReason::Noproc) {
            let args = vec![
                Term::Pid(self.pid),
                reason.to_term(),
                Term::atom("infinity"),
            ];
            let exit = ExitReason::call(ExitReason::Noproc, "Elixir.GenServer", "stop", args);
            raise::<()>(exit).await;
        }
    }

    /// A call that exits the caller if the supervisor is gone.
    async fn ask<R>(self, what: Term, request: impl FnOnce(oneshot::Sender<R>) -> Request) -> R {
        match call(self.pid, what, request).await {
            Ok(answer) => answer,
            Err(reason) => raise(reason).await,
        }
    }
}

impl Inspect for Supervisor {
    fn to_doc(&self) -> Doc {
        self.pid.to_doc()
    }
}

impl_debug_via_inspect!(Supervisor);

impl From<Result<Supervisor, StartError>> for Start {
    fn from(started: Result<Supervisor, StartError>) -> Start {
        match started {
            Ok(sup) => Start::Ok(sup.pid),
            Err(e) => Start::Error(Term::of(&e)),
        }
    }
}
