//! What the enumerating process, the stream's intermediate process and its
//! tasks tell each other. Every message to the enumerating process is tagged
//! with the stream's ref (its monitor of the intermediate process) and sent
//! to that alias, so it is dropped once the stream is closed.

use crate::messages::Message;
use crate::runtime::callers::Callers;
use crate::runtime::proc::Proc;
use crate::{ExitReason, Pid, Ref};
use futures::future::BoxFuture;
use std::sync::Arc;

/// Enumerating process → intermediate process.
pub(crate) enum Command {
    /// Start the task for input number `position`.
    Spawn {
        position: u64,
        body: BoxFuture<'static, ()>,
    },
    /// The stream is done or dropped: kill the tasks, exit `:normal`.
    Stop,
}

/// Task → enumerating process: `{{ref, position}, value}`.
pub(crate) struct Reply<O> {
    pub(crate) tag: Ref,
    pub(crate) position: u64,
    pub(crate) value: O,
}

/// Intermediate process → enumerating process: the task for `position`
/// has ended (`{:down, ..}`, or `{:timed_out, ..}` if it was killed for
/// running out of time).
pub(crate) struct Ended {
    pub(crate) tag: Ref,
    pub(crate) position: u64,
    pub(crate) reason: ExitReason,
    pub(crate) timed_out: bool,
}

/// Intermediate process → enumerating process, for a [`Spawner`] only:
/// whether it took the task, or the reason the enumerating process exits
/// with because it refused it.
pub(crate) struct Spawned {
    pub(crate) tag: Ref,
    pub(crate) refused: Option<ExitReason>,
}

/// How the intermediate process starts a task.
#[derive(Clone)]
pub(crate) enum Starter {
    /// `Task.async_stream`: linked to the intermediate process, at once.
    Linked,
    /// Through a start function from a layer above (a task supervisor's,
    /// `supervisor/streams.rs`). It may refuse a task, so the enumerating
    /// process waits for each answer ([`Spawned`]) before the next start.
    By(Arc<dyn Spawner>),
}

/// The seam through which a layer above runs a stream's tasks its own way
/// (a task supervisor: as its children), without this layer knowing it.
pub(crate) trait Spawner: Send + Sync {
    /// Starts `task` from the intermediate process `me` (the current
    /// process), which monitors it under `task.watch`. Returns the task's
    /// pid and whether it is linked to `me`, or, if the task is refused, the
    /// reason the enumerating process exits with.
    fn spawn<'a>(
        &'a self,
        me: &'a Arc<Proc>,
        task: NewTask,
    ) -> BoxFuture<'a, Result<(Pid, bool), ExitReason>>;

    /// The process a start waits on (a task supervisor), which `me`
    /// monitors while it waits: not one of the stream's tasks, so a halt
    /// that kills what `me` monitors spares it.
    fn server(&self) -> Pid;
}

/// A task the intermediate process asks a [`Spawner`] to start.
pub(crate) struct NewTask {
    /// The ref `me` must monitor the task under.
    pub(crate) watch: Ref,
    /// The enumerating process, which the task's crash report names.
    pub(crate) owner: Pid,
    /// `$callers` of the task: the enumerating process first.
    pub(crate) callers: Callers,
    pub(crate) body: BoxFuture<'static, ()>,
}

/// `true` for a message of the stream tagged `tag`, or the `{:EXIT, ..}` of
/// its intermediate process.
pub(crate) fn is_stream_message<O: Send + 'static>(
    msg: &Message,
    tag: Ref,
    intermediate: Pid,
) -> bool {
    msg.downcast_ref::<Reply<O>>().is_some_and(|m| m.tag == tag)
        || msg.downcast_ref::<Ended>().is_some_and(|m| m.tag == tag)
        || msg.downcast_ref::<Spawned>().is_some_and(|m| m.tag == tag)
        || msg
            .downcast_ref::<crate::messages::Exit>()
            .is_some_and(|e| e.from == intermediate)
}
