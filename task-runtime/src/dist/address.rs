//! `gen_server::call`, `cast` and `try_call` to a process of another node,
//! through the same [`Address`] as a local call: `("name", "node@host")`
//! (Elixir's `{name, node}`), a [`&Remote`](Remote), or a
//! `&Server::<TermProtocol>::from_pid` of a remote pid. What crosses the
//! wire is a [`Term`], so these addresses are typed by [`TermProtocol`].
//!
//! An address naming this node is a local call, as in Elixir
//! (`GenServer.call({name, node()}, ..)`): `remote()` is `None` and the
//! local client resolves the name. The local path pays one
//! `Address::remote` call, a constant `None` for a name and one compare for
//! a pid.

use super::calls::{self, Remote, TermProtocol};
use crate::gen_server::address::sealed::Sealed;
use crate::gen_server::{Address, Protocol};
use crate::inspect::{Atom, Term};
use crate::{ExitReason, Pid, Timeout};
use std::any::{Any, TypeId};

/// `true` if `node` is this node's name (`:nonode@nohost` before
/// `dist::start`, as a non-distributed BEAM calls itself).
fn is_this_node(node: &str) -> bool {
    super::node::get().map_or(node == "nonode@nohost", |n| n.local.name.name() == node)
}

/// A local name's pid, for an address naming this node.
fn local(name: &str) -> Result<Option<Pid>, ExitReason> {
    Ok(crate::process::whereis(name))
}

impl Sealed for (&str, &str) {}

/// `("name", "node@host")`: Elixir's `{name, node}`.
impl Address<TermProtocol> for (&str, &str) {
    fn resolve(&self) -> Result<Option<Pid>, ExitReason> {
        local(self.0)
    }

    fn term(&self) -> Term {
        Term::tuple([
            Term::Atom(Atom::from_string(self.0.to_owned())),
            Term::Atom(Atom::from_string(self.1.to_owned())),
        ])
    }

    fn remote(&self) -> Option<Remote> {
        (!is_this_node(self.1)).then(|| Remote::name(self.0, self.1))
    }
}

impl Sealed for &Remote {}

impl Address<TermProtocol> for &Remote {
    fn resolve(&self) -> Result<Option<Pid>, ExitReason> {
        match self {
            Remote::Name { name, .. } => local(name.name()),
            Remote::Pid(pid) => Ok(Some(*pid)),
        }
    }

    fn term(&self) -> Term {
        Remote::term(self)
    }

    fn remote(&self) -> Option<Remote> {
        let remote = match self {
            Remote::Name { node, .. } => !is_this_node(node.name()),
            Remote::Pid(pid) => pid.is_remote(),
        };
        remote.then(|| (*self).clone())
    }
}

/// A timeout as a term that can cross nodes (`Term::of` makes a layout):
/// `5000`, `:infinity`.
pub(crate) fn timeout_term(timeout: Timeout) -> Term {
    match timeout {
        Timeout::Ms(ms) => Term::Int(i64::try_from(ms).unwrap_or(i64::MAX)),
        Timeout::Infinity => Term::atom("infinity"),
    }
}

impl crate::name::sealed::Sealed for (&str, &str) {}

/// `process::send_to(("name", "node@host"), msg)`: Elixir's `send({name,
/// node}, msg)`; this node's name delivers locally (any message), another
/// node's sends a [`Term`] (REG_SEND). Never an `Err`, as `send/2` to
/// `{name, node}` never raises.
impl crate::name::SendTo for (&str, &str) {
    fn send_to<M: Send + 'static>(self, msg: M) -> Result<(), ExitReason> {
        let (name, node) = self;
        if is_this_node(node) {
            if let Some(pid) = crate::process::whereis(name) {
                crate::process::send(pid, msg);
            }
            return Ok(());
        }
        match same::<M, Term>(msg) {
            Some(msg) => {
                let _ = super::send_to(name, node, msg);
            }
            None => tracing::warn!(
                target: "extask::dist",
                to = %format_args!("{{{name}, {node}}}"),
                "only a Term can be sent to another node; message dropped"
            ),
        }
        Ok(())
    }
}

/// `a` as a `B` if they are the same type (a type-id compare, known at
/// compile time).
fn same<A: 'static, B: 'static>(a: A) -> Option<B> {
    let mut slot = Some(a);
    (&mut slot as &mut dyn Any)
        .downcast_mut::<Option<B>>()
        .and_then(Option::take)
}

/// Whether `P`'s calls can cross nodes: its requests and replies are
/// [`Term`]s.
fn crosses<P: Protocol>() -> bool {
    TypeId::of::<P::Call>() == TypeId::of::<Term>()
        && TypeId::of::<P::Reply>() == TypeId::of::<Term>()
}

/// `gen_server::try_call` to a remote process. A `Server<P>` of a remote
/// pid whose `P` does not take `Term`s cannot be called: its caller exits
/// `{:badarg, {GenServer, :call, [pid, request, timeout]}}` and nothing is
/// sent. Outside any process (no mailbox for the reply) the reason is
/// `:noproc`: a remote call has no stand-in owner, unlike a local one.
pub(crate) async fn call<P: Protocol>(
    to: Remote,
    request: P::Call,
    timeout: Timeout,
) -> Result<P::Reply, ExitReason> {
    let failed = |reason, request| {
        let args = vec![to.term(), request, timeout_term(timeout)];
        ExitReason::call(reason, "Elixir.GenServer", "call", args)
    };
    let badarg = || ExitReason::atom("badarg");
    if !crosses::<P>() {
        return Err(failed(badarg(), Term::of(&request)));
    }
    let Some(request) = same::<P::Call, Term>(request) else {
        return Err(failed(badarg(), Term::atom("undefined")));
    };
    match calls::call(&to, request.clone(), timeout).await {
        Ok(reply) => same::<Term, P::Reply>(reply).ok_or_else(|| failed(badarg(), request)),
        Err(reason) => Err(failed(calls::exit_reason(reason), request)),
    }
}

/// `gen_server::try_stop` to a remote process (OTP's `proc_lib:stop/3`).
pub(crate) async fn stop(
    to: Remote,
    reason: ExitReason,
    timeout: Timeout,
) -> Result<(), ExitReason> {
    let wire = super::exit_term(&reason);
    calls::stop(&to, wire.clone(), timeout)
        .await
        .map_err(|why| {
            let args = vec![to.term(), wire, timeout_term(timeout)];
            ExitReason::call(calls::exit_reason(why), "Elixir.GenServer", "stop", args)
        })
}

/// `gen_server::cast` to a remote process: `{:"$gen_cast", msg}` if `msg`
/// is a [`Term`]; anything else cannot cross and is dropped with a warning,
/// as `process::send` drops it.
pub(crate) fn cast<P: Protocol>(to: &Remote, msg: P::Cast) {
    match same::<P::Cast, Term>(msg) {
        Some(msg) => calls::cast(to, msg),
        None => tracing::warn!(
            target: "extask::dist",
            to = %crate::inspect::inspect(&to.term()),
            "only a Term can be cast to a remote process; message dropped"
        ),
    }
}
