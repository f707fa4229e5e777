//! Child specifications: what a [`Supervisor`](super::Supervisor) needs to
//! know to start, restart and stop a child, printed as Elixir prints the
//! spec map (only the keys that were given, sorted).

use crate::inspect::{Atom, Doc, Inspect, Term, derive, impl_debug_via_inspect};
use crate::supervisor::Restart;
use crate::task::Shutdown;
use crate::{ExitReason, Pid};
use futures::future::BoxFuture;

/// What a start function returns (Elixir's start results): the child's
/// process, which it must have linked to the calling process (the
/// supervisor: start functions run in it), `:ignore`, or `{:error, reason}`.
///
/// `From` the results of the start functions of this crate, so a start
/// function can end with `.into()`:
/// [`task::start_link`](crate::task::start_link)'s,
/// [`TaskSupervisor::start_link`](crate::supervisor::TaskSupervisor::start_link)'s and
/// [`Supervisor::start_link`](super::Supervisor::start_link)'s.
#[derive(Clone, PartialEq)]
pub enum Start {
    /// `{:ok, pid}`.
    Ok(Pid),
    /// `{:ok, pid, info}`.
    OkInfo(Pid, Term),
    /// `:ignore`: nothing started; the spec is kept with pid `:undefined`.
    Ignore,
    /// `{:error, reason}`.
    Error(Term),
}

impl Inspect for Start {
    fn to_doc(&self) -> Doc {
        match self {
            Start::Ok(pid) => derive::tagged("ok", vec![pid.to_doc()]),
            Start::OkInfo(pid, info) => derive::tagged("ok", vec![pid.to_doc(), info.to_doc()]),
            Start::Ignore => Doc::text(":ignore"),
            Start::Error(reason) => derive::tagged("error", vec![reason.to_doc()]),
        }
    }
}

impl_debug_via_inspect!(Start);

impl<E: Inspect> From<Result<Pid, E>> for Start {
    fn from(started: Result<Pid, E>) -> Start {
        match started {
            Ok(pid) => Start::Ok(pid),
            Err(e) => Start::Error(Term::of(&e)),
        }
    }
}

impl From<Result<crate::supervisor::TaskSupervisor, ExitReason>> for Start {
    fn from(started: Result<crate::supervisor::TaskSupervisor, ExitReason>) -> Start {
        match started {
            Ok(sup) => Start::Ok(sup.pid()),
            Err(reason) => Start::Error(reason.to_term()),
        }
    }
}

/// `type:` of a child: `:worker` (the default) or `:supervisor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChildType {
    /// `:worker`: shutdown `5000` unless given.
    #[default]
    Worker,
    /// `:supervisor`: shutdown `:infinity` unless given.
    Supervisor,
}

impl Inspect for ChildType {
    fn to_doc(&self) -> Doc {
        Doc::text(match self {
            ChildType::Worker => ":worker",
            ChildType::Supervisor => ":supervisor",
        })
    }
}

impl Inspect for Restart {
    fn to_doc(&self) -> Doc {
        Doc::text(match self {
            Restart::Temporary => ":temporary",
            Restart::Transient => ":transient",
            Restart::Permanent => ":permanent",
        })
    }
}

/// A start function: called in the supervisor each time the child starts.
pub(crate) type StartFn = Box<dyn FnMut() -> BoxFuture<'static, Start> + Send>;

/// A child specification (Elixir's spec map): `id`, `start`, and the
/// optional `restart` (`:permanent` unless given), `shutdown` (`5000`, or
/// `:infinity` for a supervisor) and `type` (`:worker`).
///
/// `Debug` and [`Inspect`] print the map Elixir prints, with the keys given:
///
/// ```
/// use task_runtime::inspect::{inspect, Term};
/// use task_runtime::supervisor::{ChildSpec, Start};
/// use task_runtime::task::Shutdown;
/// let spec = ChildSpec::new(Term::atom("a"), || async { Start::Ignore })
///     .shutdown(Shutdown::BrutalKill);
/// assert_eq!(
///     inspect(&spec),
///     "%{id: :a, shutdown: :brutal_kill, start: {:erlang, :apply, [#Function<anonymous fn/0>, []]}}",
/// );
/// ```
pub struct ChildSpec {
    pub(crate) id: Term,
    pub(crate) start: StartFn,
    /// `{M, :f, args}` as printed; `M` is also the child's `modules`.
    pub(crate) call: (Atom, Atom, Vec<Term>),
    pub(crate) restart: Option<Restart>,
    pub(crate) shutdown: Option<Shutdown>,
    pub(crate) kind: Option<ChildType>,
}

/// `#Function<anonymous fn/0>`: how a Rust closure stands in an Elixir term.
pub(crate) fn anonymous_fn() -> Term {
    Term::Doc(Box::new(Doc::text("#Function<anonymous fn/0>")))
}

