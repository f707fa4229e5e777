//! `GenServer.call` and `GenServer.cast` from a peer node to a local
//! server: `{:"$gen_call", {caller, tag}, request}` arrives as a
//! [`GenCall<Term, Term>`](crate::gen_server::GenCall) and
//! `{:"$gen_cast", msg}` as a `GenCast<Term>`, and `GenServer.stop`'s
//! `{:system, from, {:terminate, reason}}` as the local stop request, so a
//! server whose `Call`, `Reply` and `Cast` are `Term` serves Elixir's
//! clients unchanged. Every other message arrives as the `Term` it is.
//!
//! The call's `Caller` is the connection's proxy with a fresh tag, made an
//! alias (the proxy's monitor of the server) before the call is delivered,
//! as a local call's is: the reply reaches the proxy, which sends it on
//! with the peer's own tag (`[:alias | ref]` by ALIAS_SEND); a server that
//! dies first ends the alias with its `:DOWN`.

use super::monitors::Cmd;
use super::node::Node;
use super::term;
use crate::gen_server::wire::SysStop;
use crate::gen_server::{Caller, GenCall, GenCast};
use crate::inspect::Term;
use crate::{Pid, process};
use std::sync::Arc;

/// The `Caller` of a call from the peer's `{caller, tag}`: the proxy under
/// a fresh tag, which it will answer with the peer's own; the proxy's
/// monitor of `to` is the alias, made before the call is delivered.
fn caller(node: &Node, proxy: Pid, to: Pid, from: &[Term]) -> Option<Caller<Term>> {
    let [Term::Pid(caller), tag] = from else {
        return None;
    };
    if !caller.is_remote() {
        return None;
    }
    let (Ok(eetf::Term::Pid(caller)), Ok(tag)) = (
        term::encode(&Term::Pid(*caller), &node.local),
        term::encode(tag, &node.local),
    ) else {
        return None;
    };
    let ours = crate::make_ref();
    process::send(proxy, Cmd::Reply { ours, caller, tag });
    if let Some(proxy) = crate::runtime::registry::get(proxy) {
        proxy.monitor(to, ours);
    }
    Some(Caller::new(proxy, ours))
}

/// `msg` from the peer, to the local process `to`.
pub(crate) fn deliver(node: &Node, proxy: Pid, to: Pid, msg: Term) {
    let Term::Tuple(mut items) = msg else {
        return process::send(to, msg);
    };
    match items.as_mut_slice() {
        [kind, Term::Tuple(from), request] if kind.is_atom("$gen_call") => {
            if let Some(from) = caller(node, proxy, to, from) {
                let request = std::mem::replace(request, Term::list([]));
                let printed = Arc::new(request.clone());
                return process::send(
                    to,
                    GenCall::<Term, Term> {
                        from,
                        request,
                        printed,
                    },
                );
            }
        }
        // `GenServer.stop/3` (`sys:terminate`): answered `:ok`, as `sys`
        // answers before the server terminates, then the server's stop
        // request; `proc_lib:stop` waits for its monitor's `:DOWN`.
        [kind, Term::Tuple(from), Term::Tuple(request)] if kind.is_atom("system") => {
            if let [what, reason] = request.as_slice()
                && what.is_atom("terminate")
            {
                let reason = crate::ExitReason::from(reason.clone());
                if let Some(from) = caller(node, proxy, to, from) {
                    crate::gen_server::reply(from, Term::atom("ok"));
                }
                return process::send(to, SysStop { reason });
            }
        }
        [kind, msg] if kind.is_atom("$gen_cast") => {
            let msg = std::mem::replace(msg, Term::list([]));
            return process::send(to, GenCast(msg));
        }
        _ => {}
    }
    process::send(to, Term::Tuple(items));
}
