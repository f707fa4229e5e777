//! The one `net_kernel` request a hidden node must answer: `Node.ping/1`
//! is `GenServer.call({:net_kernel, node}, {:is_auth, me})`, and a node
//! that does not reply `:yes` gets `:pang` and is disconnected (reference
//! §5.4). Answered on the connection itself, since no extask process plays
//! `net_kernel`.

use eetf::{Atom, Pid, Term, Tuple};
use erl_dist::message::Message;

/// The reply to a REG_SEND to `net_kernel`, if it is `{:is_auth, _}`.
pub(crate) fn reply(me: Pid, msg: &Term) -> Option<Message> {
    let Term::Tuple(Tuple { elements }) = msg else {
        return None;
    };
    let [Term::Atom(tag), Term::Tuple(from), Term::Tuple(req)] = elements.as_slice() else {
        return None;
    };
    let is_auth = matches!(req.elements.as_slice(), [Term::Atom(a), _] if a.name == "is_auth");
    if tag.name != "$gen_call" || !is_auth {
        return None;
    }
    let [Term::Pid(caller), reply_tag] = from.elements.as_slice() else {
        return None;
    };
    let answer = Term::from(Tuple::from(vec![
        reply_tag.clone(),
        Atom::from("yes").into(),
    ]));
    // `[:alias | ref]` (OTP 24+): the reply goes to the alias, as gen:reply/2
    // sends it; any other tag to the caller's pid.
    if let Term::ImproperList(l) = reply_tag
        && let ([Term::Atom(a)], Term::Reference(r)) = (l.elements.as_slice(), &*l.last)
        && a.name == "alias"
    {
        return Some(Message::alias_send(me, (**r).clone(), answer));
    }
    Some(Message::send(caller.clone(), answer))
}
