//! # extask: Elixir's `Task` model, native in Rust
//!
//! Plain async functions get Erlang identity (a [`Pid`], a monitor [`Ref`],
//! an owner), links with Erlang's exit rules, and Elixir's `Task` API, on
//! tokio. This crate is the one to depend on: it re-exports the process
//! runtime ([`task_runtime`](https://docs.rs/task-runtime)) and the DSL.
//!
//! ## The seed transcript
//!
//! ```elixir
//! iex(1)> task = Task.async(fn -> Process.sleep(2_000); "blah" end)
//! %Task{owner: #PID<0.366.0>, pid: #PID<0.387.0>, ref: #Reference<0.3892106341.61079555.177231>}
//! iex(2)> Task.await(task)
//! "blah"
//! iex(6)> task = Task.start_link(fn -> Process.sleep(2_000); "blah" end)
//! {:ok, #PID<0.385.0>}
//! ```
//!
//! ```
//! use extask::task;
//!
//! #[extask::main(flavor = "current_thread")]
//! async fn main() {
//!     let task = task!(async fn -> Process.sleep(20); "blah" end);
//!     println!("{task:?}"); // %Task{mfa: {:erlang, :apply, 2}, owner: #PID<0.64.0>, ...}
//!     assert_eq!(task!(await task), "blah");
//!
//!     let started = task!(start_link fn -> Process.sleep(20); "blah" end);
//!     println!("{started:?}"); // Ok(#PID<0.66.0>)
//! }
//! ```
//!
//! ## Processes and exit rules
//!
//! Every task is a process: a tokio task with a pid, a mailbox (any `Send`
//! value; Erlang's selective receive through [`receive!`]) and links and
//! monitors. When a process ends it has an [`ExitReason`], and Erlang's rules
//! apply exactly:
//!
//! | a linked process ends with | a process not trapping exits | a process trapping exits |
//! |---|---|---|
//! | `:normal` | is unaffected | gets `{:EXIT, pid, :normal}` ([`messages::Exit`]) |
//! | anything else (`:shutdown` included) | dies with the same reason | gets `{:EXIT, pid, reason}` |
//!
//! `Process.exit(pid, :kill)` ([`process::exit`] with [`ExitReason::Kill`])
//! cannot be trapped and arrives as `:killed`. A monitor delivers one
//! [`messages::Down`]. A panic is the process's exit reason, a
//! `RuntimeError`, reported the way Elixir logs crashes (through `tracing`,
//! or stderr when no subscriber is installed).
//!
//! ## `Task.async` and `Task.await`
//!
//! [`task!`]`(async fn -> ... end)` ([`task::async_task`]) starts a task
//! linked to and monitored by the caller and returns a [`Task`]: its fields
//! are Elixir's `owner`, `pid`, `ref` (`r#ref`) and `mfa`, and `Debug` prints
//! `%Task{...}`. [`task!`]`(await t)` ([`task::await_task`]) returns the value
//! or, exactly as in Elixir, **makes the calling process exit**: with
//! `{:timeout, {Task, :await, [task, 5000]}}` after the timeout, with the
//! task's reason if it crashed (a crash normally kills a non-trapping caller
//! first, through the link), with an `ArgumentError` when called from a
//! process that is not the owner. Plain Rust code can `.await` a [`Task`]
//! instead and get a `Result<T, ExitReason>`.
//!
//! [`task!`]`(start_link fn -> ... end)` returns `Ok(pid)`: linked, its value
//! discarded, nothing ever reaches the caller's mailbox.
//!
//! ## Roots: `#[extask::main]` and `#[extask::test]`
//!
//! [`macro@main`] runs `main`'s body as the root process of a tokio runtime
//! (multi-thread by default; `flavor = "current_thread"`, `worker_threads =
//! N`). If the root is killed by a linked process the program prints `**
//! (EXIT from #PID<..>) reason` and exits with status 1, as an Elixir script
//! does. [`macro@test`] does the same for a test (current-thread by default)
//! and fails the test if the root exits.
//!
//! Code outside any process (a plain `#[tokio::main]`) can still start and
//! await tasks: the owner is then a stand-in process living as long as the
//! [`Task`] value, and a crash comes back from `.await` as an `Err`.

#![warn(missing_docs)]

pub use task_macros::{main, test};
pub use task_runtime::*;

#[doc = include_str!("task_doc.md")]
#[macro_export]
macro_rules! task {
    ($($form:tt)*) => {
        $crate::__private::task_impl! { $crate; $($form)* }
    };
}

#[doc = include_str!("receive_doc.md")]
#[macro_export]
macro_rules! receive {
    ($($arms:tt)*) => {
        $crate::__private::receive_impl! { $crate; $($arms)* }
    };
}

/// Not public API: what the macros' expansions name.
#[doc(hidden)]
pub mod __private {
    pub use task_macros::{receive_impl, task_impl};
    pub use task_runtime as rt;
}
