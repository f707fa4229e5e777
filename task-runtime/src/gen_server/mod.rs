//! Elixir's `GenServer`: a process that keeps a state and answers calls,
//! casts and plain messages one at a time, through the callbacks of the
//! [`GenServer`] trait.
//!
//! A server's type **is** its state: `init` makes it from the start
//! argument, and every callback gets it as `&mut self`, so Elixir's return
//! tuples lose their state element: `{:reply, r, s}` is
//! [`CallReturn::Reply`]`(r)`, `{:noreply, s, {:continue, c}}` is
//! [`Return::NoReplyThen`]`(`[`Extra::Continue`]`(c))`.
//!
//! Messages are typed: a server takes calls of [`Protocol::Call`] (answered
//! with a [`Protocol::Reply`]), casts of [`Protocol::Cast`], and plain
//! messages of [`GenServer::Info`]; any other message reaches `handle_info`
//! as [`Info::Other`], as Elixir's `handle_info/2` sees everything.
//!
//! | Elixir | Rust |
//! |---|---|
//! | `GenServer.start_link(M, arg)` → `{:ok, pid}` | [`start_link::<M>(arg, StartOptions::new())`](start_link) → `Ok(Server<M>)` |
//! | `GenServer.call(s, req, 5000)` | [`call(&s, req, Timeout::DEFAULT)`](call) (exits the caller on failure); [`try_call`] returns the reason |
//! | `GenServer.call({name, node}, req)` (feature `dist`) | `call(("name", "node@host"), req, Timeout::DEFAULT)`: requests and replies are `Term`s |
//! | `GenServer.cast(s, msg)` | [`cast(&s, msg)`](cast) |
//! | `GenServer.reply(from, v)` | [`reply(from, v)`](reply), `from` a [`Caller`] |
//! | `GenServer.stop(s, reason, timeout)` | [`stop(&s, reason, timeout)`](stop); [`try_stop`] |
//!
//! In a supervision tree, a server is a child whose start function runs
//! `start_link` in the supervisor (its parent) and answers its pid:
//! `|| async { gen_server::start_link::<S>(arg(), opts.clone()).await.map(|s| s.pid()) }`
//! (`Err(StartError::Ignore)` is the child's `:ignore`, `Err(Error(r))` its
//! `{:error, r}`). A server that traps exits runs `terminate/2` when its
//! supervisor stops it (`:shutdown` from the parent), as in Elixir.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use task_runtime::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Return};
//! use task_runtime::inspect::{Doc, Inspect};
//! use task_runtime::Timeout;
//!
//! struct Counter(i64);
//! impl Inspect for Counter {
//!     fn to_doc(&self) -> Doc { self.0.to_doc() }
//! }
//! impl Protocol for Counter {
//!     type Call = ();        // "what is the count?"
//!     type Reply = i64;
//!     type Cast = i64;       // "add this"
//! }
//! impl GenServer for Counter {
//!     type Arg = i64;
//!     type Info = ();
//!     type Continue = ();
//!     async fn init(start: i64) -> Init<Self> {
//!         Init::Ok(Counter(start))
//!     }
//!     async fn handle_call(&mut self, _: (), _: Caller<i64>) -> CallReturn<Self> {
//!         CallReturn::Reply(self.0)
//!     }
//!     async fn handle_cast(&mut self, n: i64) -> Return<Self> {
//!         self.0 += n;
//!         Return::NoReply
//!     }
//! }
//!
//! # task_runtime::root::spawn_root(async {
//! let counter = gen_server::start_link::<Counter>(40, Default::default()).await.unwrap();
//! gen_server::cast(&counter, 2);
//! assert_eq!(gen_server::call(&counter, (), Timeout::DEFAULT).await, 42);
//! # }).await.unwrap();
//! # }
//! ```

pub(crate) mod address;
mod child_spec;
mod client;
mod report;
mod returns;
mod server;
mod start;
pub(crate) mod wire;

