//! Monitors that processes of this node hold on processes of a peer
//! (MONITOR_P / DEMONITOR_P out, MONITOR_P_EXIT in: reference §3.3).
//!
//! The monitor's ref is an ordinary local [`Ref`]: on the wire it names
//! this node (as the BEAM's refs do), and the peer's MONITOR_P_EXIT brings
//! it back as the same `Ref`. The node keeps one table of these monitors,
//! ref → (watcher, target, node); the `:DOWN` reaches the watcher as a
//! plain [`Down`] message (the runtime's own relations hold local
//! processes only, so local code pays nothing for this).

use super::events::NameDown;
use super::node::Node;
use super::term;
use crate::inspect::{Atom, Term};
use crate::messages::Down;
use crate::{ExitReason, Pid, Ref, make_ref, process};
use erl_dist::message::Message;
use erl_dist::term::PidOrAtom;

/// One monitor of a remote process.
pub(crate) struct Watch {
    watcher: Pid,
    target: Target,
    peer: Atom,
}

/// What a monitor watches: a pid, or a name on the peer (`{name, node}`).
enum Target {
    Pid(Pid),
    Name(Atom),
}

impl Watch {
    fn wire_target(&self, node: &Node) -> Option<PidOrAtom> {
        Some(match &self.target {
            Target::Pid(p) => PidOrAtom::Pid(term::epid(*p, &node.local).ok()?),
            Target::Name(n) => PidOrAtom::Atom(eetf::Atom::from(n.name())),
        })
    }

