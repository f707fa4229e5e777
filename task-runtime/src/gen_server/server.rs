//! The server process: `init`, then one message at a time through the
//! callbacks, until a callback stops it, crashes, or it is stopped.
//!
//! Each callback runs guarded ([`guarded`]): a panic, or an `exit/1` of the
//! server's own code, becomes the callback's failure instead of ending the
//! process on the spot, so that `terminate/2` runs and the crash report
//! (`report.rs`) is written before the server exits, as `gen_server` does.

use super::report::{self, Last};
use super::returns::{CallReturn, Extra, Info, Init, Return};
use super::start::Ack;
use super::wire::{Caller, GenCall, GenCast, SysStop, reply};
use super::{GenServer, StartError};
use crate::inspect::{Inspect, Term};
use crate::messages::{Down, Exit, Message};
use crate::process::Name;
use crate::runtime::current::{current, exit_current};
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::report::{PanicSite, panic_reason, take_panic_site};
use crate::{ExitReason, Pid, Ref, Thrown, Timeout};
use futures::FutureExt;
use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

/// How a callback failed: its exit reason, and where it panicked.
pub(crate) struct Failed {
    pub(crate) reason: ExitReason,
    pub(crate) site: Option<PanicSite>,
}

/// Runs one callback of the server `me`: its value, or the reason it failed
/// with (a panic, a throw, or the server's own `exit/1`). An exit signal
/// from another process is left pending: the process ends at once.
pub(crate) async fn guarded<F: Future>(me: &Proc, fut: F) -> Result<F::Output, Failed> {
    let mut fut = pin!(AssertUnwindSafe(fut).catch_unwind());
    poll_fn(|cx| match fut.as_mut().poll(cx) {
        Poll::Ready(Ok(value)) => Poll::Ready(Ok(value)),
        Poll::Ready(Err(panic)) => {
            let site = take_panic_site();
            // A thrown value is the callback's return value, and never one
            // of the typed returns: `{:bad_return_value, v}`.
            let reason = match panic.downcast_ref::<Thrown>() {
                Some(Thrown(value)) => bad_return(value.clone()),
                None => panic_reason(&*panic),
            };
            // The payload is the user's value: its `Drop` may panic too.
            let _ = catch_unwind(AssertUnwindSafe(|| drop(panic)));
            Poll::Ready(Err(Failed { reason, site }))
        }
        // The flag first: no lock unless an exit is pending.
        Poll::Pending if !me.is_exiting() => Poll::Pending,
        Poll::Pending => match me.take_own_exit() {
            Some(reason) => Poll::Ready(Err(Failed { reason, site: None })),
            None => Poll::Pending,
        },
    })
    .await
}

/// A message as the crash report will show it. `Inspect` is user code: a
/// panic in it leaves a placeholder rather than ending the server outside
/// its callbacks (without `terminate/2` or a report).
fn printed<T: Inspect + ?Sized>(value: &T) -> Term {
    catch_unwind(AssertUnwindSafe(|| Term::of(value))).unwrap_or_else(|_| Term::atom("unprintable"))
}

/// `{:bad_return_value, v}`.
pub(crate) fn bad_return(value: Term) -> ExitReason {
    ExitReason::Term(Term::tuple([Term::atom("bad_return_value"), value]))
}

/// The default of a callback the server does not define: Elixir's
/// `RuntimeError`.
pub(crate) fn no_clause(verb: &str, callback: &str) -> ! {
    let pid = crate::process::self_pid();
    panic!("attempted to {verb} GenServer {pid:?} but no {callback} clause was provided")
}

/// The default `handle_info/2`: logs the message and goes on.
pub(crate) fn unexpected<S: GenServer>(msg: &Info<S::Info>) {
    report::unexpected::<S>(msg);
}

/// One message as the server sees it.
enum Event<S: GenServer> {
    Call(GenCall<S::Call, S::Reply>),
    Cast(S::Cast),
    Info(Info<S::Info>),
    Continue(S::Continue),
    Stop(ExitReason),
    ParentExit(ExitReason),
}

fn take_any(msg: &mut Message) -> Option<Message> {
    // `Box<()>` allocates nothing: the slot is removed right after.
    Some(std::mem::replace(msg, Box::new(())))
}

/// Sorts a message by its type; the parent's `{:EXIT, ..}` (the server
/// traps exits) is not `handle_info`'s.
fn classify<S: GenServer>(msg: Message, parent: Option<Pid>) -> Event<S> {
    let msg = match msg.downcast::<GenCall<S::Call, S::Reply>>() {
        Ok(call) => return Event::Call(*call),
        Err(msg) => msg,
    };
    let msg = match msg.downcast::<GenCast<S::Cast>>() {
        Ok(cast) => return Event::Cast(cast.0),
        Err(msg) => msg,
    };
    let msg = match msg.downcast::<SysStop>() {
        Ok(stop) => return Event::Stop(stop.reason),
        Err(msg) => msg,
    };
    if let Some(exit) = msg.downcast_ref::<Exit>()
        && Some(exit.from) == parent
    {
        return Event::ParentExit(exit.reason.clone());
    }
    let msg = match msg.downcast::<S::Info>() {
        Ok(info) => return Event::Info(Info::Msg(*info)),
        Err(msg) => msg,
    };
    let msg = match msg.downcast::<Exit>() {
        Ok(exit) => return Event::Info(Info::Exit(*exit)),
        Err(msg) => msg,
    };
    match msg.downcast::<Down>() {
        Ok(down) => Event::Info(Info::Down(*down)),
        Err(msg) => Event::Info(Info::Other(msg)),
    }
}

