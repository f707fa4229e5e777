//! Names (`Process.register/2` and friends, re-exported by
//! [`process`](crate::process)), and [`Name`]: what Elixir takes wherever a
//! `name:` or a server goes (an atom, or `{:via, Registry, {reg, key}}`).
//!
//! A name is an atom: in Rust a `&'static str` (`"worker"` is `:worker`,
//! and a capitalised alias such as `"MyApp.Tasks"` prints bare, as
//! `MyApp.Tasks`). One name per process and one process per name; the name
//! is free again when its process exits, before its links and monitors
//! hear of the exit.

use crate::Pid;
use crate::exit::ExitReason;
use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::runtime::names::{self, Refused};
use crate::runtime::proc::{Proc, ProcessOutput};
use crate::runtime::registry;
use crate::runtime::spawn::{Spawn, try_spawn_process};
use std::future::Future;
use std::sync::Arc;

/// A name a process is registered under and found by: Elixir's `name:`.
///
/// | Elixir | Rust |
/// |---|---|
/// | `:worker`, `MyApp.Tasks` | `Name::from("worker")`, `"MyApp.Tasks".into()` |
/// | `{:via, Registry, {MyApp.Registry, key}}` | [`Registry::via(key)`](crate::registry::Registry::via) |
///
/// Every API taking a name takes `impl Into<Name>`, so a `&'static str` is
/// one. Prints as Elixir prints the name.
///
/// ```
/// use task_runtime::{inspect::inspect, process::Name};
/// assert_eq!(inspect(&Name::from("worker")), ":worker");
/// assert_eq!(inspect(&Name::from("MyApp.Tasks")), "MyApp.Tasks");
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Name {
    /// A locally registered name (`Process.register/2`).
    Local(&'static str),
    /// `{:via, module, term}`: a key in a [`Registry`](crate::registry).
    Via(Via),
}

/// A via-name: `{:via, Registry, {registry, key}}`. Made by
/// [`Registry::via`](crate::registry::Registry::via).
#[derive(Clone)]
pub struct Via(pub(crate) Arc<dyn ViaTarget>);

/// What a via module does (Erlang's `register_name/2`, `whereis_name/1`,
/// `unregister_name/1`); implemented by the registry only.
pub(crate) trait ViaTarget: Send + Sync + 'static {
    /// Registers `proc` under the key; `Err` with the holder, or the
    /// registry's own error (unknown registry).
    fn register(&self, proc: &Arc<Proc>) -> Result<(), ExitReason>;
    /// The live process under the key; `Err` for an unknown registry.
    fn whereis(&self) -> Result<Option<Arc<Proc>>, ExitReason>;
    /// `{:via, Registry, {reg, key}}`.
    fn to_doc(&self) -> Doc;
}

impl From<&'static str> for Name {
    fn from(name: &'static str) -> Name {
        Name::Local(name)
    }
}

impl From<Via> for Name {
    fn from(via: Via) -> Name {
        Name::Via(via)
    }
}

impl Inspect for Name {
    fn to_doc(&self) -> Doc {
        match self {
            Name::Local(name) => names::name_doc(name),
            Name::Via(via) => via.0.to_doc(),
        }
    }
}

impl Inspect for Via {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

impl PartialEq for Name {
    /// Local names by name; via-names by registry and key (their printed form).
    fn eq(&self, other: &Name) -> bool {
        match (self, other) {
            (Name::Local(a), Name::Local(b)) => a == b,
            (Name::Via(a), Name::Via(b)) => Arc::ptr_eq(&a.0, &b.0) || a.0.to_doc() == b.0.to_doc(),
            _ => false,
        }
    }
}

impl Eq for Name {}

impl_debug_via_inspect!(Name);
impl_debug_via_inspect!(Via);

impl Name {
    /// The process registered under this name (`GenServer.whereis/1`):
    /// `None` if nobody holds it, or if its registry is gone.
    pub fn whereis(&self) -> Option<Pid> {
        self.lookup().ok().flatten().map(|p| p.pid)
    }

    pub(crate) fn lookup(&self) -> Result<Option<Arc<Proc>>, ExitReason> {
        match self {
            Name::Local(name) => Ok(names::lookup(name)),
            Name::Via(via) => via.0.whereis(),
        }
    }

