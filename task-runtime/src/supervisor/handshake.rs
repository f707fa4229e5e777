//! The start of a supervised async task: it waits for its owner's go-ahead,
//! as Elixir's `Task.Supervised` waits for its job.

use crate::runtime::current::{current, raise};
use crate::runtime::receive::Receive;
use crate::task::reply::down_reason;
use crate::{ExitReason, Pid, Timeout, make_ref};
use std::future::Future;
use std::sync::Arc;

/// The go-ahead a supervised async task waits for: its owner has linked to
/// it (if asked) and monitors it.
pub(crate) struct Go;

/// Runs `body` once [`Go`] arrives. While waiting, the task watches `owner`:
/// if the owner dies first the task exits `{:shutdown, owner_reason}`; with
/// no go-ahead within 5000 ms it exits `:timeout`.
pub(crate) async fn after_go<F>(owner: Pid, body: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let me = current().expect("a supervised task runs in a process");
    let watch = make_ref();
    me.monitor(owner, watch);
    let matcher = |msg: &mut crate::Message| {
        if msg.is::<Go>() {
            Some(None)
        } else {
            down_reason(msg, watch).map(Some)
        }
    };
    match Receive::runtime(Arc::clone(&me), matcher, Timeout::DEFAULT).await {
        Some(None) => {
            me.demonitor(watch, true);
            drop(me);
            body.await;
        }
        Some(Some(reason)) => raise(ExitReason::ShutdownWith(reason.to_term())).await,
        None => raise(ExitReason::atom("timeout")).await,
    }
}
