//! [`Task`], the handle `Task.async` returns, and what it prints.

use crate::inspect::{Atom, Doc, Inspect, impl_debug_via_inspect, inspect};
use crate::runtime::current::current;
use crate::runtime::proc::Proc;
use crate::{ExitReason, Pid, Ref};
use std::marker::PhantomData;
use std::sync::Arc;

/// The handle of an async task, Elixir's `%Task{}`.
///
/// **Dropping a `Task` does nothing to the task**: like an Elixir task that is
/// never awaited, it keeps running, stays linked to its owner, and its reply
/// lands in the owner's mailbox (where it stays until the owner exits). To
/// stop it, use `shutdown`; to leave it running without a reply, `ignore`.
/// Only the owner (the process that created it) may await it.
///
/// The fields are Elixir's: `owner` (the process that created the task and
/// alone may query it), `pid` (the task's process), `ref` (the monitor
/// reference that also tags the reply) and `mfa`. `Debug` prints
/// `%Task{mfa: {:erlang, :apply, 2}, owner: #PID<..>, pid: #PID<..>, ref: #Reference<..>}`.
///
/// `.await` on a `Task` (its [`IntoFuture`](std::future::IntoFuture)) waits
/// up to 5000 ms like `Task.await/1` but returns the exit reason as an `Err`
/// instead of exiting the caller; [`await_task`](crate::task::await_task) is
/// the exact Elixir behaviour.
#[must_use = "async tasks must always be awaited"]
pub struct Task<T> {
    /// `{module, function, arity}`: `{:erlang, :apply, 2}` for a closure.
    pub mfa: Mfa,
    /// The process that created the task; only it may await it.
    pub owner: Pid,
    /// The task's own process.
    pub pid: Pid,
    /// The monitor reference; replies arrive as `(ref, value)`.
    pub r#ref: Ref,
    /// The stand-in owner of a task created outside any process.
    stand_in: Option<Arc<Proc>>,
    _value: PhantomData<fn() -> T>,
}

impl<T> Task<T> {
    /// The handle of the task `pid`, started by `owner` and replying under
    /// `r#ref`; `stand_in` is `owner` when that is a stand-in (made outside
    /// any process), which then lives as long as the handle.
    pub(crate) fn new(
        mfa: Mfa,
        owner: Pid,
        pid: Pid,
        r#ref: Ref,
        stand_in: Option<Arc<Proc>>,
    ) -> Task<T> {
        Task {
            mfa,
            owner,
            pid,
            r#ref,
            stand_in,
            _value: PhantomData,
        }
    }

    /// The owner's process, if the caller is the owner; Elixir's
    /// `ArgumentError` otherwise.
    pub(crate) fn owner_proc(&self) -> Result<Arc<Proc>, ExitReason> {
        match (&self.stand_in, current()) {
            (Some(stand_in), None) => Ok(Arc::clone(stand_in)),
            (None, Some(me)) if me.pid == self.owner => Ok(me),
            (_, me) => Err(ExitReason::argument_error(format!(
                "task {} must be queried from the owner but was queried from {:?}",
                inspect(self),
                me.map_or(Pid::OUTSIDE, |p| p.pid)
            ))),
        }
    }
}

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        // A stand-in owner lives exactly as long as its handle: it exits
        // `:normal` (which its link ignores) and its pending reply is void.
        if let Some(stand_in) = self.stand_in.take() {
            stand_in.terminate(&ExitReason::Normal, None);
        }
    }
}

impl<T> Inspect for Task<T> {
    fn to_doc(&self) -> Doc {
        let field = |name: &'static str, doc: Doc| Doc::Concat(vec![Doc::text(name), doc]);
        let fields = vec![
            field("mfa: ", self.mfa.to_doc()),
            field("owner: ", self.owner.to_doc()),
            field("pid: ", self.pid.to_doc()),
            field("ref: ", self.r#ref.to_doc()),
        ];
        Doc::container("%Task{", fields, "}", true)
    }
}

impl_debug_via_inspect!(impl<T> Task<T>);

/// `{module, function, arity}` of a task's function.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Mfa {
    /// The module: `:erlang`, or a Rust path such as `my_app::billing`.
    pub module: Atom,
    /// The function name.
    pub function: Atom,
    /// The number of arguments.
    pub arity: usize,
}

impl Mfa {
    /// `{:erlang, :apply, 2}`: what Elixir records for every anonymous function.
    pub const APPLY: Mfa = Mfa {
        module: Atom::new("erlang"),
        function: Atom::new("apply"),
        arity: 2,
    };
}

impl Inspect for Mfa {
    fn to_doc(&self) -> Doc {
        let items = vec![
            self.module.to_doc(),
            self.function.to_doc(),
            self.arity.to_doc(),
        ];
        Doc::container("{", items, "}", false)
    }
}

impl_debug_via_inspect!(Mfa);

/// What `Task.yield/2` and friends report for a finished task:
/// `{:ok, value}` or `{:exit, reason}`.
#[derive(Clone, PartialEq)]
pub enum TaskResult<T> {
    /// `{:ok, value}`: the task replied.
    Ok(T),
    /// `{:exit, reason}`: the task ended without replying.
    Exit(ExitReason),
}

impl<T> TaskResult<T> {
    /// `Ok(value)` or `Err(reason)`.
    pub fn into_result(self) -> Result<T, ExitReason> {
        match self {
            TaskResult::Ok(v) => Ok(v),
            TaskResult::Exit(r) => Err(r),
        }
    }
}

impl<T: Inspect> Inspect for TaskResult<T> {
    fn to_doc(&self) -> Doc {
        let (tag, doc) = match self {
            TaskResult::Ok(v) => (":ok", v.to_doc()),
            TaskResult::Exit(r) => (":exit", r.to_doc()),
        };
        Doc::container("{", vec![Doc::text(tag), doc], "}", false)
    }

    /// Lists of results print as keyword lists: `[ok: 1, exit: :bad]`.
    fn keyword_pair(&self) -> Option<(String, Doc)> {
        Some(match self {
            TaskResult::Ok(v) => ("ok".to_owned(), v.to_doc()),
            TaskResult::Exit(r) => ("exit".to_owned(), r.to_doc()),
        })
    }
}

impl_debug_via_inspect!(impl<T: Inspect> TaskResult<T>);
