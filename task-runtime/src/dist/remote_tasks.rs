//! Remote tasks both ways, speaking Elixir 1.14's `Task.Supervisor`
//! protocol (`Task.Supervisor.async/5`, `Task.Supervised.reply/4`):
//!
//! 1. the owner calls the supervisor: `{:start_task, [{node, owner, pid},
//!    :monitor], :temporary, shutdown}` answered `{:ok, task_pid}`;
//! 2. the owner monitors the task with an alias `ref` and sends it
//!    `{owner_pid, ref, reply_to, callers, {m, f, a}}` (`reply_to` is the
//!    alias); the task waits 5 s for it, else exits `:timeout`;
//! 3. the task sends `{ref, value}` to `reply_to`; its crash is the
//!    owner's `:DOWN`.
//!
//! An Elixir owner and a Rust [`TaskSupervisor`] registered under the
//! name it calls: the supervisor takes the `start_task` call
//! ([`serve`]) and starts a child that runs the Rust function registered
//! for `{m, f}` ([`register_mfa`]). A Rust owner and an Elixir supervisor:
//! [`async_remote`] and [`await_remote`].

use super::calls::{self, Remote};
use super::remote_monitor::{self, What};
use crate::gen_server::{Caller, GenCall};
use crate::inspect::{Atom, Term};
use crate::messages::{Down, take};
use crate::supervisor::{ChildOptions, TaskSupervisor};
use crate::{ExitReason, Pid, Ref, Timeout, process};
use futures::future::BoxFuture;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, LazyLock};

type MfaFn = Arc<dyn Fn(Vec<Term>) -> BoxFuture<'static, Term> + Send + Sync>;

static MFAS: LazyLock<RwLock<HashMap<(String, String), MfaFn>>> = LazyLock::new(Default::default);

/// `"MyMod"` is Elixir's `Elixir.MyMod`; `"Elixir.MyMod"` and `"erlang"`
/// stay as they are.
fn module_atom(module: &str) -> String {
    let alias = module.chars().next().is_some_and(char::is_uppercase);
    if alias && !module.starts_with("Elixir.") {
        format!("Elixir.{module}")
    } else {
        module.to_owned()
    }
}

