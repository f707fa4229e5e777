//! `GenServer.call` and `GenServer.cast` from a peer node to a local
//! server: `{:"$gen_call", {caller, tag}, request}` arrives as a
//! [`GenCall<Term, Term>`](crate::gen_server::GenCall) and
//! `{:"$gen_cast", msg}` as a `GenCast<Term>`, so a server whose `Call`,
//! `Reply` and `Cast` are `Term` serves Elixir's clients unchanged. Every
//! other message arrives as the `Term` it is.
//!
//! The call's `Caller` is the connection's proxy with a fresh tag, made an
//! alias (the proxy's monitor of the server) before the call is delivered,
//! as a local call's is: the reply reaches the proxy, which sends it on
//! with the peer's own tag (`[:alias | ref]` by ALIAS_SEND); a server that
//! dies first ends the alias with its `:DOWN`.

use super::monitors::Cmd;
use super::node::Node;
use super::term;
use crate::gen_server::{Caller, GenCall, GenCast};
use crate::inspect::Term;
use crate::{Pid, process};
use std::sync::Arc;

/// `msg` from the peer, to the local process `to`.
pub(crate) fn deliver(node: &Node, proxy: Pid, to: Pid, msg: Term) {
    let Term::Tuple(mut items) = msg else {
        return process::send(to, msg);
    };
    match items.as_mut_slice() {
        [kind, Term::Tuple(from), request] if kind.is_atom("$gen_call") => {
            if let [Term::Pid(caller), tag] = from.as_slice()
                && caller.is_remote()
                && let (Ok(eetf::Term::Pid(caller)), Ok(tag)) = (
                    term::encode(&Term::Pid(*caller), &node.local),
                    term::encode(tag, &node.local),
                )
            {
                let request = std::mem::replace(request, Term::list([]));
                let ours = crate::make_ref();
                process::send(proxy, Cmd::Reply { ours, caller, tag });
                if let Some(proxy) = crate::runtime::registry::get(proxy) {
                    proxy.monitor(to, ours);
                }
                let printed = Arc::new(request.clone());
                let from = Caller::new(proxy, ours);
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
        [kind, msg] if kind.is_atom("$gen_cast") => {
            let msg = std::mem::replace(msg, Term::list([]));
            return process::send(to, GenCast(msg));
        }
        _ => {}
    }
    process::send(to, Term::Tuple(items));
}
