//! Monitors of nodes: `Node.monitor(node, true)` (one `{:nodedown, node}`
//! per monitor, as `erlang:monitor_node/2`) and
//! `:net_kernel.monitor_nodes(true)` (`{:nodeup, n}` / `{:nodedown, n}`
//! for every connection). The connection (`conn.rs`) calls [`node_up`] and
//! [`node_down`]; nothing here is on a local path.

use super::events::{NodeDown, NodeUp};
use super::node;
use crate::inspect::Atom;
use crate::{Pid, process};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Default)]
struct Monitors {
    /// One entry per `monitor_node(node, true)` not yet fired or removed,
    /// so two calls get two messages, as on the BEAM.
    of_node: HashMap<Atom, Vec<Pid>>,
    /// Subscribers of `monitor_nodes(true)`, once per call.
    all: Vec<Pid>,
}

static MONITORS: LazyLock<Mutex<Monitors>> = LazyLock::new(Default::default);

/// `monitor_node(peer, true)` from `me`. The BEAM connects to a node that
/// is not connected and says `{:nodedown, n}` if that fails: so here, in a
/// task of its own (this call does not wait).
pub(crate) fn monitor(me: Pid, peer: Atom) {
    MONITORS
        .lock()
        .of_node
        .entry(peer.clone())
        .or_default()
        .push(me);
    let Some(node) = node::get() else {
        // Not alive: there is no connection to make.
        return fire_one(me, &peer);
    };
    if node.connected().contains(&peer) {
        return;
    }
    tokio::spawn(async move {
        if super::setup::connect(node, peer.name()).await.is_err() {
            fire_one(me, &peer);
        }
    });
}

/// `monitor_node(peer, false)`: one of `me`'s monitors of `peer` removed.
pub(crate) fn demonitor(me: Pid, peer: &Atom) {
    remove_one(me, peer);
}

/// Removes one of `me`'s monitors of `peer`; `true` if there was one.
fn remove_one(me: Pid, peer: &Atom) -> bool {
    let mut monitors = MONITORS.lock();
    let Some(pids) = monitors.of_node.get_mut(peer) else {
        return false;
    };
    let Some(at) = pids.iter().position(|p| *p == me) else {
        return false;
    };
    pids.swap_remove(at);
    if pids.is_empty() {
        monitors.of_node.remove(peer);
    }
    true
}

/// A failed connect fires `me`'s monitor, unless it was removed (or fired
/// by a connection that came and went) meanwhile.
fn fire_one(me: Pid, peer: &Atom) {
    if remove_one(me, peer) {
        process::send(me, NodeDown { node: peer.clone() });
    }
}

/// `monitor_nodes(true)` / `(false)` from `me`.
pub(crate) fn subscribe(me: Pid, on: bool) {
    let mut monitors = MONITORS.lock();
    if on {
        monitors.all.push(me);
    } else if let Some(at) = monitors.all.iter().position(|p| *p == me) {
        monitors.all.remove(at);
    }
}

/// A connection to `peer` is up: `{:nodeup, peer}` to the subscribers.
pub(crate) fn node_up(peer: &Atom) {
    let all = subscribers();
    for pid in all {
        process::send(pid, NodeUp { node: peer.clone() });
    }
}

/// The connection to `peer` is gone: every monitor of it fires, once, and
/// the subscribers hear `{:nodedown, peer}`.
pub(crate) fn node_down(peer: &Atom) {
    let fired = MONITORS.lock().of_node.remove(peer).unwrap_or_default();
    for pid in fired.into_iter().chain(subscribers()) {
        process::send(pid, NodeDown { node: peer.clone() });
    }
}

/// The live subscribers; dead ones are dropped here (a process's exit
/// does not reach this table).
fn subscribers() -> Vec<Pid> {
    let mut monitors = MONITORS.lock();
    monitors.all.retain(|p| process::alive(*p));
    monitors.all.clone()
}