/// The server's code: `init`, the answer to the starter, the loop.
pub(crate) async fn run<S: GenServer>(
    arg: S::Arg,
    parent: Option<Pid>,
    starter: Arc<Proc>,
    r#ref: Ref,
    name: Option<Name>,
) {
    let me = current().expect("a server runs in a process");
    let ack = |answer: Ack| starter.deliver_reply(r#ref, Box::new((r#ref, answer)));
    let (state, next) = match guarded(&me, S::init(arg)).await {
        Ok(Init::Ok(state)) => (state, None),
        Ok(Init::OkThen(state, extra)) => (state, Some(extra)),
        Ok(Init::Ignore) => return ack(Err(StartError::Ignore)),
        // Not logged (Elixir logs a failed init only with SASL reports).
        Ok(Init::Stop(reason)) | Err(Failed { reason, .. }) => {
            ack(Err(StartError::Error(reason.clone())));
            match exit_current(reason).await {}
        }
    };
    ack(Ok(()));
    drop(starter);
    Running {
        me,
        parent,
        name,
        state,
    }
    .serve(next)
    .await
}

struct Running<S> {
    me: Arc<Proc>,
    parent: Option<Pid>,
    /// The `name:` it was started with: its crash report names it so.
    name: Option<Name>,
    state: S,
}

impl<S: GenServer> Running<S> {
    /// The next message (a plain future: `S` need not be `Sync`).
    fn receive(&self, timeout: Timeout) -> Receive<fn(&mut Message) -> Option<Message>> {
        Receive::runtime(Arc::clone(&self.me), take_any, timeout)
    }

    async fn serve(mut self, mut next: Option<Extra<S::Continue>>) {
        loop {
            let event = match next.take() {
                Some(Extra::Continue(c)) => Event::Continue(c),
                Some(Extra::Timeout(t)) if t != Timeout::Infinity => match self.receive(t).await {
                    Some(msg) => classify::<S>(msg, self.parent),
                    None => Event::Info(Info::Timeout),
                },
                _ => match self.receive(Timeout::Infinity).await {
                    Some(msg) => classify::<S>(msg, self.parent),
                    None => continue,
                },
            };
            next = match event {
                Event::Call(call) => self.call(call).await,
                Event::Cast(msg) => {
                    let last = Last::Plain(printed(&GenCast(&msg)));
                    let done = guarded(&self.me, self.state.handle_cast(msg)).await;
                    self.returned(done, last).await
                }
                Event::Info(msg) => {
                    let last = Last::Plain(printed(&msg));
                    let done = guarded(&self.me, self.state.handle_info(msg)).await;
                    self.returned(done, last).await
                }
                Event::Continue(c) => {
                    let last = Last::Plain(printed(&Extra::<S::Continue>::continue_doc(&c)));
                    let done = guarded(&self.me, self.state.handle_continue(c)).await;
                    self.returned(done, last).await
                }
                Event::Stop(reason) => match self.stop(reason, None, Last::Nothing, None).await {},
                Event::ParentExit(reason) => {
                    let from = self.parent.unwrap_or(Pid::OUTSIDE);
                    let exit = Exit {
                        from,
                        reason: reason.clone(),
                    };
                    match self
                        .stop(reason, None, Last::Plain(Term::of(&exit)), None)
                        .await {}
                }
            };
        }
    }

    async fn call(&mut self, call: GenCall<S::Call, S::Reply>) -> Option<Extra<S::Continue>> {
        let GenCall {
            from,
            request,
            printed,
        } = call;
        let last = Last::Call {
            from: from.pid,
            request: printed,
        };
        match guarded(&self.me, self.state.handle_call(request, from)).await {
            Ok(CallReturn::Reply(value)) => {
                reply(from, value);
                None
            }
            Ok(CallReturn::ReplyThen(value, extra)) => {
                reply(from, value);
                Some(extra)
            }
            Ok(CallReturn::NoReply) => None,
            Ok(CallReturn::NoReplyThen(extra)) => Some(extra),
            Ok(CallReturn::Stop(reason, value)) => {
                match self.stop(reason, Some((from, value)), last, None).await {}
            }
            Ok(CallReturn::StopNoReply(reason)) => {
                match self.stop(reason, None, last, None).await {}
            }
            Err(Failed { reason, site }) => match self.stop(reason, None, last, site).await {},
        }
    }

    /// What a cast, info or continue callback's return means.
    async fn returned(
        &mut self,
        done: Result<Return<S>, Failed>,
        last: Last,
    ) -> Option<Extra<S::Continue>> {
        match done {
            Ok(Return::NoReply) => None,
            Ok(Return::NoReplyThen(extra)) => Some(extra),
            Ok(Return::Stop(reason)) => match self.stop(reason, None, last, None).await {},
            Err(Failed { reason, site }) => match self.stop(reason, None, last, site).await {},
        }
    }

    /// `gen_server`'s terminate: `terminate/2` (whose own exit replaces the
    /// reason), the report, the reply of `{:stop, r, reply, s}`, the exit.
    async fn stop(
        &mut self,
        reason: ExitReason,
        answer: Option<(Caller<S::Reply>, S::Reply)>,
        last: Last,
        site: Option<PanicSite>,
    ) -> Infallible {
        let (reason, site) = match guarded(&self.me, self.state.terminate(&reason)).await {
            Ok(()) => (reason, site),
            Err(failed) => (failed.reason, failed.site),
        };
        if !reason.is_orderly() {
            report::terminating(
                self.me.pid,
                self.name.as_ref(),
                &reason,
                site,
                &last,
                &self.state,
            );
        }
        if let Some((from, value)) = answer {
            reply(from, value);
        }
        exit_current(reason).await
    }
}
