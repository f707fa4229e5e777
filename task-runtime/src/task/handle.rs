//! [`Task`], the handle `Task.async` returns, and what it prints.

use super::reply::{Outcome, reply_or_down};
use crate::inspect::{Atom, Doc, Inspect, impl_debug_via_inspect, inspect};
use crate::messages::Down;
use crate::runtime::current::current;
use crate::runtime::proc::{Demonitored, Proc};
use crate::runtime::receive::{Matcher, Wait};
use crate::runtime::registry;
use crate::{ExitReason, Pid, Ref, Timeout};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

/// The handle of an async task, Elixir's `%Task{}`, and a future of its
/// result.
///
/// **Dropping a `Task` does nothing to the task**: like an Elixir task that is
/// never awaited, it keeps running, stays linked to its owner, and its reply
/// and `:DOWN` arrive in the owner's mailbox as messages, for a receive that
/// matches `(ref, value)` and `Down` (Elixir's pattern for a server that
/// keeps only `task.ref`). To stop it, use `shutdown`; to leave it running
/// without a reply, `ignore`. Only the owner (the process that created it)
/// may await it.
///
/// **A wait that is dropped leaves nothing behind**: once an await has
/// started (`.await` polled, [`try_await`](Task::try_await),
/// [`await_task`](crate::task::await_task)) and its future is dropped
/// unfinished (it lost a `select!`, a `tokio::time::timeout` ran out), the
/// task runs on but its reply is dropped when it comes and its `:DOWN` never
/// comes (those already queued are removed), as Elixir deactivates the
/// reply alias after a caught `Task.await` timeout.
///
/// **`Task<T>` is a future**: `.await` waits until the task ends, as a
/// tokio `JoinHandle` does, and returns its value, or the reason it ended
/// without replying as an `Err` (`{reason, {Task, :await, [task,
/// :infinity]}}`); the caller keeps running. So `join_all(tasks)`,
/// `FuturesUnordered::from_iter(tasks)`, `select!` and
/// `tokio::time::timeout(d, task)` take tasks as they are, and any number of
/// them can be pending at once in one process: each wakes when its own reply
/// arrives. Elixir's 5000 ms default is on [`await_task`](crate::task::await_task)
/// (and `task!(await t)`), which also exits the caller as Elixir does.
///
/// A task is awaited by its owner: polled in the owner's code (directly, or
/// through any combinator there), or for a task made outside any process,
/// anywhere. Polled from another process or a bare `tokio::spawn`ed task,
/// it returns at once the `ArgumentError` of Elixir's owner check as an
/// `Err` rather than waiting.
///
/// The fields are Elixir's: `owner` (the process that created the task and
/// alone may query it), `pid` (the task's process), `ref` (the monitor
/// reference that also tags the reply) and `mfa`. `Debug` prints
/// `%Task{mfa: {:erlang, :apply, 2}, owner: #PID<..>, pid: #PID<..>, ref: #Reference<..>}`.
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
    /// The owner's mailbox position when the task was made: messages before
    /// it cannot hold the task's ref, so a wait for a hand-sent reply need
    /// not look at them (Erlang's receive-marker trick).
    pub(crate) since: u64,
    /// The wait of `.await`, once polled.
    wait: Option<Wait>,
    /// The reply and `:DOWN` are dealt with (taken, or the monitor removed):
    /// dropping the handle has nothing left to deactivate.
    settled: AtomicBool,
    /// An await started on the handle (it is inside an await's future):
    /// dropped unfinished, it deactivates the reply.
    awaiting: bool,
    _value: PhantomData<fn() -> T>,
}

