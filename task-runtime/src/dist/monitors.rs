//! Monitors that processes of a peer node hold on processes of this one
//! (MONITOR_P / DEMONITOR_P, reference §3.3).
//!
//! Each connection has a proxy: an ordinary local process that holds the
//! monitor of the target on the remote watcher's behalf (made by the
//! connection's reader, in wire order), so the runtime's own monitor
//! rules (a `:DOWN` after the target's last signal, `:noproc` at once for a
//! dead one) hold unchanged, and turns each `:DOWN` into
//! PAYLOAD_MONITOR_P_EXIT with the target named as the watcher named it
//! (a name monitor's DOWN carries `{name, node}`). The proxy dies with the
//! connection, and its monitors with it.

use super::node::Node;
use super::term;
use crate::inspect::{Atom, Term};
use crate::messages::{Down, take};
use crate::{ExitReason, Pid, Ref, Timeout, process};
use erl_dist::message::Message;
use erl_dist::term::PidOrAtom;
use std::collections::HashMap;
use std::sync::Arc;

/// What the connection's reader asks of the proxy.
pub(crate) enum Cmd {
    /// The reader has made monitor `ours` of the proxy on the target.
    Monitor {
        ours: Ref,
        watcher: eetf::Pid,
        as_named: PidOrAtom,
        reference: eetf::Reference,
    },
    Demonitor(eetf::Reference),
    /// A `GenServer.call` from the peer went to a local server as a
    /// `GenCall` whose caller is the proxy with tag `ours` (an alias the
    /// reader made: the proxy's monitor of the server); the reply goes on
    /// to `caller` with the peer's own `tag`.
    Reply {
        ours: Ref,
        caller: eetf::Pid,
        tag: eetf::Term,
    },
}

enum Got {
    Cmd(Cmd),
    Down(Down),
    Reply(Ref, Term),
}

struct Watch {
    watcher: eetf::Pid,
    as_named: PidOrAtom,
    reference: eetf::Reference,
}

/// Starts the proxy of the connection to `peer`.
pub(crate) fn spawn_proxy(node: Arc<Node>, peer: Atom) -> Pid {
    process::spawn(proxy(node, peer))
}

