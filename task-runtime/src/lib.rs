//! The process runtime behind [extask](https://docs.rs/extask): Erlang
//! processes on tokio, and Elixir's `Task` API on top of them.
//!
//! A **process** is a tokio task with an identity ([`Pid`]), a mailbox that
//! takes any `Send` value and supports Erlang's selective receive, and a set
//! of **links** and **monitors**. When a process ends it has an
//! [`ExitReason`]; its links and monitors hear of it by Erlang's rules:
//!
//! - `:normal` never propagates over a link; any other reason kills a linked
//!   process that does not trap exits, with the same reason;
//! - a process that traps exits receives them as [`messages::Exit`] values;
//! - `Process.exit(pid, :kill)` cannot be trapped and arrives as `:killed`;
//! - a monitor delivers one [`messages::Down`]; links act before monitors;
//! - a panic is the process's exit reason (a `RuntimeError`), reported in
//!   Elixir's shape and never crashing the runtime.
//!
//! Exit signals do not queue behind messages: a process that is told to exit
//! stops at its next await point.
//!
//! The [`task`] module is Elixir's `Task` on these processes; [`process`] is
//! `Process` and `Kernel`; [`inspect`] prints values in Elixir notation.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use task_runtime::{root::spawn_root, task, Timeout};
//! let value = spawn_root(async {
//!     let t = task::async_task(async { "blah" });
//!     task::await_task(t, Timeout::DEFAULT).await
//! }).await;
//! assert_eq!(value, Ok("blah"));
//! # }
//! ```

#![warn(missing_debug_implementations)]
#![doc(test(attr(deny(warnings))))]

pub mod agent;
#[cfg(feature = "dist")]
pub mod dist;
mod exit;
pub mod gen_server;
mod info;
pub mod inspect;
pub mod messages;
mod name;
mod pid;
pub mod process;
pub mod registry;
pub mod root;
mod runtime;
pub mod supervisor;
pub mod task;
mod throw;
mod timeout;
mod timer;
#[cfg(feature = "tower")]
pub mod tower;

pub use exit::{CallExit, Exception, ExitReason, Thrown};
pub use messages::Message;
pub use pid::{Pid, Ref, make_ref};
pub use runtime::receive::{AnyType, Receive};
#[doc(hidden)]
pub use runtime::receive::{MessageTypes, OnlyTypes};
pub use task::{Mfa, Task, TaskResult};
pub use timeout::{IntoTimeout, NegativeTimeout, Timeout};
