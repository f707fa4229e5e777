//! Monitors that local processes hold on processes of a peer node, each
//! also an **alias** (Erlang's `monitor(process, p, [{alias, demonitor}])`):
//! MONITOR_P out; MONITOR_P_EXIT in becomes the watcher's [`Signal`]
//! `Down`, and an ALIAS_SEND that names the monitor's ref its `Msg`.
//!
//! The smallest version remote calls and tasks need (helper `dlinks`
//! builds the general `process::monitor(remote_pid)`; the lead reconciles
//! the two): one table, ref → watcher, touched only by remote calls, so
//! local code pays nothing. Removing an entry (the `:DOWN`, [`demonitor`],
//! or the connection's end) deactivates the alias: what is sent to it
//! afterwards is dropped, as the BEAM drops a message to an inactive alias.

use super::node::{self, Node};
use super::term;
use crate::inspect::{Atom, Term};
use crate::{Pid, Ref, make_ref, process};
use erl_dist::message::Message;
use erl_dist::term::PidOrAtom;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a remote monitor-alias brings its watcher, tagged with its ref.
pub(crate) struct Signal {
    pub(crate) r#ref: Ref,
    pub(crate) what: What,
}

pub(crate) enum What {
    /// A message sent to the alias.
    Msg(Term),
    /// The target ended (or never was, or the connection went: then the
    /// reason is `:noconnection`); the alias is inactive from now on.
    Down(Term),
}

struct Entry {
    watcher: Pid,
    peer: Atom,
    target: PidOrAtom,
}

static ACTIVE: LazyLock<Mutex<HashMap<Ref, Entry>>> = LazyLock::new(Default::default);

/// Monitors `target` on `peer` for `watcher`; the ref is also an alias
/// ([`eref`]). `None` if `peer` is not connected.
pub(crate) fn monitor(node: &Node, peer: &Atom, target: PidOrAtom, watcher: Pid) -> Option<Ref> {
    let r = make_ref();
    let entry = Entry {
        watcher,
        peer: peer.clone(),
        target: target.clone(),
    };
    ACTIVE.lock().insert(r, entry);
    let msg = Message::monitor_p(node.sender(watcher), target, eref(r, node));
    if node.enqueue(peer, msg) {
        Some(r)
    } else {
        ACTIVE.lock().remove(&r);
        None
    }
}

/// Ends monitor and alias `r` (DEMONITOR_P to the peer if it was active);
/// the caller flushes what was already delivered.
pub(crate) fn demonitor(r: Ref) {
    let Some(entry) = ACTIVE.lock().remove(&r) else {
        return;
    };
    if let Some(node) = node::get() {
        let msg = Message::demonitor_p(node.sender(entry.watcher), entry.target, eref(r, node));
        node.enqueue(&entry.peer, msg);
    }
}

/// A local ref as it travels.
pub(crate) fn eref(r: Ref, node: &Node) -> eetf::Reference {
    eetf::Reference {
        node: eetf::Atom::from(node.local.name.name()),
        id: r.wire_words().to_vec(),
        creation: node.local.creation,
    }
}

fn local_ref(node: &Node, r: &eetf::Reference) -> Option<Ref> {
    match term::decode(eetf::Term::from(r.clone()), &node.local) {
        Term::Ref(r) => Some(r),
        _ => None,
    }
}

/// ALIAS_SEND from the peer: to the watcher of the active alias it names;
/// dropped otherwise.
pub(crate) fn alias_send(node: &Node, alias: &eetf::Reference, msg: eetf::Term) {
    let Some(r) = local_ref(node, alias) else {
        return;
    };
    let Some(watcher) = ACTIVE.lock().get(&r).map(|e| e.watcher) else {
        return;
    };
    let what = What::Msg(term::decode(msg, &node.local));
    process::send(watcher, Signal { r#ref: r, what });
}

/// MONITOR_P_EXIT from the peer: the watcher's `Down`, once.
pub(crate) fn down(node: &Node, reference: &eetf::Reference, reason: eetf::Term) {
    let Some(r) = local_ref(node, reference) else {
        return;
    };
    let Some(entry) = ACTIVE.lock().remove(&r) else {
        return;
    };
    let what = What::Down(term::decode(reason, &node.local));
    process::send(entry.watcher, Signal { r#ref: r, what });
}

/// The connection to `peer` is gone: every monitor of its processes fires
/// with `:noconnection`.
pub(crate) fn node_down(peer: &Atom) {
    let gone: Vec<(Ref, Pid)> = {
        let mut active = ACTIVE.lock();
        let refs: Vec<Ref> = active
            .iter()
            .filter(|(_, e)| &e.peer == peer)
            .map(|(r, _)| *r)
            .collect();
        refs.into_iter()
            .filter_map(|r| active.remove(&r).map(|e| (r, e.watcher)))
            .collect()
    };
    for (r, watcher) in gone {
        let what = What::Down(Term::atom("noconnection"));
        process::send(watcher, Signal { r#ref: r, what });
    }
}
