//! OTP's protocol for stopping one child (`supervisor:shutdown/2`): used by
//! `terminate_child`, by the strategies and when the supervisor stops.

use crate::messages::{Down, Exit, Message};
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::signals::send_exit;
use crate::runtime::time::{deadline, until};
use crate::task::Shutdown;
use crate::{ExitReason, Pid, Timeout, make_ref};
use std::sync::Arc;

/// Stops `pid` and returns when it is dead, with its exit reason: monitor
/// it (the link is kept, so the child sees its parent while it stops), send
/// `:kill` (`:brutal_kill`) or `:shutdown`, wait for the `:DOWN` (up to the
/// shutdown time, then `:kill` and wait again), then unlink. The reason is
/// that of the child's queued `{:EXIT, pid, r}` (taken out of the mailbox,
/// so it is not mistaken later for a crash), else the `:DOWN`'s.
pub(crate) async fn stop_child(me: &Arc<Proc>, pid: Pid, how: Shutdown) -> ExitReason {
    let watch = make_ref();
    me.monitor(pid, watch);
    let (signal, kill_at) = match how {
        Shutdown::BrutalKill => (ExitReason::Kill, None),
        Shutdown::Timeout(t) => (ExitReason::Shutdown, deadline(t)),
    };
    send_exit(me.pid, pid, signal);
    let down = |m: &mut Message| {
        let d = m.downcast_ref::<Down>()?;
        (d.r#ref == watch).then(|| d.reason.clone())
    };
    let mut reason = Receive::runtime(Arc::clone(me), down, until(kill_at)).await;
    if reason.is_none() {
        send_exit(me.pid, pid, ExitReason::Kill);
        reason = Receive::runtime(Arc::clone(me), down, Timeout::Infinity).await;
    }
    me.unlink(pid);
    // Links act before monitors: a link's `{:EXIT}` is queued by now.
    let exit = |m: &mut Message| {
        let e = m.downcast_ref::<Exit>()?;
        (e.from == pid).then(|| e.reason.clone())
    };
    let queued = Receive::runtime(Arc::clone(me), exit, Timeout::Ms(0)).await;
    queued.or(reason).unwrap_or(ExitReason::Noproc)
}
