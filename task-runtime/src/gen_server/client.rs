//! The client side: `GenServer.call/3`, `cast/2`, `stop/3`.
//!
//! A call monitors the server under a fresh ref, which is also the call's
//! alias: the reply is delivered only while that monitor is active
//! (`Proc::deliver_reply`), so once the call has returned, timed out or was
//! dropped unfinished, a late reply is dropped, as after Elixir's
//! `alias: :demonitor`. Nothing of the call is left in the mailbox.

use super::Protocol;
use super::address::Address;
use super::wire::{Caller, GenCall, GenCast, SysStop};
use crate::inspect::Term;
use crate::runtime::current::{current_or_stand_in_for, exit_current};
use crate::runtime::proc::{Demonitored, Proc};
use crate::runtime::receive::Receive;
use crate::runtime::signals;
use crate::task::reply::{Outcome, down, reply_or_down};
use crate::{ExitReason, Ref, Timeout, make_ref};
use std::sync::Arc;

/// `GenServer.call(server, request, timeout)`: sends the request and waits
/// for the reply. On failure the **calling process exits**, as in Elixir,
/// with `{reason, {GenServer, :call, [server, request, timeout]}}`:
///
/// | event | `reason` |
/// |---|---|
/// | no reply within `timeout` (Elixir's default: [`Timeout::DEFAULT`]) | `:timeout` |
/// | no such process | `:noproc` |
/// | the server ended first (it crashed, stopped, or was killed) | its exit reason |
/// | `server` is the caller | `:calling_self` |
///
/// A linked server that crashes kills a non-trapping caller first, with the
/// raw reason. [`try_call`] returns the reason instead.
///
/// # Panics
/// Outside any process, on failure (there is no process to exit).
pub async fn call<P: Protocol>(
    server: impl Address<P>,
    request: P::Call,
    timeout: Timeout,
) -> P::Reply {
    match try_call(server, request, timeout).await {
        Ok(reply) => reply,
        Err(reason) => match exit_current(reason).await {},
    }
}

