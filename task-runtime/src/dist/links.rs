//! Links between processes of this node and a peer's (LINK, EXIT, EXIT2,
//! UNLINK_ID / UNLINK_ID_ACK: reference §3.2).
//!
//! The runtime's relations hold local processes only, so a link to a
//! remote pid lives here: the node's table of `(local, remote)` pairs, each
//! with a monitor that the connection's proxy holds on the local process.
//! The proxy's `:DOWN` sends EXIT with the BEAM's reason; an EXIT from the
//! peer ends the pair and is delivered as an exit signal from the remote
//! pid (so a trapping process gets `{:EXIT, pid, reason}`); a lost
//! connection delivers `:noconnection` for every pair of that node.

use super::monitors::wire_reason;
use super::node::Node;
use super::term;
use super::watch::exit_reason;
use crate::inspect::{Atom, Term};
use crate::runtime::signals;
use crate::{ExitReason, Pid, Ref, make_ref};
use erl_dist::message::Message;
use std::collections::HashMap;

/// The node's links to remote processes.
#[derive(Default)]
pub(crate) struct Links {
    pairs: HashMap<(Pid, Pid), Ref>,
    by_ref: HashMap<Ref, (Pid, Pid)>,
}

/// Links local `ours` to remote `theirs` on the connection whose proxy is
/// `proxy`; `false` if they were linked already.
fn add(node: &Node, proxy: Pid, ours: Pid, theirs: Pid) -> bool {
    let mut links = node.links.lock();
    if links.pairs.contains_key(&(ours, theirs)) {
        return false;
    }
    let r#ref = make_ref();
    links.pairs.insert((ours, theirs), r#ref);
    links.by_ref.insert(r#ref, (ours, theirs));
    drop(links);
    // Made before the next frame is read or sent: `ours`' exit after
    // this point reaches the proxy as this monitor's `:DOWN`.
    if let Some(proxy) = crate::runtime::registry::get(proxy) {
        proxy.monitor(ours, r#ref);
    }
    true
}

/// Ends the pair, `true` if it was linked.
fn remove(node: &Node, proxy: Option<Pid>, ours: Pid, theirs: Pid) -> bool {
    let mut links = node.links.lock();
    let Some(r#ref) = links.pairs.remove(&(ours, theirs)) else {
        return false;
    };
    links.by_ref.remove(&r#ref);
    drop(links);
    if let Some(proxy) = proxy.and_then(crate::runtime::registry::get) {
        proxy.demonitor(r#ref, false);
    }
    true
}

/// LINK from the peer: `from` links to our `to`; a dead `to` answers
/// EXIT `:noproc` at once.
pub(crate) fn linked(node: &Node, peer: &Atom, proxy: Pid, from: eetf::Pid, to: &eetf::Pid) {
    let (Some(theirs), Some(ours)) = (
        term::decode_pid(&from, &node.local),
        term::decode_pid(to, &node.local).filter(|p| !p.is_remote()),
    ) else {
        return;
    };
    if crate::process::alive(ours) {
        add(node, proxy, ours, theirs);
    } else {
        let reason = eetf::Atom::from("noproc").into();
        node.enqueue(peer, Message::payload_exit(to.clone(), from, reason));
    }
}

/// UNLINK_ID from the peer: the pair ends and the ack goes back.
pub(crate) fn unlinked(
    node: &Node,
    peer: &Atom,
    proxy: Pid,
    id: eetf::Term,
    from: eetf::Pid,
    to: eetf::Pid,
) {
    if let (Some(theirs), Some(ours)) = (
        term::decode_pid(&from, &node.local),
        term::decode_pid(&to, &node.local),
    ) {
        remove(node, Some(proxy), ours, theirs);
    }
    node.enqueue(peer, Message::unlink_id_ack(id, to, from));
}

/// EXIT (`link`: a linked process died) or EXIT2 (`Process.exit/2`) from
/// the peer. An EXIT for a pair that is not linked (unlinked meanwhile) is
/// void, as on the BEAM.
pub(crate) fn exit_in(
    node: &Node,
    proxy: Pid,
    from: eetf::Pid,
    to: eetf::Pid,
    reason: eetf::Term,
    link: bool,
) {
    let (Some(theirs), Some(ours)) = (
        term::decode_pid(&from, &node.local),
        term::decode_pid(&to, &node.local).filter(|p| !p.is_remote()),
    ) else {
        return;
    };
    if link && !remove(node, Some(proxy), ours, theirs) {
        return;
    }
    let reason = exit_reason(term::decode(reason, &node.local));
    if link {
        // A link's `:kill` is trappable; only EXIT2's (`Process.exit/2`) is not.
        if let Some(target) = crate::runtime::registry::get(ours) {
            target.remote_link_exit(theirs, reason);
        }
    } else {
        signals::send_exit(theirs, ours, reason);
    }
}

/// The proxy's `:DOWN` of `r#ref`: if it is a link's, EXIT goes to the
/// remote end; `false` if it was not one.
pub(crate) fn local_exited(node: &Node, peer: &Atom, r#ref: Ref, reason: &ExitReason) -> bool {
    let mut links = node.links.lock();
    let Some((ours, theirs)) = links.by_ref.remove(&r#ref) else {
        return false;
    };
    links.pairs.remove(&(ours, theirs));
    drop(links);
    let reason = term::encode(&wire_reason(reason), &node.local)
        .unwrap_or_else(|_| eetf::Atom::from("normal").into());
    if let Ok(to) = term::epid(theirs, &node.local) {
        node.enqueue(peer, Message::payload_exit(node.sender(ours), to, reason));
    }
    true
}

/// `process::link(remote)` from `ours`: LINK out; not connected, the
/// signal `:noconnection` at once, as on the BEAM.
pub(crate) fn link(ours: Pid, theirs: Pid) {
    let sent = super::node::get().and_then(|node| {
        let (peer, _) = super::nodes::entry(theirs.node_index())?;
        let proxy = node.proxy(&peer)?;
        let to = term::epid(theirs, &node.local).ok()?;
        if add(node, proxy, ours, theirs) {
            node.enqueue(&peer, Message::link(node.sender(ours), to));
        }
        Some(())
    });
    if sent.is_none() {
        signals::send_exit(theirs, ours, noconnection());
    }
}

/// `Process.exit(theirs, reason)` from `from` to a remote pid: EXIT2 on
/// its node's FIFO, connecting first as the BEAM does.
pub(crate) fn exit_out(from: Pid, theirs: Pid, reason: &ExitReason) {
    let Some(node) = super::node::get() else {
        return;
    };
    let Some((peer, _)) = super::nodes::entry(theirs.node_index()) else {
        return;
    };
    let reason = term::encode(&wire_reason(reason), &node.local);
    if let (Ok(to), Ok(reason)) = (term::epid(theirs, &node.local), reason) {
        let msg = Message::payload_exit2(node.sender(from), to, reason);
        super::setup::send(node, &peer, msg);
    }
}

/// `process::unlink(remote)` from `ours`: UNLINK_ID out (its ack needs no
/// action: the pair is gone here at once, so a crossing EXIT is void).
pub(crate) fn unlink(ours: Pid, theirs: Pid) {
    let Some(node) = super::node::get() else {
        return;
    };
    let Some((peer, _)) = super::nodes::entry(theirs.node_index()) else {
        return;
    };
    if remove(node, node.proxy(&peer), ours, theirs)
        && let Ok(to) = term::epid(theirs, &node.local)
    {
        let id = eetf::FixInteger::from(1).into();
        node.enqueue(&peer, Message::unlink_id(id, node.sender(ours), to));
    }
}

/// The connection to `peer` is gone: `:noconnection` to every local end
/// of a link to one of its processes.
pub(crate) fn connection_lost(node: &Node, peer: &Atom) {
    let lost: Vec<(Pid, Pid)> = {
        let mut links = node.links.lock();
        let of_peer: Vec<(Pid, Pid)> = links
            .pairs
            .keys()
            .filter(|(_, theirs)| {
                super::nodes::entry(theirs.node_index()).is_some_and(|(n, _)| &n == peer)
            })
            .copied()
            .collect();
        for pair in &of_peer {
            if let Some(r) = links.pairs.remove(pair) {
                links.by_ref.remove(&r);
            }
        }
        of_peer
    };
    for (ours, theirs) in lost {
        signals::send_exit(theirs, ours, noconnection());
    }
}

fn noconnection() -> ExitReason {
    ExitReason::Term(Term::atom("noconnection"))
}
