//! Monitors that processes of this node hold on processes of a peer
//! (MONITOR_P / DEMONITOR_P out, MONITOR_P_EXIT in: reference §3.3).
//!
//! The monitor's ref is an ordinary local [`Ref`]: on the wire it names
//! this node (as the BEAM's refs do), and the peer's MONITOR_P_EXIT brings
//! it back as the same `Ref`. The node keeps one table of these monitors,
//! ref → (watcher, target, node); the `:DOWN` reaches the watcher as a
//! plain [`Down`] message (the runtime's own relations hold local
//! processes only, so local code pays nothing for this).

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
    target: Pid,
    peer: Atom,
}

/// `watcher` monitors the remote `target`: MONITOR_P goes out on its node's
/// FIFO (after everything `watcher` sent there before). Not connected (or
/// not started): the `:DOWN` comes at once with `:noconnection`, as on the
/// BEAM.
pub(crate) fn monitor(watcher: Pid, target: Pid) -> Ref {
    let r#ref = make_ref();
    let sent = super::node::get().and_then(|node| {
        let (peer, _) = super::nodes::entry(target.node_index())?;
        let to = term::epid(target, &node.local).ok()?;
        let reference = wire_ref(node, r#ref);
        // In the table before the frame can be answered.
        node.watches.lock().insert(
            r#ref,
            Watch {
                watcher,
                target,
                peer: peer.clone(),
            },
        );
        let msg = Message::monitor_p(node.sender(watcher), PidOrAtom::Pid(to), reference);
        if node.enqueue(&peer, msg) {
            Some(())
        } else {
            node.watches.lock().remove(&r#ref);
            None
        }
    });
    if sent.is_none() {
        let reason = ExitReason::Term(Term::atom("noconnection"));
        process::send(
            watcher,
            Down {
                r#ref,
                pid: target,
                reason,
            },
        );
    }
    r#ref
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
    if let Ok(to) = term::epid(w.target, &node.local) {
        let msg = Message::demonitor_p(
            node.sender(w.watcher),
            PidOrAtom::Pid(to),
            wire_ref(node, r#ref),
        );
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
    let reason = exit_reason(term::decode(reason, &node.local));
    process::send(
        w.watcher,
        Down {
            r#ref,
            pid: w.target,
            reason,
        },
    );
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
        let reason = ExitReason::Term(Term::atom("noconnection"));
        process::send(
            w.watcher,
            Down {
                r#ref,
                pid: w.target,
                reason,
            },
        );
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
