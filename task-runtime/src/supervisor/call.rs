//! A call to a supervisor process (`GenServer.call/3` with `:infinity`): the
//! request, then its answer, or the exit the caller takes if it is gone.

use crate::runtime::current::current;
use crate::runtime::receive::Receive;
use crate::{ExitReason, Pid, Timeout, inspect::Term, make_ref};
use tokio::sync::oneshot;

/// Sends `request(reply)` to `pid` and waits for the reply. `what` is the
/// request as Elixir prints it in the exit of a failed call
/// (`:which_children`, `{:terminate_child, pid}`).
///
/// As `GenServer.call/3`, the caller monitors the supervisor for the
/// call: if it dies before answering, the call exits with its reason
/// (`{:killed, {GenServer, :call, ..}}`), `:noproc` if it was gone.
pub(crate) async fn call<Q: Send + 'static, R>(
    pid: Pid,
    what: Term,
    request: impl FnOnce(oneshot::Sender<R>) -> Q,
) -> Result<R, ExitReason> {
    let (tx, rx) = oneshot::channel();
    let watch = current().map(|me| {
        let r#ref = make_ref();
        // Made just now: no message before this point can be its `:DOWN`.
        let since = me.state.lock().mailbox.end_seq();
        me.monitor(pid, r#ref);
        (me, r#ref, since)
    });
    crate::process::send(pid, request(tx));
    let answer = rx.await;
    let reason = match (answer, watch) {
        (Ok(answer), Some((me, r#ref, _))) => {
            me.demonitor(r#ref, true);
            return Ok(answer);
        }
        (Ok(answer), None) => return Ok(answer),
        // Its reply channel went with it: its `:DOWN` tells why (it is
        // sent after its mailbox, which held the channel, was dropped).
        (Err(_), Some((me, r#ref, since))) => {
            let down = crate::task::reply::down(r#ref);
            Receive::for_task::<()>(me, r#ref, since, down, Timeout::Infinity)
                .await
                .unwrap_or(ExitReason::Noproc)
        }
        (Err(_), None) => ExitReason::Noproc,
    };
    let args = vec![Term::Pid(pid), what, Term::atom("infinity")];
    Err(ExitReason::call(reason, "Elixir.GenServer", "call", args))
}
