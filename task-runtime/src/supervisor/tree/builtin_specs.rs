//! The child specs of `Task`, `Task.Supervisor` and `Registry`, so each
//! sits in a tree.

use super::spec::{ChildSpec, ChildType, Start, StartFn, anonymous_fn};
use crate::inspect::{Atom, Doc, Inspect, Term, derive};
use crate::supervisor::{Restart, SupervisorOptions, TaskSupervisor};
use crate::task::Task;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// The start function of a task child: `Task.start_link(fun)` in the
/// supervisor; `make` is called in the child, as Elixir applies the
/// function there, so its panic crashes that child only.
pub(crate) fn task_start<M, Fut>(make: M) -> StartFn
where
    M: FnMut() -> Fut + Send + 'static,
    Fut: Future + Send + 'static,
{
    // One child of a spec runs at a time; the lock only makes `make`
    // shareable with the child's future.
    let make = Arc::new(Mutex::new(make));
    Box::new(move || {
        let make = Arc::clone(&make);
        let started = crate::task::start_link(async move {
            let fut = (make.lock().unwrap_or_else(|e| e.into_inner()))();
            drop(fut.await);
        });
        Box::pin(async move { started.into() })
    })
}

/// A name as an Elixir term: a local name is an atom (`App.Tasks` is the
/// atom `Elixir.App.Tasks`, so ids sort as Elixir sorts them).
pub(crate) fn name_term(name: &crate::name::Name) -> Term {
    match name {
        crate::name::Name::Local(name) => Term::Atom(Atom::module(name)),
        other => Term::of(other),
    }
}

impl Task<()> {
    /// `Task.child_spec(fun)`: a child running `make()`'s future as a task
    /// started by [`task::start_link`](crate::task::start_link) in the
    /// supervisor, with Task's defaults: id `Task`, `restart: :temporary`.
    /// Each (re)start calls `make` anew, in the new child.
    ///
    /// ```
    /// use task_runtime::{inspect::inspect, Task};
    /// let spec = Task::child_spec(|| async { 1 + 1 });
    /// assert_eq!(
    ///     inspect(&spec),
    ///     "%{id: Task, restart: :temporary, start: {Task, :start_link, [#Function<anonymous fn/0>]}}",
    /// );
    /// ```
    pub fn child_spec<M, Fut>(make: M) -> ChildSpec
    where
        M: FnMut() -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
    {
        let call = (
            Atom::new("Elixir.Task"),
            Atom::new("start_link"),
            vec![anonymous_fn()],
        );
        ChildSpec::with_call(Term::atom("Elixir.Task"), call, task_start(make))
            .restart(Restart::Temporary)
    }
}

impl Inspect for SupervisorOptions {
    /// The keyword list of the options that differ from the defaults.
    fn to_doc(&self) -> Doc {
        let n = |v: String| Doc::text(v);
        let mut items = Vec::new();
        if let Some(name) = &self.name {
            items.push(derive::field("name: ", name.to_doc()));
        }
        if let Some(max) = self.max_children {
            items.push(derive::field("max_children: ", n(max.to_string())));
        }
        if self.max_restarts != 3 {
            items.push(derive::field(
                "max_restarts: ",
                n(self.max_restarts.to_string()),
            ));
        }
        if self.max_seconds != 5 {
            items.push(derive::field(
                "max_seconds: ",
                n(self.max_seconds.to_string()),
            ));
        }
        Doc::container("[", items, "]", true)
    }
}

impl TaskSupervisor {
    /// `Task.Supervisor.child_spec(opts)`: id the `name` if given, else
    /// `Task.Supervisor`; `type: :supervisor` (so `shutdown: :infinity`).
    ///
    /// ```
    /// use task_runtime::inspect::inspect;
    /// use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
    /// let spec = TaskSupervisor::child_spec(SupervisorOptions::new());
    /// assert_eq!(
    ///     inspect(&spec),
    ///     "%{id: Task.Supervisor, start: {Task.Supervisor, :start_link, [[]]}, type: :supervisor}",
    /// );
    /// ```
    pub fn child_spec(opts: SupervisorOptions) -> ChildSpec {
        let id = match &opts.name {
            Some(name) => name_term(name),
            None => Term::atom("Elixir.Task.Supervisor"),
        };
        let call = (
            Atom::new("Elixir.Task.Supervisor"),
            Atom::new("start_link"),
            vec![Term::of(&opts)],
        );
        let start: StartFn = Box::new(move || {
            let opts = opts.clone();
            Box::pin(async move { TaskSupervisor::start_link(opts).await.into() })
        });
        ChildSpec::with_call(id, call, start).r#type(ChildType::Supervisor)
    }
}

impl<K, V> crate::registry::Registry<K, V>
where
    K: Eq + std::hash::Hash + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// `Registry.child_spec(keys: keys, name: name)`: id the name,
    /// `type: :supervisor`; its start is
    /// [`Registry::start_link`](crate::registry::Registry::start_link).
    ///
    /// ```
    /// use task_runtime::inspect::inspect;
    /// use task_runtime::registry::{Keys, Registry};
    /// let spec = Registry::<&str, ()>::child_spec(Keys::Unique, "App.Registry");
    /// assert_eq!(
    ///     inspect(&spec),
    ///     "%{id: App.Registry, start: {Registry, :start_link, [[keys: :unique, name: App.Registry]]}, type: :supervisor}",
    /// );
    /// ```
    pub fn child_spec(keys: crate::registry::Keys, name: &'static str) -> ChildSpec {
        let name_term = name_term(&crate::name::Name::Local(name));
        let keys_atom = match keys {
            crate::registry::Keys::Unique => Term::atom("unique"),
            crate::registry::Keys::Duplicate => Term::atom("duplicate"),
        };
        let opts = Term::list([
            Term::tuple([Term::atom("keys"), keys_atom]),
            Term::tuple([Term::atom("name"), name_term.clone()]),
        ]);
        let call = (
            Atom::new("Elixir.Registry"),
            Atom::new("start_link"),
            vec![opts],
        );
        let start: StartFn = Box::new(move || {
            Box::pin(async move {
                match crate::registry::Registry::<K, V>::start_link(keys, name).await {
                    Ok(registry) => Start::Ok(registry.pid()),
                    Err(reason) => Start::Error(reason.to_term()),
                }
            })
        });
        ChildSpec::with_call(name_term, call, start).r#type(ChildType::Supervisor)
    }
}

/// What `#[derive(Task)]` expands to (Elixir's `use Task`): the spec of a
/// module `module` (`"Elixir.Worker"`) whose `run(arg)` is the task, id the
/// module, `restart: :temporary` unless given, `shutdown` only if given,
/// printed `start: {Worker, :start_link, [arg]}`. Each (re)start runs
/// `run(arg.clone())` in a new task, started as `Task.start_link` starts it.
/// Not public API: named only by the derive's expansion.
#[doc(hidden)]
pub fn use_task<A, F, Fut>(
    module: &'static str,
    arg: A,
    restart: Option<Restart>,
    shutdown: Option<crate::task::Shutdown>,
    run: F,
) -> ChildSpec
where
    A: Inspect + Clone + Send + 'static,
    F: Fn(A) -> Fut + Send + 'static,
    Fut: Future + Send + 'static,
{
    let call = (
        Atom::new(module),
        Atom::new("start_link"),
        vec![Term::of(&arg)],
    );
    let make = move || run(arg.clone());
    let mut spec = ChildSpec::with_call(Term::atom(module), call, task_start(make))
        .restart(restart.unwrap_or(Restart::Temporary));
    spec.shutdown = shutdown;
    spec
}
