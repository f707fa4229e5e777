//! The messages the node itself puts in a mailbox: node up/down
//! (`Node.monitor/2`, `:net_kernel.monitor_nodes/1`) and the `:DOWN` of a
//! monitor by `{name, node}` (`Process.monitor({name, node})`). Each one
//! inspects as the tuple Elixir's process would receive.

use crate::inspect::{Atom, Doc, Inspect, impl_debug_via_inspect};
use crate::{ExitReason, Ref};

/// `{:nodedown, node}`: the connection to `node` is gone (or could not be
/// made), for [`monitor_node`](super::monitor_node) and
/// [`monitor_nodes`](super::monitor_nodes).
#[derive(Clone, PartialEq, Eq)]
pub struct NodeDown {
    /// The node, `name@host`.
    pub node: Atom,
}

/// `{:nodeup, node}`: a connection to `node` is up, for
/// [`monitor_nodes`](super::monitor_nodes).
#[derive(Clone, PartialEq, Eq)]
pub struct NodeUp {
    /// The node, `name@host`.
    pub node: Atom,
}

/// `{:DOWN, ref, :process, {name, node}, reason}`: the process registered
/// as `name` on `node`, monitored with [`monitor_name`](super::monitor_name),
/// ended (`:noproc`: there was none; `:noconnection`: the connection went,
/// or was not there).
#[derive(Clone, PartialEq)]
pub struct NameDown {
    /// The monitor reference.
    pub r#ref: Ref,
    /// The registered name.
    pub name: Atom,
    /// Its node.
    pub node: Atom,
    /// The exit reason.
    pub reason: ExitReason,
}

fn tagged(tag: &str, node: &Atom) -> Doc {
    Doc::container(
        "{",
        vec![Doc::text(tag.to_owned()), node.to_doc()],
        "}",
        false,
    )
}

impl Inspect for NodeDown {
    fn to_doc(&self) -> Doc {
        tagged(":nodedown", &self.node)
    }
}

impl Inspect for NodeUp {
    fn to_doc(&self) -> Doc {
        tagged(":nodeup", &self.node)
    }
}

impl Inspect for NameDown {
    fn to_doc(&self) -> Doc {
        let object = Doc::container(
            "{",
            vec![self.name.to_doc(), self.node.to_doc()],
            "}",
            false,
        );
        let items = vec![
            Doc::text(":DOWN"),
            self.r#ref.to_doc(),
            Doc::text(":process"),
            object,
            self.reason.to_doc(),
        ];
        Doc::container("{", items, "}", false)
    }
}

impl_debug_via_inspect!(NodeDown, NodeUp, NameDown);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::{Term, inspect};

    #[test]
    fn they_print_as_elixir_prints_the_tuples() {
        let node = Atom::new("ex@127.0.0.1");
        assert_eq!(
            inspect(&NodeDown { node: node.clone() }),
            r#"{:nodedown, :"ex@127.0.0.1"}"#
        );
        assert_eq!(
            inspect(&NodeUp { node: node.clone() }),
            r#"{:nodeup, :"ex@127.0.0.1"}"#
        );
        let r = crate::make_ref();
        let down = NameDown {
            r#ref: r,
            name: Atom::new("exsrv"),
            node,
            reason: ExitReason::Term(Term::atom("noconnection")),
        };
        assert_eq!(
            inspect(&down),
            format!(
                r#"{{:DOWN, {}, :process, {{:exsrv, :"ex@127.0.0.1"}}, :noconnection}}"#,
                inspect(&r)
            )
        );
    }
}
