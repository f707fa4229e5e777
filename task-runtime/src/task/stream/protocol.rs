//! What the enumerating process, the stream's intermediate process and its
//! tasks tell each other. Every message to the enumerating process is tagged
//! with the stream's ref (its monitor of the intermediate process) and sent
//! to that alias, so it is dropped once the stream is closed.

use crate::messages::Message;
use crate::supervisor::TaskSupervisor;
use crate::task::Shutdown;
use crate::{ExitReason, Pid, Ref};
use futures::future::BoxFuture;

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

/// Intermediate process → enumerating process, supervised streams only:
/// whether the supervisor took the task.
pub(crate) struct Spawned {
    pub(crate) tag: Ref,
    pub(crate) full: bool,
}

/// How the intermediate process starts a task.
#[derive(Clone, Copy)]
pub(crate) enum Spawner {
    /// `Task.async_stream`: linked to the intermediate process.
    Linked,
    /// `Task.Supervisor.async_stream(_nolink)`: a temporary child of `sup`,
    /// linked to the intermediate process if `link`.
    Supervised {
        sup: TaskSupervisor,
        link: bool,
        shutdown: Shutdown,
    },
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