/// [`call`], with the reason the caller would exit with as an `Err` (an
/// Elixir `catch :exit`); the caller keeps running. After a timeout the
/// server's late reply is dropped when it comes.
pub async fn try_call<P: Protocol>(
    server: impl Address<P>,
    request: P::Call,
    timeout: Timeout,
) -> Result<P::Reply, ExitReason> {
    // Another node's process (feature `dist`): the call crosses the wire,
    // boxed so that a local call's future does not grow by it.
    #[cfg(feature = "dist")]
    if let Some(to) = server.remote() {
        return Box::pin(crate::dist::address::call::<P>(to, request, timeout)).await;
    }
    // The request is moved into the message: its term is kept for the exit.
    let printed = Arc::new(Term::of(&request));
    let failed = |reason, printed: Arc<Term>| {
        let request = Arc::unwrap_or_clone(printed);
        let args = vec![server.term(), request, Term::of(&timeout)];
        ExitReason::call(reason, "Elixir.GenServer", "call", args)
    };
    let pid = match server.resolve()? {
        Some(pid) => pid,
        None => return Err(failed(ExitReason::Noproc, printed)),
    };
    let (me, stand_in) = current_or_stand_in_for("gen_server::call");
    let _stand_in = StandIn(stand_in);
    if me.pid == pid {
        return Err(failed(ExitReason::atom("calling_self"), printed));
    }
    let r#ref = make_ref();
    let (since, target) = me.monitor_for_call(pid, r#ref);
    let mut alias = Alias {
        me: Arc::clone(&me),
        r#ref,
        since,
        active: true,
    };
    if let Some(target) = target {
        let call = GenCall::<P::Call, P::Reply> {
            from: Caller::new(me.pid, r#ref),
            request,
            printed: Arc::clone(&printed),
        };
        target.deliver(Box::new(call));
    }
    let matcher = reply_or_down::<P::Reply>(r#ref);
    let wait = Receive::for_task::<P::Reply>(me, r#ref, since, matcher, timeout);
    match wait.then_demonitor(since).await {
        Some(Outcome::Reply(reply)) => {
            alias.active = false;
            Ok(reply)
        }
        Some(Outcome::Down(reason)) => {
            alias.active = false;
            Err(failed(reason, printed))
        }
        // The alias goes with `alias`: a reply queued meanwhile goes too.
        None => Err(failed(ExitReason::atom("timeout"), printed)),
    }
}

/// A call's alias, deactivated when the call ends without its reply or
/// `:DOWN` (a timeout, or the call's future dropped unfinished).
struct Alias {
    me: Arc<Proc>,
    r#ref: Ref,
    since: u64,
    active: bool,
}

impl Drop for Alias {
    fn drop(&mut self) {
        if !self.active {
            return;
        }
        let (undone, reply) = {
            let mut state = self.me.state.lock();
            let undone = Demonitored::take_flushing(&mut state, self.r#ref, self.since);
            (undone, state.mailbox.flush_reply(self.r#ref))
        };
        drop(reply); // a user value: outside the lock
        let _ = undone.finish(self.r#ref);
    }
}

/// The stand-in owner of a call made outside any process, ended with it.
struct StandIn(Option<Arc<Proc>>);

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(stand_in) = self.0.take() {
            stand_in.terminate(&ExitReason::Normal, None);
        }
    }
}

/// `GenServer.cast(server, msg)`: sends `{:"$gen_cast", msg}` and returns at
/// once, whether or not the server exists.
pub fn cast<P: Protocol>(server: impl Address<P>, msg: P::Cast) {
    #[cfg(feature = "dist")]
    if let Some(to) = server.remote() {
        return crate::dist::address::cast::<P>(&to, msg);
    }
    if let Ok(Some(pid)) = server.resolve() {
        signals::send(pid, GenCast(msg));
    }
}

/// `GenServer.stop(server, reason, timeout)`: asks the server to run
/// `terminate/2` and exit with `reason`, and waits until it has. On failure
/// the caller exits with `{reason, {GenServer, :stop, [server, reason,
/// timeout]}}`: `:noproc`, `:timeout` (the server goes on terminating),
/// `:calling_self`, or the other reason the server exited with (an exit in
/// `terminate/2`). Elixir's defaults are `:normal` and `:infinity`.
///
/// # Panics
/// Outside any process, on failure.
pub async fn stop<P: Protocol>(server: impl Address<P>, reason: ExitReason, timeout: Timeout) {
    if let Err(reason) = try_stop(server, reason, timeout).await {
        match exit_current(reason).await {}
    }
}

/// [`stop`], with the reason the caller would exit with as an `Err`.
pub async fn try_stop<P: Protocol>(
    server: impl Address<P>,
    reason: ExitReason,
    timeout: Timeout,
) -> Result<(), ExitReason> {
    #[cfg(feature = "dist")]
    if let Some(to) = server.remote() {
        return Box::pin(crate::dist::address::stop(to, reason, timeout)).await;
    }
    let args = vec![server.term(), reason.to_term(), Term::of(&timeout)];
    let failed = |why| ExitReason::call(why, "Elixir.GenServer", "stop", args);
    let pid = match server.resolve()? {
        Some(pid) => pid,
        None => return Err(failed(ExitReason::Noproc)),
    };
    let (me, stand_in) = current_or_stand_in_for("gen_server::stop");
    let _stand_in = StandIn(stand_in);
    if me.pid == pid {
        return Err(failed(ExitReason::atom("calling_self")));
    }
    let r#ref = make_ref();
    let since = me.state.lock().mailbox.end_seq();
    me.monitor(pid, r#ref);
    signals::send(
        pid,
        SysStop {
            reason: reason.clone(),
        },
    );
    let wait = Receive::for_task::<()>(Arc::clone(&me), r#ref, since, down(r#ref), timeout);
    match wait.await {
        Some(ended) if ended == reason => Ok(()),
        Some(other) => Err(failed(other)),
        None => {
            let _ = me.demonitor_flush_from(r#ref, since);
            Err(failed(ExitReason::atom("timeout")))
        }
    }
}