pub use address::{Address, Named, Server};
pub use child_spec::child_spec;
pub(crate) use child_spec::started;
pub use client::{call, cast, stop, try_call, try_stop};
pub use returns::{CallReturn, Extra, Info, Init, Return};
pub use start::{StartError, StartOptions, start, start_link};
pub use wire::{Caller, GenCall, GenCast, reply};

use crate::ExitReason;
use crate::inspect::Inspect;
use std::future::Future;

/// The messages a server takes from its clients: what [`call`] sends and
/// answers, what [`cast`] sends. Every [`GenServer`] has one; a process
/// written by hand that serves calls ([`GenCall`]) can have one too, so that
/// a [`Server`] handle to it is typed (`Server::<Echo>::from_pid(pid)`).
pub trait Protocol: 'static {
    /// A call's request (printed in a failed call's exit reason and in the
    /// crash report, hence `Inspect`).
    type Call: Send + Inspect + 'static;
    /// A call's reply.
    type Reply: Send + 'static;
    /// A cast's message.
    type Cast: Send + Inspect + 'static;
}

/// A GenServer's callbacks; the implementing type is the server's state.
///
/// Only `init` is required. The defaults are Elixir's `use GenServer`
/// defaults: a call or a cast the server does not handle crashes it
/// (`attempted to call GenServer #PID<..> but no handle_call/3 clause was
/// provided`); an unexpected message is logged and the server goes on;
/// `terminate` does nothing. A callback that panics, or calls
/// [`exit_self`](crate::process::exit_self), stops the server with that
/// reason: `terminate` runs, the crash is reported (`GenServer #PID<..>
/// terminating`), and the server exits. A [`throw`](crate::process::throw)
/// inside a callback is, as in Elixir, its return value: a thrown term is
/// never one of these typed returns, so the server stops with
/// `{:bad_return_value, term}`.
///
/// The callbacks are `async`: write them as `async fn` in the impl; their
/// futures must be `Send`.
pub trait GenServer: Protocol + Inspect + Send + Sized {
    /// `init/1`'s argument.
    type Arg: Send + 'static;
    /// The plain messages the server expects (`handle_info/2`); other types
    /// arrive as [`Info::Other`].
    type Info: Send + Inspect + 'static;
    /// The `c` of `{:continue, c}`.
    type Continue: Send + Inspect + 'static;

    /// `init/1`: runs in the new process; `start_link` returns once it has.
    fn init(arg: Self::Arg) -> impl Future<Output = Init<Self>> + Send;

    /// `handle_call/3`: a call's request and the [`Caller`] to answer
    /// (now through the return value, or later through [`reply`]).
    fn handle_call(
        &mut self,
        request: Self::Call,
        from: Caller<Self::Reply>,
    ) -> impl Future<Output = CallReturn<Self>> + Send {
        let _ = (request, from);
        async { server::no_clause("call", "handle_call/3") }
    }

    /// `handle_cast/2`.
    fn handle_cast(&mut self, msg: Self::Cast) -> impl Future<Output = Return<Self>> + Send {
        let _ = msg;
        async { server::no_clause("cast", "handle_cast/2") }
    }

    /// `handle_info/2`: plain messages, `:timeout`, `{:EXIT, ..}` (when
    /// trapping exits, except the parent's) and `:DOWN`s. The default logs
    /// `Module #PID<..> received unexpected message in handle_info/2: msg`
    /// and goes on.
    fn handle_info(&mut self, msg: Info<Self::Info>) -> impl Future<Output = Return<Self>> + Send {
        async move {
            server::unexpected::<Self>(&msg);
            Return::NoReply
        }
    }

    /// `handle_continue/2`: runs right after the callback that returned
    /// `{:continue, c}`, before any message.
    fn handle_continue(&mut self, c: Self::Continue) -> impl Future<Output = Return<Self>> + Send {
        let _ = c;
        async { server::no_clause("continue", "handle_continue/2") }
    }

    /// `terminate/2`: runs when the server stops by a callback's return, a
    /// crash in a callback, [`stop`], or its parent's exit while it traps
    /// exits; never when an exit signal kills it.
    fn terminate(&mut self, reason: &ExitReason) -> impl Future<Output = ()> + Send {
        let _ = reason;
        async {}
    }
}
