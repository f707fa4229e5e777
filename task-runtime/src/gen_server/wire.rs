//! What travels between a client and a server (Elixir's wire protocol): a
//! call is `{:"$gen_call", {pid, [:alias | ref]}, request}`, answered by
//! `{[:alias | ref], reply}` sent to the alias; a cast is
//! `{:"$gen_cast", msg}`. A process written by hand can receive these and
//! answer with [`reply`], and serve [`call`](super::call) that way.

use crate::ExitReason;
use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::runtime::registry;
use crate::{Pid, Ref};
use std::marker::PhantomData;
use std::sync::Arc;

/// The `from` of a call, `{pid, [:alias | ref]}`: who to answer, under
/// which alias. A reply to an alias that is no longer active (the call timed
/// out, or was answered already) is dropped.
pub struct Caller<R> {
    /// The calling process.
    pub pid: Pid,
    /// The alias of the call (also its monitor of the server).
    pub tag: Ref,
    _reply: PhantomData<fn(R)>,
}

impl<R> Caller<R> {
    pub(crate) fn new(pid: Pid, tag: Ref) -> Caller<R> {
        Caller {
            pid,
            tag,
            _reply: PhantomData,
        }
    }

    /// Answers the call: [`reply`].
    pub fn reply(self, value: R)
    where
        R: Send + 'static,
    {
        reply(self, value);
    }
}

impl<R> Clone for Caller<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Caller<R> {}

impl<R> PartialEq for Caller<R> {
    fn eq(&self, other: &Self) -> bool {
        (self.pid, self.tag) == (other.pid, other.tag)
    }
}

impl<R> Inspect for Caller<R> {
    /// `{#PID<..>, [:alias | #Reference<..>]}`.
    fn to_doc(&self) -> Doc {
        let alias = Doc::Concat(vec![
            Doc::text("[:alias | "),
            self.tag.to_doc(),
            Doc::text("]"),
        ]);
        Doc::container("{", vec![self.pid.to_doc(), alias], "}", false)
    }
}

impl_debug_via_inspect!(impl<R> Caller<R>);

/// `GenServer.reply(from, value)`: answers a call, now or later (a server
/// that returned [`CallReturn::NoReply`](super::CallReturn::NoReply), or
/// another process it handed `from` to). The reply goes to the call's
/// alias: dropped if the caller stopped waiting.
pub fn reply<R: Send + 'static>(from: Caller<R>, value: R) {
    if let Some(caller) = registry::get(from.pid) {
        caller.deliver_reply(from.tag, Box::new((from.tag, value)));
    }
}

/// `{:"$gen_call", from, request}`: a call as the server receives it.
#[non_exhaustive]
pub struct GenCall<Q, R> {
    /// Who to answer.
    pub from: Caller<R>,
    /// The request.
    pub request: Q,
    /// The request as the caller printed it for its exit reason, which the
    /// server's crash report reuses (the request is the handler's once
    /// handled): one printing per call, not two.
    pub(crate) printed: Arc<Term>,
}

impl<Q: Inspect, R> Inspect for GenCall<Q, R> {
    fn to_doc(&self) -> Doc {
        let items = vec![
            Doc::text(":\"$gen_call\""),
            self.from.to_doc(),
            self.request.to_doc(),
        ];
        Doc::container("{", items, "}", false)
    }
}

impl_debug_via_inspect!(impl<Q: Inspect, R> GenCall<Q, R>);

/// `{:"$gen_cast", msg}`: a cast as the server receives it.
pub struct GenCast<C>(pub C);

impl<C: Inspect> Inspect for GenCast<C> {
    fn to_doc(&self) -> Doc {
        Doc::container(
            "{",
            vec![Doc::text(":\"$gen_cast\""), self.0.to_doc()],
            "}",
            false,
        )
    }
}

impl_debug_via_inspect!(impl<C: Inspect> GenCast<C>);

/// `GenServer.stop/3`'s request (a system message in OTP): run
/// `terminate/2` with `reason` and exit with it.
pub(crate) struct SysStop {
    pub(crate) reason: ExitReason,
}