impl<T> Task<T> {
    /// The handle of the task `pid`, started by `owner` and replying under
    /// `r#ref`; `stand_in` is `owner` when that is a stand-in (made outside
    /// any process), which then lives as long as the handle.
    ///
    /// Called by the owner (or right after making its stand-in), before
    /// anybody but the runtime can know `r#ref`.
    pub(crate) fn new(
        mfa: Mfa,
        owner: Pid,
        pid: Pid,
        r#ref: Ref,
        stand_in: Option<Arc<Proc>>,
    ) -> Task<T> {
        let since = match stand_in.clone().or_else(current) {
            Some(proc) if proc.pid == owner => proc.state.lock().mailbox.end_seq(),
            _ => 0,
        };
        Task::made_at(mfa, owner, pid, r#ref, stand_in, since)
    }

    /// [`Task::new`] with the owner's mailbox position `since` at hand.
    pub(crate) fn made_at(
        mfa: Mfa,
        owner: Pid,
        pid: Pid,
        r#ref: Ref,
        stand_in: Option<Arc<Proc>>,
        since: u64,
    ) -> Task<T> {
        Task {
            mfa,
            owner,
            pid,
            r#ref,
            stand_in,
            since,
            wait: None,
            settled: AtomicBool::new(false),
            awaiting: false,
            _value: PhantomData,
        }
    }

    /// Marks the handle as inside an await: if it is dropped before the
    /// await finishes, its reply is deactivated.
    pub(crate) fn start_await(&mut self) {
        self.awaiting = true;
    }

    /// Marks the reply and `:DOWN` as dealt with.
    pub(crate) fn settle(&self) {
        self.settled.store(true, Ordering::Relaxed);
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
        // The wait's waker goes first (its own lock, only if it was pending).
        let waited = self.wait.take().map(|wait| Arc::clone(&wait.proc));
        // A stand-in owner lives exactly as long as its handle: it exits
        // `:normal` (which its link ignores) and its pending reply is void.
        if let Some(stand_in) = self.stand_in.take() {
            stand_in.terminate(&ExitReason::Normal, None);
            return;
        }
        if *self.settled.get_mut() || !(self.awaiting || waited.is_some()) {
            // Done with, or never awaited (Elixir's rule: its reply and
            // `:DOWN` arrive as messages).
            return;
        }
        // An await dropped unfinished: deactivate the alias, as Elixir does
        // after a caught await timeout: a late reply is dropped, the `:DOWN`
        // never comes, and whatever of them is queued goes.
        let owner = waited.or_else(|| match current() {
            Some(me) if me.pid == self.owner => Some(me),
            _ => registry::get(self.owner),
        });
        if let Some(owner) = owner {
            let (undone, reply) = {
                let mut state = owner.state.lock();
                let undone = Demonitored::take_flushing(&mut state, self.r#ref, self.since);
                (undone, state.mailbox.flush_reply(self.r#ref))
            };
            drop(reply); // a user value: outside the lock
            let _ = undone.finish(self.r#ref);
        }
    }
}

impl<T: Send + 'static> Future for Task<T> {
    type Output = Result<T, ExitReason>;

    /// Waits for the reply or the `:DOWN`, with no timeout.
    ///
    /// # Panics
    /// If polled again after it returned `Ready`.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if *this.settled.get_mut() {
            panic!("`Task` polled after it completed");
        }
        let (r#ref, since) = (this.r#ref, this.since);
        if this.wait.is_none() {
            match this.owner_proc() {
                Ok(owner) => this.wait = Some(Wait::for_ref::<T>(owner, r#ref, this.since)),
                // Not the owner's to await: the handle stays as it was.
                Err(reason) => return Poll::Ready(Err(reason)),
            }
        }
        let Some(wait) = this.wait.as_mut() else {
            unreachable!("made above")
        };
        let outcome = ready!(wait.poll_take(
            cx,
            Matcher::Runtime,
            reply_or_down::<T>(r#ref),
            // A taken `:DOWN` leaves the monitor: see `Receive::then_demonitor`.
            |state, left| {
                (!left.is::<Down>())
                    .then(|| (r#ref, Demonitored::take_flushing(state, r#ref, since)))
            },
            |_| {},
        ));
        this.wait = None;
        this.settle();
        Poll::Ready(match outcome {
            Outcome::Reply(value) => Ok(value),
            Outcome::Down(reason) => Err(this.exit_in("await", reason, Timeout::Infinity)),
        })
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

impl Mfa {
    /// `{module, :function, arity}`; a capitalised `module` is an Elixir
    /// alias and prints bare (`{Enum, :sum, 1}`), any other an atom
    /// (`{:erlang, :apply, 2}`).
    ///
    /// ```
    /// use task_runtime::{inspect::inspect, Mfa};
    /// assert_eq!(inspect(&Mfa::new("Enum", "sum", 1)), "{Enum, :sum, 1}");
    /// assert_eq!(inspect(&Mfa::new("my_app::billing", "charge", 2)), r#"{:"my_app::billing", :charge, 2}"#);
    /// ```
    pub const fn new(module: &'static str, function: &'static str, arity: usize) -> Mfa {
        Mfa {
            module: Atom::new(module),
            function: Atom::new(function),
            arity,
        }
    }
}

impl Inspect for Mfa {
    fn to_doc(&self) -> Doc {
        // A module named as an alias (`Enum`, `MyApp.Worker`) is one.
        let module = match self.module.name() {
            name if crate::inspect::is_alias(name) => Doc::text(name.to_owned()),
            _ => self.module.to_doc(),
        };
        let items = vec![module, self.function.to_doc(), self.arity.to_doc()];
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
