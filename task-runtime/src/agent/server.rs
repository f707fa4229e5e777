//! The agent's GenServer: its state, and the functions it runs on it.

use crate::gen_server::{CallReturn, Caller, GenServer, Init, Protocol, Return};
use crate::inspect::{Doc, Inspect};
use std::any::Any;

/// A value a function returned inside the agent, on its way to the caller.
pub(crate) type Answer = Box<dyn Any + Send>;

type GetFn<S> = Box<dyn FnOnce(&S) -> Answer + Send>;
type UpdateFn<S> = Box<dyn FnOnce(&mut S) + Send>;
type GetAndUpdateFn<S> = Box<dyn FnOnce(&mut S) -> Answer + Send>;

/// An agent's call, as `Agent` sends it: `{:get, fun}`, `{:update, fun}`,
/// `{:get_and_update, fun}`.
pub(crate) enum Request<S> {
    Get(GetFn<S>),
    Update(UpdateFn<S>),
    GetAndUpdate(GetAndUpdateFn<S>),
}

/// `{:cast, fun}`.
pub(crate) struct CastFn<S>(pub(crate) UpdateFn<S>);

/// A function as Elixir prints an anonymous one.
fn function() -> Doc {
    Doc::text("#Function<anonymous fn/1>")
}

impl<S> Inspect for Request<S> {
    fn to_doc(&self) -> Doc {
        let tag = match self {
            Request::Get(_) => ":get",
            Request::Update(_) => ":update",
            Request::GetAndUpdate(_) => ":get_and_update",
        };
        Doc::container("{", vec![Doc::text(tag), function()], "}", false)
    }
}

impl<S> Inspect for CastFn<S> {
    fn to_doc(&self) -> Doc {
        Doc::container("{", vec![Doc::text(":cast"), function()], "}", false)
    }
}

/// The agent process's state: the user's value, and how it is made.
pub(crate) struct AgentServer<S> {
    pub(crate) state: S,
}

/// `init/1`'s argument: the function that makes the state.
pub(crate) struct Make<S>(pub(crate) Box<dyn FnOnce() -> S + Send>);

impl<S> Make<S> {
    pub(crate) fn new(make: impl FnOnce() -> S + Send + 'static) -> Make<S> {
        Make(Box::new(make))
    }
}

impl<S: Inspect> Inspect for AgentServer<S> {
    fn to_doc(&self) -> Doc {
        self.state.to_doc()
    }
}

impl<S: Send + Inspect + 'static> Protocol for AgentServer<S> {
    type Call = Request<S>;
    type Reply = Answer;
    type Cast = CastFn<S>;
}

impl<S: Send + Inspect + 'static> GenServer for AgentServer<S> {
    type Arg = Make<S>;
    type Info = ();
    type Continue = ();

    async fn init(make: Make<S>) -> Init<Self> {
        Init::Ok(AgentServer { state: (make.0)() })
    }

    async fn handle_call(&mut self, request: Request<S>, _: Caller<Answer>) -> CallReturn<Self> {
        CallReturn::Reply(match request {
            Request::Get(fun) => fun(&self.state),
            Request::Update(fun) => {
                fun(&mut self.state);
                Box::new(())
            }
            Request::GetAndUpdate(fun) => fun(&mut self.state),
        })
    }

    async fn handle_cast(&mut self, CastFn(fun): CastFn<S>) -> Return<Self> {
        fun(&mut self.state);
        Return::NoReply
    }
}
