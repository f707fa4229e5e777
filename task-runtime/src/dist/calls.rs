//! `GenServer.call` and `cast` from a local process to a peer's server,
//! as OTP's `gen:do_call/4` makes them: a monitor of the server that is
//! also the call's alias ([`remote_monitor`]), `{:"$gen_call", {self,
//! [:alias | ref]}, request}`, the reply `{[:alias | ref], reply}` taken by
//! that ref (an ALIAS_SEND), then the demonitor. The exits are Elixir's:
//! `:noproc`, `:timeout`, the server's own reason, and `{:nodedown, node}`
//! for a connection that is lost (or cannot be made), as `gen` turns the
//! monitor's `:noconnection` into it.

use super::node::{self, Node};
use super::remote_monitor::{self, Signal, What};
use super::{nodes, term};
use crate::inspect::{Atom, Term};
use crate::messages::take;
use crate::{ExitReason, Pid, Ref, Timeout, process};
use erl_dist::message::Message;
use erl_dist::term::PidOrAtom;

/// A process of a peer node, as a remote call addresses it: `{name, node}`
/// or a remote pid. `gen_server::call(("exsrv", "ex@127.0.0.1"), ..)` makes
/// one from the pair; `gen_server::call(&Server::from_pid(remote), ..)`
/// from the pid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remote {
    /// The process registered as `name` on `node`.
    Name {
        /// The registered name.
        name: Atom,
        /// The node, `name@host`.
        node: Atom,
    },
    /// A pid of another node.
    Pid(Pid),
}

impl Remote {
    /// `{name, node}`.
    pub fn name(name: &str, node: &str) -> Remote {
        Remote::Name {
            name: Atom::from_string(name.to_owned()),
            node: Atom::from_string(node.to_owned()),
        }
    }

    /// The address as a failed call's exit prints it: `{:exsrv, :"ex@h"}`
    /// or the pid.
    pub fn term(&self) -> Term {
        match self {
            Remote::Name { name, node } => {
                Term::tuple([Term::Atom(name.clone()), Term::Atom(node.clone())])
            }
            Remote::Pid(p) => Term::Pid(*p),
        }
    }

    /// The node it is on (`None`: a pid of no known node).
    pub(crate) fn node(&self) -> Option<Atom> {
        match self {
            Remote::Name { node, .. } => Some(node.clone()),
            Remote::Pid(p) => nodes::entry(p.node_index()).map(|(n, _)| n),
        }
    }

    fn target(&self, node: &Node) -> Option<PidOrAtom> {
        Some(match self {
            Remote::Name { name, .. } => PidOrAtom::Atom(eetf::Atom::from(name.name())),
            Remote::Pid(p) => PidOrAtom::Pid(term::epid(*p, &node.local).ok()?),
        })
    }
}

/// The protocol of a server on another node, whatever its code: requests,
/// replies and casts are [`Term`]s. What `gen_server::call(("name",
/// "node"), ..)` is typed by.
#[derive(Debug)]
pub struct TermProtocol;

impl crate::gen_server::Protocol for TermProtocol {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

/// The node connected to `peer`, connecting first as the BEAM does on a
/// send to an unconnected node; `Err` is the `{:nodedown, peer}` a call
/// exits with.
async fn connected(peer: &Atom) -> Result<&'static std::sync::Arc<Node>, Term> {
    let nodedown = || Term::tuple([Term::atom("nodedown"), Term::Atom(peer.clone())]);
    let node = node::get().ok_or_else(nodedown)?;
    if !node.connected().contains(peer) && super::setup::connect(node, peer.name()).await.is_err() {
        return Err(nodedown());
    }
    Ok(node)
}

/// Waits for `r`'s next signal.
pub(crate) async fn signal(r: Ref, timeout: Timeout) -> Option<What> {
    let matcher = |m: &mut crate::Message| {
        if m.downcast_ref::<Signal>().is_some_and(|s| s.r#ref == r) {
            take::<Signal>(m).map(|s| s.what)
        } else {
            None
        }
    };
    process::receive_with(matcher, timeout).await
}

/// Ends monitor-alias `r` and drops what it already brought, so nothing of
/// it is left in the mailbox (`demonitor(ref, [:flush])`); a reply that
/// was already in is returned, as `gen` takes one after a timeout.
pub(crate) async fn end(r: Ref) -> Option<Term> {
    remote_monitor::demonitor(r);
    let mut reply = None;
    while let Some(what) = signal(r, Timeout::Ms(0)).await {
        if let (What::Msg(m), None) = (what, &reply) {
            reply = Some(m);
        }
    }
    reply
}

/// The `[:alias | ref]` tag of a call under `r`.
fn alias_tag(r: Ref, node: &Node) -> eetf::Term {
    eetf::ImproperList {
        elements: vec![eetf::Atom::from("alias").into()],
        last: Box::new(remote_monitor::eref(r, node).into()),
    }
    .into()
}

/// The second element of `{tag, reply}`.
fn reply_of(msg: Term) -> Term {
    match msg {
        Term::Tuple(mut t) if t.len() == 2 => t.pop().unwrap_or(Term::Tuple(t)),
        other => other,
    }
}

/// A reason from the wire as the exit it is.
pub(crate) fn exit_reason(t: Term) -> ExitReason {
    match &t {
        Term::Atom(a) => match a.name() {
            "normal" => ExitReason::Normal,
            "shutdown" => ExitReason::Shutdown,
            "killed" => ExitReason::Killed,
            "noproc" => ExitReason::Noproc,
            _ => ExitReason::Term(t),
        },
        Term::Tuple(items) if items.len() == 2 && items[0].is_atom("shutdown") => {
            ExitReason::ShutdownWith(items[1].clone())
        }
        _ => ExitReason::Term(t),
    }
}