    /// Registers `proc` (perhaps not yet visible) under this name.
    fn claim(&self, proc: &Arc<Proc>) -> Result<(), ExitReason> {
        match self {
            Name::Local(name) => names::claim(name, proc).map_err(|refused| match refused {
                Refused::Taken(pid) => already_started(pid),
                Refused::NotAlive | Refused::AlreadyNamed => register_error(proc.pid, name),
            }),
            Name::Via(via) => via.0.register(proc),
        }
    }
}

/// `{:already_started, pid}`: the error of a start whose name `pid` holds
/// (`{:error, {:already_started, pid}}` in Elixir).
pub fn already_started(pid: Pid) -> ExitReason {
    ExitReason::Term(Term::tuple([Term::atom("already_started"), Term::Pid(pid)]))
}

/// Starts a process registered under `name` from its birth (what a
/// `name:` option does: the name is held before the process runs, and a
/// start under a taken name starts nothing). `Err(already_started(pid))` if
/// `name` is taken; the registry's error for a via-name of an unknown
/// registry.
pub(crate) fn spawn_named<F>(fut: F, mut opts: Spawn, name: &Name) -> Result<Arc<Proc>, ExitReason>
where
    F: Future + Send + 'static,
    F::Output: ProcessOutput,
{
    let name = name.clone();
    opts.claim = Some(Box::new(move |proc: &Arc<Proc>| name.claim(proc)));
    try_spawn_process(fut, opts)
}

/// `could not register #PID<..> with name :x because ...`
fn register_error(pid: Pid, name: &'static str) -> ExitReason {
    ExitReason::argument_error(format!(
        "could not register {} with name {} because it is not alive, the name is already \
         taken, or it has already been given another name",
        crate::inspect::inspect(&pid),
        crate::inspect::inspect(&Name::Local(name)),
    ))
}

/// `errors were found at the given arguments: * 1st argument: <what>`.
pub(crate) fn badarg(what: &str) -> ExitReason {
    ExitReason::argument_error(format!(
        "errors were found at the given arguments:\n\n  * 1st argument: {what}\n"
    ))
}

/// Registers `pid` under `name` (`Process.register/2`).
///
/// `Err` is Elixir's `ArgumentError` (`could not register #PID<..> with
/// name :x because it is not alive, the name is already taken, or it has
/// already been given another name`) when `pid` is dead, `name` is taken
/// (also by `pid` itself), or `pid` already has a name; `nil` and
/// `:undefined` are no names (a `FunctionClauseError`, as in Elixir).
/// Raise it in the caller with `process::exit_self(e)` where Elixir would.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::process;
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// process::register(me, "doc_register").unwrap();
/// assert_eq!(process::whereis("doc_register"), Some(me));
/// let e = process::register(me, "doc_register_again").unwrap_err();
/// assert!(e.to_string().contains("already been given another name"));
/// # }).await.unwrap();
/// # }
/// ```
pub fn register(pid: Pid, name: &'static str) -> Result<(), ExitReason> {
    if matches!(name, "nil" | "undefined") {
        return Err(ExitReason::function_clause("Process.register/2"));
    }
    let Some(proc) = registry::get(pid) else {
        return Err(register_error(pid, name));
    };
    names::claim(name, &proc).map_err(|_| register_error(pid, name))
}

/// The process registered as `name` (`Process.whereis/1`), or `None`.
pub fn whereis(name: &str) -> Option<Pid> {
    names::lookup(name).map(|p| p.pid)
}

/// Removes the name `name` (`Process.unregister/1`); its process lives on.
///
/// `Err` for a name nobody holds: Elixir's `ArgumentError` (`errors were
/// found at the given arguments: * 1st argument: not a pid`, sic).
pub fn unregister(name: &str) -> Result<(), ExitReason> {
    if names::unregister(name) {
        Ok(())
    } else {
        Err(badarg("not a pid"))
    }
}

/// Every registered name (`Process.registered/0`), in no particular order.
pub fn registered() -> Vec<&'static str> {
    names::all()
}

/// Sends `msg` to the process registered under `name` (`send/2` to a name;
/// `GenServer.cast`'s addressing for a via-name). With the `dist` feature
/// `name` may also be `("name", "node@host")`, Elixir's `{name, node}`
/// ([`SendTo`]).
///
/// `Err` if nobody holds the name: for an atom, Elixir's `ArgumentError`
/// (`errors were found at the given arguments: * 1st argument: invalid
/// destination`); for a via-name, `Registry.send/2`'s (`argument error`,
/// or `unknown registry: R`). The message is dropped then.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, Timeout};
/// # task_runtime::root::spawn_root(async {
/// process::register(process::self_pid(), "doc_send_to").unwrap();
/// process::send_to("doc_send_to", 42_u32).unwrap();
/// let got = process::receive_with(|m| m.downcast_ref::<u32>().copied(), Timeout::Ms(100)).await;
/// assert_eq!(got, Some(42));
/// assert!(process::send_to("doc_nobody", 1_u32).is_err());
/// # }).await.unwrap();
/// # }
/// ```
pub fn send_to<M: Send + 'static>(name: impl SendTo, msg: M) -> Result<(), ExitReason> {
    name.send_to(msg)
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

impl<T: Into<Name>> sealed::Sealed for T {}

/// What [`send_to`] takes (sealed): a name (anything `Into<Name>`) or, with
/// the `dist` feature, `("name", "node@host")`: Elixir's `{name, node}`,
/// which never fails, as `send/2` to it does not (a missing name or an
/// unconnected node drops the message; to another node only a
/// [`Term`](crate::inspect::Term) crosses, as with `process::send`).
pub trait SendTo: sealed::Sealed {
    #[doc(hidden)]
    fn send_to<M: Send + 'static>(self, msg: M) -> Result<(), ExitReason>;
}

impl<T: Into<Name>> SendTo for T {
    fn send_to<M: Send + 'static>(self, msg: M) -> Result<(), ExitReason> {
        send_to_name(self.into(), msg)
    }
}

fn send_to_name<M: Send + 'static>(name: Name, msg: M) -> Result<(), ExitReason> {
    match name.lookup()? {
        Some(proc) => {
            crate::info::note::<M>();
            proc.deliver(Box::new(msg));
            Ok(())
        }
        None => Err(match name {
            Name::Local(_) => badarg("invalid destination"),
            Name::Via(_) => ExitReason::argument_error("argument error"),
        }),
    }
}