async fn proxy(node: Arc<Node>, peer: Atom) {
    let mut watches: HashMap<Ref, Watch> = HashMap::new();
    // The remote ref's words → our monitor, for DEMONITOR_P.
    let mut by_remote: HashMap<Vec<u32>, Ref> = HashMap::new();
    // Pending calls from the peer: our alias → (caller, the caller's tag).
    let mut replies: HashMap<Ref, (eetf::Pid, eetf::Term)> = HashMap::new();
    loop {
        let got = process::receive_with(
            |m| {
                if let Some(cmd) = take::<Cmd>(m) {
                    return Some(Got::Cmd(cmd));
                }
                if let Some((r, t)) = take::<(Ref, Term)>(m) {
                    return Some(Got::Reply(r, t));
                }
                take::<Down>(m).map(Got::Down)
            },
            Timeout::Infinity,
        )
        .await;
        let Some(got) = got else { continue };
        match got {
            Got::Cmd(Cmd::Monitor {
                ours,
                watcher,
                as_named,
                reference,
            }) => {
                by_remote.insert(reference.id.clone(), ours);
                watches.insert(
                    ours,
                    Watch {
                        watcher,
                        as_named,
                        reference,
                    },
                );
            }
            Got::Cmd(Cmd::Demonitor(reference)) => {
                if let Some(ours) = by_remote.remove(&reference.id) {
                    process::demonitor_flush(ours);
                    watches.remove(&ours);
                }
            }
            Got::Cmd(Cmd::Reply { ours, caller, tag }) => {
                replies.insert(ours, (caller, tag));
            }
            Got::Reply(ours, value) => {
                let Some((caller, tag)) = replies.remove(&ours) else {
                    continue;
                };
                process::demonitor_flush(ours);
                let me = node.sender(process::self_pid());
                if let Some(msg) = call_reply(&node, me, caller, tag, &value) {
                    node.enqueue(&peer, msg);
                }
            }
            Got::Down(down) => {
                // A server that died before replying: the caller's own
                // monitor tells it.
                replies.remove(&down.r#ref);
                let Some(w) = watches.remove(&down.r#ref) else {
                    super::links::local_exited(&node, &peer, down.r#ref, &down.reason);
                    continue;
                };
                by_remote.remove(&w.reference.id);
                let reason = term::encode(&wire_reason(&down.reason), &node.local)
                    .unwrap_or_else(|_| eetf::Atom::from("normal").into());
                node.enqueue(
                    &peer,
                    Message::payload_monitor_p_exit(w.as_named, w.watcher, w.reference, reason),
                );
            }
        }
    }
}

/// `gen:reply/2`: `{tag, reply}` to the alias of a `[:alias | ref]` tag
/// (ALIAS_SEND), to the caller's pid for any other tag.
fn call_reply(
    node: &Node,
    me: eetf::Pid,
    caller: eetf::Pid,
    tag: eetf::Term,
    value: &Term,
) -> Option<Message> {
    let value = term::encode(value, &node.local).ok()?;
    let alias = match &tag {
        eetf::Term::ImproperList(l) => match (l.elements.as_slice(), &*l.last) {
            ([eetf::Term::Atom(a)], eetf::Term::Reference(r)) if a.name == "alias" => {
                Some((**r).clone())
            }
            _ => None,
        },
        _ => None,
    };
    let answer = eetf::Term::from(eetf::Tuple::from(vec![tag, value]));
    Some(match alias {
        Some(r) => Message::alias_send(me, r, answer),
        None => Message::send(caller, answer),
    })
}

/// The DOWN for a target that does not exist: sent at once, as the BEAM
/// does for an unregistered name or a dead pid.
pub(crate) fn noproc(
    as_named: PidOrAtom,
    watcher: eetf::Pid,
    reference: eetf::Reference,
) -> Message {
    Message::payload_monitor_p_exit(
        as_named,
        watcher,
        reference,
        eetf::Atom::from("noproc").into(),
    )
}

/// An exit reason as the term the BEAM carries it (`{:EXIT, ..}`,
/// `:DOWN`), to send it inside a message to another node: `:normal`,
/// `{:shutdown, t}`, a panic as `{%RuntimeError{message: ..}, []}`, a
/// failed call as `{reason, {GenServer, :call, args}}`.
pub fn exit_term(reason: &ExitReason) -> Term {
    wire_reason(reason)
}

/// An exit reason as the term the BEAM would carry.
pub(crate) fn wire_reason(reason: &ExitReason) -> Term {
    let atom = Term::atom;
    match reason {
        ExitReason::Normal => atom("normal"),
        ExitReason::Shutdown => atom("shutdown"),
        ExitReason::ShutdownWith(t) => Term::tuple([atom("shutdown"), t.clone()]),
        ExitReason::Kill => atom("kill"),
        ExitReason::Killed => atom("killed"),
        ExitReason::Noproc => atom("noproc"),
        ExitReason::Exception(e) => Term::tuple([
            Term::Map(vec![
                (atom("__exception__"), atom("true")),
                (atom("__struct__"), Term::Atom(Atom::module(e.module))),
                (atom("message"), Term::from(e.message.as_str())),
            ]),
            Term::list([]),
        ]),
        ExitReason::Call(c) => Term::tuple([
            wire_reason(&c.reason),
            Term::tuple([
                Term::Atom(c.module.clone()),
                Term::Atom(c.function.clone()),
                Term::List(c.args.iter().map(crossing).collect()),
            ]),
        ]),
        ExitReason::Term(t) => crossing(t),
        ExitReason::Error(t) => Term::tuple([crossing(t), Term::list([])]),
    }
}

/// `t` with every [`Term::Doc`] (a layout: a local call's printed request,
/// timeout or name, `Term::of`) made a value that can cross: an integer,
/// an atom, else the printed text as a binary, so a failed call's reason
/// reaches the peer as the abnormal reason it is instead of failing to
/// encode.
fn crossing(t: &Term) -> Term {
    match t {
        Term::Doc(_) => {
            let text = crate::inspect::inspect(t);
            if let Ok(n) = text.parse::<i64>() {
                return Term::Int(n);
            }
            let plain = |a: &str| {
                a.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            match text.strip_prefix(':') {
                Some(a) if plain(a) => Term::Atom(Atom::from_string(a.to_owned())),
                _ if ["nil", "true", "false"].contains(&text.as_str()) => {
                    Term::Atom(Atom::from_string(text))
                }
                _ => Term::Str(text),
            }
        }
        Term::Tuple(items) => Term::Tuple(items.iter().map(crossing).collect()),
        Term::List(items) => Term::List(items.iter().map(crossing).collect()),
        Term::Map(pairs) => Term::Map(
            pairs
                .iter()
                .map(|(k, v)| (crossing(k), crossing(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}