/// `{:nodedown, node}` for a lost connection, as `gen` and `Task` say it.
fn down_reason(reason: Term, peer: &Atom) -> Term {
    if reason.is_atom("noconnection") {
        Term::tuple([Term::atom("nodedown"), Term::Atom(peer.clone())])
    } else {
        reason
    }
}

/// The call itself: `Ok(reply)`, or the reason before Elixir's `{reason,
/// {GenServer, :call, args}}` wrapping.
pub(crate) async fn call(to: &Remote, request: Term, timeout: Timeout) -> Result<Term, Term> {
    let me = process::try_self_pid().ok_or_else(|| Term::atom("noproc"))?;
    let peer = to.node().ok_or_else(|| Term::atom("noproc"))?;
    let nodedown = || Term::tuple([Term::atom("nodedown"), Term::Atom(peer.clone())]);
    let node = connected(&peer).await?;
    let target = to.target(node).ok_or_else(nodedown)?;
    let request = term::encode(&request, &node.local)
        .map_err(|e| Term::tuple([Term::atom("badarg"), Term::from(e.to_string().as_str())]))?;
    let r = remote_monitor::monitor(node, &peer, target.clone(), me).ok_or_else(nodedown)?;
    let from = eetf::Tuple::from(vec![node.sender(me).into(), alias_tag(r, node)]);
    let msg = eetf::Tuple::from(vec![
        eetf::Atom::from("$gen_call").into(),
        from.into(),
        request,
    ]);
    let sent = match target {
        PidOrAtom::Pid(p) => Message::send(p, msg.into()),
        PidOrAtom::Atom(name) => Message::reg_send(node.sender(me), name, msg.into()),
    };
    node.enqueue(&peer, sent);
    match signal(r, timeout).await {
        Some(What::Msg(m)) => {
            end(r).await;
            Ok(reply_of(m))
        }
        Some(What::Down(reason)) => Err(down_reason(reason, &peer)),
        None => match end(r).await {
            Some(m) => Ok(reply_of(m)),
            None => Err(Term::atom("timeout")),
        },
    }
}

/// `GenServer.stop(to, reason, timeout)` to a peer's process, as OTP's
/// `proc_lib:stop/3` makes it: a monitor of the server, then
/// `sys:terminate`'s request `{:system, {self, [:alias | ref]}, {:terminate,
/// reason}}` (a server exits without answering it). `Ok` once the server
/// ended with `reason`; else the reason before Elixir's `{reason,
/// {GenServer, :stop, args}}` wrapping: `:noproc`, `:timeout`, the other
/// reason it ended with (`:noconnection` for a lost connection, as
/// `proc_lib` leaves it).
pub(crate) async fn stop(to: &Remote, reason: Term, timeout: Timeout) -> Result<(), Term> {
    let me = process::try_self_pid().ok_or_else(|| Term::atom("noproc"))?;
    let peer = to.node().ok_or_else(|| Term::atom("noproc"))?;
    let node = connected(&peer)
        .await
        .map_err(|_| Term::atom("noconnection"))?;
    let target = to.target(node).ok_or_else(|| Term::atom("noproc"))?;
    let request = term::encode(&reason, &node.local)
        .map_err(|e| Term::tuple([Term::atom("badarg"), Term::from(e.to_string().as_str())]))?;
    let r = remote_monitor::monitor(node, &peer, target.clone(), me)
        .ok_or_else(|| Term::atom("noconnection"))?;
    let from = eetf::Tuple::from(vec![node.sender(me).into(), alias_tag(r, node)]);
    let terminate = eetf::Tuple::from(vec![eetf::Atom::from("terminate").into(), request]);
    let msg = eetf::Tuple::from(vec![
        eetf::Atom::from("system").into(),
        from.into(),
        terminate.into(),
    ]);
    let sent = match target {
        PidOrAtom::Pid(p) => Message::send(p, msg.into()),
        PidOrAtom::Atom(name) => Message::reg_send(node.sender(me), name, msg.into()),
    };
    node.enqueue(&peer, sent);
    let deadline = crate::runtime::time::deadline(timeout);
    loop {
        match signal(r, crate::runtime::time::until(deadline)).await {
            // A server written by hand may answer: the `:DOWN` decides.
            Some(What::Msg(_)) => {}
            Some(What::Down(ended)) if ended == reason => return Ok(()),
            Some(What::Down(other)) => return Err(other),
            None => {
                end(r).await;
                return Err(Term::atom("timeout"));
            }
        }
    }
}

/// `GenServer.cast` to a peer's process: `{:"$gen_cast", msg}`, sent
/// whether or not it exists (or the node is connected).
pub(crate) fn cast(to: &Remote, msg: Term) {
    let msg = Term::tuple([Term::atom("$gen_cast"), msg]);
    match to {
        Remote::Name { name, node } => {
            let _ = super::send_to(name.name(), node.name(), msg);
        }
        Remote::Pid(p) => process::send(*p, msg),
    }
}

/// A message to a peer's alias (`send(ref, msg)` with a remote ref):
/// ALIAS_SEND on its node's connection; dropped if that is not connected.
pub(crate) fn send_alias(alias: &Term, msg: Term) {
    let (Some(node), Term::RemoteRef(r)) = (node::get(), alias) else {
        return;
    };
    let (Ok(eetf::Term::Reference(alias)), Ok(msg)) = (
        term::encode(alias, &node.local),
        term::encode(&msg, &node.local),
    ) else {
        return;
    };
    let from = node.sender(process::try_self_pid().unwrap_or(Pid::OUTSIDE));
    node.enqueue(&r.node, Message::alias_send(from, *alias, msg));
}
