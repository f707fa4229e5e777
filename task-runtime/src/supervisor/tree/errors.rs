//! What the calls of [`Supervisor`](super::Supervisor) return when they
//! fail. [`Inspect`] prints the reason as Elixir's, so that the whole
//! `Result` inspects as Elixir's return value; `Debug` prints
//! `{:error, reason}`.

use crate::inspect::{Doc, Inspect, Term, derive, inspect};
use crate::{ExitReason, Pid};
use std::fmt;

/// Why [`Supervisor::start_link`](super::Supervisor::start_link) failed.
/// The supervisor exited with the same reason ([`StartError::exit_reason`]),
/// which kills a caller that does not trap exits, as in Elixir.
///
/// ```
/// use task_runtime::inspect::{inspect, Term};
/// use task_runtime::supervisor::StartError;
/// let e = StartError::FailedToStartChild { id: Term::atom("b"), reason: Term::atom("bad") };
/// assert_eq!(inspect(&e), "{:shutdown, {:failed_to_start_child, :b, :bad}}");
/// assert_eq!(format!("{e:?}"), "{:error, {:shutdown, {:failed_to_start_child, :b, :bad}}}");
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum StartError {
    /// `{:shutdown, {:failed_to_start_child, id, reason}}`: a child's start
    /// returned `{:error, reason}` (or panicked: `{:EXIT, reason}`).
    FailedToStartChild {
        /// The child's id.
        id: Term,
        /// What its start returned.
        reason: Term,
    },
    /// `{:start_spec, {:duplicate_child_name, id}}`: two children with `id`.
    DuplicateChildName(Term),
    /// `{:already_started, pid}`: the `name` is taken by `pid`.
    AlreadyStarted(Pid),
    /// The `name` could not be registered for another reason (a via-name
    /// of an unknown registry): the registry's error.
    Name(Term),
    /// The supervisor exited before it answered (it was killed, or a start
    /// function exited it): its exit reason.
    Exited(Term),
}

impl StartError {
    pub(crate) fn refused_name(reason: ExitReason) -> StartError {
        match reason.to_term() {
            Term::Tuple(items) if items.len() == 2 && items[0].is_atom("already_started") => {
                match items[1] {
                    Term::Pid(pid) => StartError::AlreadyStarted(pid),
                    _ => StartError::Name(Term::Tuple(items)),
                }
            }
            other => StartError::Name(other),
        }
    }

    /// The supervisor's exit reason.
    pub fn exit_reason(&self) -> ExitReason {
        ExitReason::from(self.to_term())
    }

    fn to_term(&self) -> Term {
        match self {
            StartError::FailedToStartChild { id, reason } => Term::tuple([
                Term::atom("shutdown"),
                Term::tuple([
                    Term::atom("failed_to_start_child"),
                    id.clone(),
                    reason.clone(),
                ]),
            ]),
            StartError::DuplicateChildName(id) => Term::tuple([
                Term::atom("start_spec"),
                Term::tuple([Term::atom("duplicate_child_name"), id.clone()]),
            ]),
            StartError::AlreadyStarted(pid) => {
                Term::tuple([Term::atom("already_started"), Term::Pid(*pid)])
            }
            StartError::Name(reason) | StartError::Exited(reason) => reason.clone(),
        }
    }
}

impl Inspect for StartError {
    fn to_doc(&self) -> Doc {
        self.to_term().to_doc()
    }
}

impl fmt::Debug for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{:error, {}}}", inspect(self))
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::FailedToStartChild { id, reason } => {
                write!(
                    f,
                    "child {} failed to start: {}",
                    inspect(id),
                    inspect(reason)
                )
            }
            StartError::DuplicateChildName(id) => {
                write!(f, "two children have the id {}", inspect(id))
            }
            StartError::AlreadyStarted(pid) => write!(f, "the name is taken by {pid:?}"),
            StartError::Name(reason) => write!(f, "the name was refused: {}", inspect(reason)),
            StartError::Exited(reason) => {
                write!(
                    f,
                    "the supervisor exited while starting: {}",
                    inspect(reason)
                )
            }
        }
    }
}

impl std::error::Error for StartError {}

/// Why [`terminate_child`](super::Supervisor::terminate_child),
/// [`restart_child`](super::Supervisor::restart_child) or
/// [`delete_child`](super::Supervisor::delete_child) refused.
///
/// ```
/// use task_runtime::supervisor::ChildError;
/// assert_eq!(format!("{:?}", ChildError::Running), "{:error, :running}");
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ChildError {
    /// `:not_found`: no child with that id (or a `:temporary` one, whose
    /// spec is gone once it stopped).
    NotFound,
    /// `:running`: the child runs.
    Running,
    /// `:restarting`: its restart failed and is being retried.
    Restarting,
    /// The start of `restart_child` returned `{:error, reason}` (not wrapped).
    Start(Term),
}

impl Inspect for ChildError {
    fn to_doc(&self) -> Doc {
        match self {
            ChildError::NotFound => derive::atom("not_found"),
            ChildError::Running => derive::atom("running"),
            ChildError::Restarting => derive::atom("restarting"),
            ChildError::Start(reason) => reason.to_doc(),
        }
    }
}

impl fmt::Debug for ChildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{:error, {}}}", inspect(self))
    }
}

impl fmt::Display for ChildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChildError::NotFound => f.write_str("no such child"),
            ChildError::Running => f.write_str("the child is running"),
            ChildError::Restarting => f.write_str("the child is being restarted"),
            ChildError::Start(reason) => {
                write!(f, "the child failed to start: {}", inspect(reason))
            }
        }
    }
}

impl std::error::Error for ChildError {}
