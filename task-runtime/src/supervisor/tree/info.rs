//! What `which_children` and `count_children` answer.

use super::spec::ChildType;
use crate::Pid;
use crate::inspect::{Atom, Doc, Inspect, Term, derive, impl_debug_via_inspect};

/// A child's process as `which_children` shows it: its pid, `:undefined`
/// (not running: stopped, not restarted, or `:ignore`d) or `:restarting`
/// (its restart failed and is retried).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildPid {
    /// Running.
    Pid(Pid),
    /// `:undefined`.
    Undefined,
    /// `:restarting`.
    Restarting,
}

impl ChildPid {
    /// The pid, if it runs.
    pub fn pid(self) -> Option<Pid> {
        match self {
            ChildPid::Pid(pid) => Some(pid),
            _ => None,
        }
    }
}

impl Inspect for ChildPid {
    fn to_doc(&self) -> Doc {
        match self {
            ChildPid::Pid(pid) => pid.to_doc(),
            ChildPid::Undefined => derive::atom("undefined"),
            ChildPid::Restarting => derive::atom("restarting"),
        }
    }
}

impl_debug_via_inspect!(ChildPid);

/// One entry of `which_children`: `{id, pid, type, modules}`.
#[derive(Clone, PartialEq)]
pub struct ChildInfo {
    /// The child's id.
    pub id: Term,
    /// Its process.
    pub pid: ChildPid,
    /// `:worker` or `:supervisor`.
    pub r#type: ChildType,
    /// The module of its start call (`[Task]`).
    pub modules: Vec<Atom>,
}

impl Inspect for ChildInfo {
    fn to_doc(&self) -> Doc {
        let modules = Term::list(self.modules.iter().cloned().map(Term::Atom));
        let items = vec![
            self.id.to_doc(),
            self.pid.to_doc(),
            self.r#type.to_doc(),
            modules.to_doc(),
        ];
        Doc::container("{", items, "}", false)
    }
}

impl_debug_via_inspect!(ChildInfo);

/// `count_children`: `%{active: n, specs: n, supervisors: n, workers: n}`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ChildCounts {
    /// Children running.
    pub active: usize,
    /// All children, running or not.
    pub specs: usize,
    /// Children of type `:supervisor`.
    pub supervisors: usize,
    /// Children of type `:worker`.
    pub workers: usize,
}

impl Inspect for ChildCounts {
    fn to_doc(&self) -> Doc {
        let n = |v: usize| Doc::text(v.to_string());
        derive::map(vec![
            derive::field("active: ", n(self.active)),
            derive::field("specs: ", n(self.specs)),
            derive::field("supervisors: ", n(self.supervisors)),
            derive::field("workers: ", n(self.workers)),
        ])
    }
}

impl_debug_via_inspect!(ChildCounts);