/// Registers `fun` as `module.function` for remote tasks:
/// `Task.Supervisor.async({sup, :"rust@host"}, MyMod, :fun, args)` from an
/// Elixir node, where `sup` names a Rust [`TaskSupervisor`], runs
/// `fun(args)` (any arity: it gets the argument list) in a child of that
/// supervisor, and `Task.await` gets its value. A panic is the task's
/// crash (Elixir's await exits `{{%RuntimeError{..}, []}, {Task, :await,
/// ..}}`); an unregistered name exits the task `{:undef, [{m, f, args,
/// []}]}`, as the BEAM does. `module` is written as in Elixir (`"MyMod"`)
/// or as its atom (`"Elixir.MyMod"`). A second registration replaces the
/// first.
pub fn register_mfa<F, Fut>(module: &str, function: &str, fun: F)
where
    F: Fn(Vec<Term>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Term> + Send + 'static,
{
    let fun: MfaFn = Arc::new(move |args| Box::pin(fun(args)));
    MFAS.write()
        .insert((module_atom(module), function.to_owned()), fun);
}

/// A `GenServer.call` from a peer that reached a [`TaskSupervisor`]:
/// `{:start_task, [owner, monitor], restart, shutdown}` starts a child
/// (from a helper process, since the supervisor cannot call itself) and
/// answers `{:ok, pid}` or `{:error, reason}`; any other request is not
/// one a task supervisor takes, and is logged and left unanswered (the
/// caller's timeout or monitor ends it).
pub(crate) fn serve(sup: TaskSupervisor, call: GenCall<Term, Term>) {
    let from = call.from;
    let owner = match &call.request {
        Term::Tuple(t) if t.len() == 4 && t[0].is_atom("start_task") => match &t[1] {
            Term::List(args) => match args.first() {
                Some(Term::Tuple(owner)) if owner.len() == 3 => match owner[2] {
                    Term::Pid(p) => Some(p),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    // `Task.Supervisor.children/1` and `DynamicSupervisor.count_children/1`:
    // asked from a process of their own, as the supervisor cannot call itself.
    if call.request.is_atom("which_children") || call.request.is_atom("count_children") {
        let count = call.request.is_atom("count_children");
        process::spawn(async move {
            let kids = sup.children().await;
            from.reply(if count {
                counts(kids.len())
            } else {
                children(&kids)
            });
        });
        return;
    }
    let Some(owner) = owner else {
        tracing::warn!(target: "extask::dist", request = ?call.request,
            "a task supervisor got a call it does not take");
        return;
    };
    process::spawn(start_task(sup, owner, from));
}

/// `DynamicSupervisor.which_children/1`'s answer: `[{:undefined, pid,
/// :worker, [Task.Supervised]}]`.
fn children(kids: &[Pid]) -> Term {
    let module = Term::Atom(Atom::module("Task.Supervised"));
    Term::List(
        kids.iter()
            .map(|p| {
                let kind = Term::atom("worker");
                Term::tuple([
                    Term::atom("undefined"),
                    Term::Pid(*p),
                    kind,
                    Term::list([module.clone()]),
                ])
            })
            .collect(),
    )
}

/// `DynamicSupervisor.count_children/1`'s answer on the wire, a keyword
/// list the client makes a map of: `[specs: n, active: n, supervisors: 0,
/// workers: n]`.
fn counts(n: usize) -> Term {
    let n = Term::Int(i64::try_from(n).unwrap_or(i64::MAX));
    let pair = |k: &'static str, v: Term| Term::tuple([Term::atom(k), v]);
    Term::list([
        pair("specs", n.clone()),
        pair("active", n.clone()),
        pair("supervisors", Term::Int(0)),
        pair("workers", n),
    ])
}

async fn start_task(sup: TaskSupervisor, owner: Pid, from: Caller<Term>) {
    let started = sup
        .start_child(move || run_task(owner), ChildOptions::new())
        .await;
    let reply = match started {
        Ok(pid) => Term::tuple([Term::atom("ok"), Term::Pid(pid)]),
        Err(e) => Term::tuple([Term::atom("error"), Term::of(&e)]),
    };
    from.reply(reply);
}

/// The task: `Task.Supervised.reply/4` with the MFA run in Rust. Until
/// the owner's go message it monitors the owner, and exits `{:shutdown,
/// reason}` if the owner ends first (`:timeout` after 5 s without it); a
/// `Task.Supervisor.async` owner links to the task itself (LINK, served by
/// `links.rs`), so the task then dies with it.
async fn run_task(owner: Pid) {
    let mref = process::monitor(owner);
    let go = |m: &mut crate::Message| {
        if m.downcast_ref::<Down>().is_some_and(|d| d.r#ref == mref) {
            return take::<Down>(m).map(Err);
        }
        match m.downcast_ref::<Term>() {
            Some(Term::Tuple(t)) if t.len() == 5 && t[0] == Term::Pid(owner) => {
                take::<Term>(m).map(Ok)
            }
            _ => None,
        }
    };
    let go = match process::receive_with(go, Timeout::Ms(5000)).await {
        Some(Ok(Term::Tuple(go))) => go,
        Some(Err(down)) => {
            let reason = ExitReason::ShutdownWith(super::monitors::wire_reason(&down.reason));
            match process::exit_self(reason).await {}
        }
        _ => match process::exit_self(ExitReason::atom("timeout")).await {},
    };
    process::demonitor(mref);
    let flush = |m: &mut crate::Message| {
        let ours = m.downcast_ref::<Down>().is_some_and(|d| d.r#ref == mref);
        if ours {
            take::<Down>(m).map(drop)
        } else {
            None
        }
    };
    process::receive_with(flush, Timeout::Ms(0)).await;
    let [_, r, reply_to, _callers, Term::Tuple(mfa)] =
        <[Term; 5]>::try_from(go).unwrap_or_else(|_| unreachable!("matched a 5-tuple"))
    else {
        match process::exit_self(ExitReason::atom("badarg")).await {}
    };
    let (Some(Term::Atom(m)), Some(Term::Atom(f)), Some(Term::List(args))) =
        (mfa.first(), mfa.get(1), mfa.get(2))
    else {
        match process::exit_self(ExitReason::atom("badarg")).await {}
    };
    let fun = MFAS
        .read()
        .get(&(m.name().to_owned(), f.name().to_owned()))
        .cloned();
    let Some(fun) = fun else {
        let undef = Term::tuple([
            Term::atom("undef"),
            Term::list([Term::tuple([
                Term::Atom(m.clone()),
                Term::Atom(f.clone()),
                Term::List(args.clone()),
                Term::list([]),
            ])]),
        ]);
        match process::exit_self(ExitReason::Term(undef)).await {}
    };
    let value = fun(args.clone()).await;
    let reply = Term::tuple([r, value]);
    match reply_to {
        Term::Pid(p) => process::send(p, reply),
        alias => calls::send_alias(&alias, reply),
    }
}

/// A task started on a peer's `Task.Supervisor` by [`async_remote`]:
/// Elixir's `%Task{}` of it, awaited with [`await_remote`].
#[derive(Debug)]
pub struct RemoteTask {
    /// The task's pid, on the peer.
    pub pid: Pid,
    /// The monitor of the task, also the alias its reply comes to.
    pub r#ref: Ref,
    owner: Pid,
    mfa: (Atom, Atom, usize),
}

impl RemoteTask {
    /// The task as Elixir prints it: `%Task{mfa: .., owner: .., pid: ..,
    /// ref: ..}`.
    pub fn term(&self) -> Term {
        let (m, f, arity) = &self.mfa;
        Term::Map(vec![
            (
                Term::atom("__struct__"),
                Term::Atom(Atom::new("Elixir.Task")),
            ),
            (
                Term::atom("mfa"),
                Term::tuple([
                    Term::Atom(m.clone()),
                    Term::Atom(f.clone()),
                    Term::Int(*arity as i64),
                ]),
            ),
            (Term::atom("owner"), Term::Pid(self.owner)),
            (Term::atom("pid"), Term::Pid(self.pid)),
            (Term::atom("ref"), Term::Ref(self.r#ref)),
        ])
    }
}

/// `Task.Supervisor.async_nolink({sup, node}, module, fun, args)` from
/// Rust: starts `module.fun(args)` under the peer's task supervisor `sup`
/// (called with `:infinity`, as Elixir does) and returns the task, whose
/// reply comes to the calling process. `Err` is the exit reason Elixir's
/// caller gets: `{{:nodedown, node}, {GenServer, :call, ..}}`, `{:noproc,
/// ..}`. Not linked: links across nodes are not built in this slice.
pub async fn async_remote(
    sup: Remote,
    module: &str,
    fun: &str,
    args: Vec<Term>,
) -> Result<RemoteTask, ExitReason> {
    let me = process::try_self_pid().ok_or(ExitReason::Noproc)?;
    let node = super::node();
    let owner = Term::tuple([Term::Atom(node), Term::Pid(me), Term::Pid(me)]);
    let request = Term::tuple([
        Term::atom("start_task"),
        Term::list([owner, Term::atom("monitor")]),
        Term::atom("temporary"),
        Term::atom("nil"),
    ]);
    let failed = |reason: Term, request: Term| {
        let args = vec![sup.term(), request, Term::atom("infinity")];
        ExitReason::call(calls::exit_reason(reason), "Elixir.GenServer", "call", args)
    };
    let pid = match calls::call(&sup, request.clone(), Timeout::Infinity).await {
        Ok(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("ok") => match t[1] {
            Term::Pid(p) => p,
            _ => return Err(failed(Term::atom("badarg"), request)),
        },
        Ok(other) => return Err(ExitReason::Term(other)),
        Err(reason) => return Err(failed(reason, request)),
    };
    let m = Atom::from_string(module_atom(module));
    let f = Atom::from_string(fun.to_owned());
    let task_node = Remote::Pid(pid).node().ok_or(ExitReason::Noproc)?;
    let dist = super::node::get().ok_or(ExitReason::Noproc)?;
    let target = erl_dist::term::PidOrAtom::Pid(
        super::term::epid(pid, &dist.local).map_err(|_| ExitReason::Noproc)?,
    );
    let r = remote_monitor::monitor(dist, &task_node, target, me).ok_or(ExitReason::Noproc)?;
    let arity = args.len();
    let go = Term::tuple([
        Term::Pid(me),
        Term::Ref(r),
        Term::Ref(r),
        Term::list([Term::Pid(me)]),
        Term::tuple([
            Term::Atom(m.clone()),
            Term::Atom(f.clone()),
            Term::List(args),
        ]),
    ]);
    process::send(pid, go);
    Ok(RemoteTask {
        pid,
        r#ref: r,
        owner: me,
        mfa: (m, f, arity),
    })
}

/// `Task.await(task, timeout)` of a [`RemoteTask`] (Elixir's default:
/// [`Timeout::DEFAULT`]): its value, or the exit Elixir's owner would get,
/// `{reason, {Task, :await, [task, timeout]}}`: the task's crash reason,
/// `:timeout` (the monitor ended, a late reply dropped), `{:nodedown,
/// node}` for a lost connection. Call it from the process that started it.
pub async fn await_remote(task: RemoteTask, timeout: Timeout) -> Result<Term, ExitReason> {
    let failed = |reason: Term| {
        let args = vec![task.term(), super::address::timeout_term(timeout)];
        ExitReason::call(calls::exit_reason(reason), "Elixir.Task", "await", args)
    };
    match calls::signal(task.r#ref, timeout).await {
        Some(What::Msg(m)) => {
            calls::end(task.r#ref).await;
            match m {
                Term::Tuple(mut t) if t.len() == 2 => Ok(t.pop().unwrap_or(Term::Tuple(t))),
                other => Ok(other),
            }
        }
        Some(What::Down(reason)) => {
            let reason = if reason.is_atom("noconnection") {
                let node = Remote::Pid(task.pid)
                    .node()
                    .map_or(Term::atom("nil"), Term::Atom);
                Term::tuple([Term::atom("nodedown"), node])
            } else {
                reason
            };
            Err(failed(reason))
        }
        None => {
            calls::end(task.r#ref).await;
            Err(failed(Term::atom("timeout")))
        }
    }
}
