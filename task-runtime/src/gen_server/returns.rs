//! The callbacks' return values: Elixir's tuples without their state
//! element (the state is the server itself, changed in place).

use super::GenServer;
use crate::inspect::{Doc, Inspect};
use crate::messages::{Down, Exit, Message};
use crate::{ExitReason, Timeout};

/// What `init/1` returns.
pub enum Init<S: GenServer> {
    /// `{:ok, s}`: `start_link` returns `{:ok, pid}` and the server loops.
    Ok(S),
    /// `{:ok, s, extra}`: a timeout, `:hibernate` or `{:continue, c}` first.
    OkThen(S, Extra<S::Continue>),
    /// `:ignore`: `start_link` returns `:ignore`, the server exits `:normal`.
    Ignore,
    /// `{:stop, reason}`: `start_link` returns `{:error, reason}`, the server
    /// exits with `reason` (no `terminate/2`).
    Stop(ExitReason),
}

/// What `handle_call/3` returns.
pub enum CallReturn<S: GenServer> {
    /// `{:reply, r, s}`.
    Reply(S::Reply),
    /// `{:reply, r, s, extra}`: the reply is sent, then `extra` applies.
    ReplyThen(S::Reply, Extra<S::Continue>),
    /// `{:noreply, s}`: the caller waits; answer it later with
    /// [`reply`](super::reply).
    NoReply,
    /// `{:noreply, s, extra}`.
    NoReplyThen(Extra<S::Continue>),
    /// `{:stop, reason, r, s}`: `terminate/2` runs, then the reply is sent
    /// and the server exits with `reason`.
    Stop(ExitReason, S::Reply),
    /// `{:stop, reason, s}`: the caller exits with `{reason, {GenServer,
    /// :call, ..}}` (unless it is answered by [`reply`](super::reply) first).
    StopNoReply(ExitReason),
}

/// What `handle_cast/2`, `handle_info/2` and `handle_continue/2` return.
pub enum Return<S: GenServer> {
    /// `{:noreply, s}`.
    NoReply,
    /// `{:noreply, s, extra}`.
    NoReplyThen(Extra<S::Continue>),
    /// `{:stop, reason, s}`.
    Stop(ExitReason),
}

/// The optional last element of a return: what the server does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Extra<C> {
    /// A timeout: `handle_info(:timeout, s)` ([`Info::Timeout`]) if no
    /// message comes within it; any message cancels it.
    Timeout(Timeout),
    /// `:hibernate`: accepted, and a no-op (a Rust process has no heap to
    /// compact).
    Hibernate,
    /// `{:continue, c}`: `handle_continue(c, s)` before the next message.
    Continue(C),
}

/// A message `handle_info/2` gets.
pub enum Info<M> {
    /// A message of the server's [`GenServer::Info`] type.
    Msg(M),
    /// `:timeout`: the timeout of a return passed without a message.
    Timeout,
    /// `{:EXIT, pid, reason}` from a process other than the parent (the
    /// server traps exits).
    Exit(Exit),
    /// `{:DOWN, ref, :process, pid, reason}` of a monitor the server holds.
    Down(Down),
    /// A message of any other type, as it was sent.
    Other(Message),
}

impl<M: Inspect> Inspect for Info<M> {
    fn to_doc(&self) -> Doc {
        match self {
            Info::Msg(m) => m.to_doc(),
            Info::Timeout => Doc::text(":timeout"),
            Info::Exit(e) => e.to_doc(),
            Info::Down(d) => d.to_doc(),
            // A `Box<dyn Any>` cannot be printed: say what it is.
            Info::Other(_) => Doc::text("#Message<a value of another type>"),
        }
    }
}

impl<M: Inspect> std::fmt::Debug for Info<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::inspect::inspect(self))
    }
}

impl<C: Inspect> Extra<C> {
    /// `{:continue, c}` as the crash report's "Last message".
    pub(crate) fn continue_doc(c: &C) -> ContinueMsg<'_, C> {
        ContinueMsg(c)
    }
}

/// `{:continue, c}`, printed.
pub(crate) struct ContinueMsg<'a, C>(&'a C);

impl<C: Inspect> Inspect for ContinueMsg<'_, C> {
    fn to_doc(&self) -> Doc {
        Doc::container(
            "{",
            vec![Doc::text(":continue"), self.0.to_doc()],
            "}",
            false,
        )
    }
}

macro_rules! debug_by_variant {
    ($ty:ident { $($variant:ident $(($($field:ident),*))?),* }) => {
        impl<S: GenServer> std::fmt::Debug for $ty<S> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $($ty::$variant $(($($field),*))? => {
                        $($(let _ = $field;)*)?
                        f.write_str(stringify!($variant))
                    })*
                }
            }
        }
    };
}

debug_by_variant!(Init { Ok(s), OkThen(s, e), Ignore, Stop(r) });
debug_by_variant!(CallReturn { Reply(r), ReplyThen(r, e), NoReply, NoReplyThen(e), Stop(r, v), StopNoReply(r) });
debug_by_variant!(Return { NoReply, NoReplyThen(e), Stop(r) });