    /// Its `:DOWN`, to its watcher.
    fn fire(self, r#ref: Ref, reason: ExitReason) {
        match self.target {
            Target::Pid(pid) => process::send(self.watcher, Down { r#ref, pid, reason }),
            Target::Name(name) => process::send(
                self.watcher,
                NameDown {
                    r#ref,
                    name,
                    node: self.peer,
                    reason,
                },
            ),
        }
    }
}

/// `watcher` monitors the remote `target`: MONITOR_P goes out on its node's
/// FIFO (after everything `watcher` sent there before), connecting first if
/// need be. Not started, or a connection that cannot be made: the `:DOWN`
/// comes with `:noconnection`, as on the BEAM.
pub(crate) fn monitor(watcher: Pid, target: Pid) -> Ref {
    let peer = super::nodes::entry(target.node_index()).map(|(n, _)| n);
    watch(watcher, Target::Pid(target), peer)
}

/// `watcher` monitors the process registered as `name` on `peer`
/// (`Process.monitor({name, node})`): its `:DOWN` is a [`NameDown`].
pub(crate) fn monitor_name(watcher: Pid, name: Atom, peer: Atom) -> Ref {
    watch(watcher, Target::Name(name), Some(peer))
}

fn watch(watcher: Pid, target: Target, peer: Option<Atom>) -> Ref {
    let r#ref = make_ref();
    // No node index known for the pid (or no node): `:noconnection` at once.
    let (Some(node), Some(peer)) = (super::node::get(), peer) else {
        let w = Watch {
            watcher,
            target,
            peer: Atom::new("nonode@nohost"),
        };
        w.fire(r#ref, noconnection());
        return r#ref;
    };
    let w = Watch {
        watcher,
        target,
        peer,
    };
    let Some(to) = w.wire_target(node) else {
        w.fire(r#ref, noconnection());
        return r#ref;
    };
    let reference = wire_ref(node, r#ref);
    let msg = Message::monitor_p(node.sender(watcher), to, reference);
    let peer = w.peer.clone();
    // In the table before the frame can be answered.
    node.watches.lock().insert(r#ref, w);
    // Connecting first, as the BEAM does: a set-up that fails fires this
    // `:noconnection` (`setup.rs`).
    super::setup::send(node, &peer, msg);
    r#ref
}

fn noconnection() -> ExitReason {
    ExitReason::Term(Term::atom("noconnection"))
}

/// Removes the remote monitor `r#ref` (DEMONITOR_P out); `false` if it is
/// not one (any more).
pub(crate) fn demonitor(r#ref: Ref) -> bool {
    let Some(node) = super::node::get() else {
        return false;
    };
    let Some(w) = node.watches.lock().remove(&r#ref) else {
        return false;
    };
    if let Some(to) = w.wire_target(node) {
        let msg = Message::demonitor_p(node.sender(w.watcher), to, wire_ref(node, r#ref));
        node.enqueue(&w.peer, msg);
    }
    true
}

/// MONITOR_P_EXIT from the peer: the `:DOWN` with the BEAM's reason.
///
/// A monitor that is not one of these (a remote call's or task's, in
/// `remote_monitor.rs`) gives its reason back.
pub(crate) fn exited(
    node: &Node,
    reference: &eetf::Reference,
    reason: eetf::Term,
) -> Option<eetf::Term> {
    let Some(r#ref) = Ref::from_wire_words(&reference.id) else {
        return Some(reason);
    };
    let Some(w) = node.watches.lock().remove(&r#ref) else {
        return Some(reason);
    };
    w.fire(r#ref, exit_reason(term::decode(reason, &node.local)));
    None
}

/// The connection to `peer` is gone: every monitor of its processes fires
/// `:noconnection`.
pub(crate) fn connection_lost(node: &Node, peer: &Atom) {
    let lost: Vec<(Ref, Watch)> = {
        let mut watches = node.watches.lock();
        let refs: Vec<Ref> = watches
            .iter()
            .filter(|(_, w)| &w.peer == peer)
            .map(|(r, _)| *r)
            .collect();
        refs.into_iter()
            .filter_map(|r| watches.remove(&r).map(|w| (r, w)))
            .collect()
    };
    for (r#ref, w) in lost {
        w.fire(r#ref, noconnection());
    }
}

fn wire_ref(node: &Node, r#ref: Ref) -> eetf::Reference {
    eetf::Reference {
        node: eetf::Atom::from(node.local.name.name()),
        id: r#ref.wire_words().to_vec(),
        creation: node.local.creation,
    }
}

/// A reason from the wire as an [`ExitReason`]: the inverse of
/// [`super::monitors::wire_reason`] for the atoms and `{:shutdown, t}`;
/// anything else stays the term it is.
pub(crate) fn exit_reason(t: Term) -> ExitReason {
    match &t {
        Term::Atom(a) => match a.name() {
            "normal" => return ExitReason::Normal,
            "shutdown" => return ExitReason::Shutdown,
            "kill" => return ExitReason::Kill,
            "killed" => return ExitReason::Killed,
            "noproc" => return ExitReason::Noproc,
            _ => {}
        },
        Term::Tuple(items) => {
            if let [tag, inner] = items.as_slice()
                && tag.is_atom("shutdown")
            {
                return ExitReason::ShutdownWith(inner.clone());
            }
        }
        _ => {}
    }
    ExitReason::Term(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_calls_exit_crosses_as_values() {
        use crate::inspect::{Term, inspect};
        let reason = ExitReason::call(
            ExitReason::atom("timeout"),
            "Elixir.GenServer",
            "call",
            vec![
                Term::of(&crate::inspect::Atom::new("counter")),
                Term::of(&(1_u8, "x")),
                Term::of(&crate::Timeout::Ms(5000)),
                Term::of(&crate::Timeout::Infinity),
            ],
        );
        let wire = super::super::monitors::exit_term(&reason);
        fn has_doc(t: &Term) -> bool {
            match t {
                Term::Doc(_) => true,
                Term::Tuple(items) | Term::List(items) => items.iter().any(has_doc),
                _ => false,
            }
        }
        assert!(!has_doc(&wire), "{wire:?}");
        let Term::Tuple(outer) = &wire else {
            panic!("{wire:?}")
        };
        let Term::Tuple(call) = &outer[1] else {
            panic!("{wire:?}")
        };
        let Term::List(args) = &call[2] else {
            panic!("{wire:?}")
        };
        assert_eq!(args[2], Term::Int(5000));
        assert!(args[0].is_atom("counter") && args[3].is_atom("infinity"));
        assert_eq!(
            inspect(&wire),
            r#"{:timeout, {GenServer, :call, [:counter, "{1, \"x\"}", 5000, :infinity]}}"#
        );
    }

    #[test]
    fn wire_reasons_come_back_as_exit_reasons() {
        let back = |r: ExitReason| exit_reason(super::super::monitors::wire_reason(&r));
        for r in [
            ExitReason::Normal,
            ExitReason::Shutdown,
            ExitReason::Killed,
            ExitReason::Noproc,
            ExitReason::ShutdownWith(Term::atom("x")),
        ] {
            assert_eq!(back(r.clone()), r);
        }
        let other = Term::tuple([Term::atom("bad"), Term::Int(1)]);
        assert_eq!(exit_reason(other.clone()), ExitReason::Term(other));
    }
}