impl ChildSpec {
    /// A spec with id `id` whose child is started by `start`, an `async`
    /// function run **in the supervisor** each time the child (re)starts:
    /// it must start a process linked to the caller (as
    /// [`task::start_link`](crate::task::start_link) does) and return it,
    /// or return `:ignore` or an error. It prints as
    /// `{:erlang, :apply, [fun, []]}`, as an Elixir spec with an anonymous
    /// start function does. A panic in it is the start error
    /// `{:EXIT, reason}`, as Elixir reports a start function that raised.
    pub fn new<F, Fut>(id: Term, mut start: F) -> ChildSpec
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Start> + Send + 'static,
    {
        let call = (
            Atom::new("erlang"),
            Atom::new("apply"),
            vec![anonymous_fn(), Term::list([])],
        );
        ChildSpec::with_call(id, call, Box::new(move || Box::pin(start())))
    }

    pub(crate) fn with_call(id: Term, call: (Atom, Atom, Vec<Term>), start: StartFn) -> ChildSpec {
        ChildSpec {
            id,
            start,
            call,
            restart: None,
            shutdown: None,
            kind: None,
        }
    }

    /// `id:`.
    pub fn id(mut self, id: Term) -> ChildSpec {
        self.id = id;
        self
    }

    /// `restart:`.
    pub fn restart(mut self, restart: Restart) -> ChildSpec {
        self.restart = Some(restart);
        self
    }

    /// `shutdown:` (`Shutdown::Timeout(Timeout::Infinity)` is `:infinity`).
    pub fn shutdown(mut self, shutdown: impl Into<Shutdown>) -> ChildSpec {
        self.shutdown = Some(shutdown.into());
        self
    }

    /// `type:`.
    pub fn r#type(mut self, kind: ChildType) -> ChildSpec {
        self.kind = Some(kind);
        self
    }

    /// The child's id.
    pub fn child_id(&self) -> &Term {
        &self.id
    }

    /// The effective `restart`: `:permanent` unless given.
    pub fn restart_type(&self) -> Restart {
        self.restart.unwrap_or(Restart::Permanent)
    }

    /// The effective `type`.
    pub fn child_type(&self) -> ChildType {
        self.kind.unwrap_or_default()
    }

    /// The effective `shutdown`: `5000` for a worker, `:infinity` for a
    /// supervisor, unless given.
    pub fn shutdown_type(&self) -> Shutdown {
        self.shutdown.unwrap_or(match self.child_type() {
            ChildType::Worker => Shutdown::default(),
            ChildType::Supervisor => Shutdown::Timeout(crate::Timeout::Infinity),
        })
    }

    /// `modules:`: the module of the start call.
    pub(crate) fn modules(&self) -> Vec<Atom> {
        vec![self.call.0.clone()]
    }

    /// `{M, :f, args}`.
    pub(crate) fn call_term(&self) -> Term {
        let (m, f, args) = &self.call;
        Term::tuple([
            Term::Atom(m.clone()),
            Term::Atom(f.clone()),
            Term::list(args.iter().cloned()),
        ])
    }
}

impl Inspect for ChildSpec {
    fn to_doc(&self) -> Doc {
        let mut fields = vec![derive::field("id: ", self.id.to_doc())];
        if let Some(restart) = self.restart {
            fields.push(derive::field("restart: ", restart.to_doc()));
        }
        if let Some(shutdown) = self.shutdown {
            fields.push(derive::field("shutdown: ", shutdown.to_doc()));
        }
        fields.push(derive::field("start: ", self.call_term().to_doc()));
        if let Some(kind) = self.kind {
            fields.push(derive::field("type: ", kind.to_doc()));
        }
        derive::map(fields)
    }
}

impl_debug_via_inspect!(ChildSpec);

/// The keys [`Supervisor::child_spec`](super::Supervisor::child_spec) may
/// override (Elixir's `Supervisor.child_spec(spec, overrides)`); an unknown
/// key, an `ArgumentError` in Elixir, cannot be written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    pub(crate) id: Option<Term>,
    pub(crate) restart: Option<Restart>,
    pub(crate) shutdown: Option<Shutdown>,
    pub(crate) kind: Option<ChildType>,
}

impl Overrides {
    /// No overrides.
    pub fn new() -> Overrides {
        Overrides::default()
    }

    /// `id:`.
    pub fn id(mut self, id: Term) -> Overrides {
        self.id = Some(id);
        self
    }

    /// `restart:`.
    pub fn restart(mut self, restart: Restart) -> Overrides {
        self.restart = Some(restart);
        self
    }

    /// `shutdown:`.
    pub fn shutdown(mut self, shutdown: impl Into<Shutdown>) -> Overrides {
        self.shutdown = Some(shutdown.into());
        self
    }

    /// `type:`.
    pub fn r#type(mut self, kind: ChildType) -> Overrides {
        self.kind = Some(kind);
        self
    }

    pub(crate) fn apply(self, mut spec: ChildSpec) -> ChildSpec {
        if let Some(id) = self.id {
            spec.id = id;
        }
        spec.restart = self.restart.or(spec.restart);
        spec.shutdown = self.shutdown.or(spec.shutdown);
        spec.kind = self.kind.or(spec.kind);
        spec
    }
}
