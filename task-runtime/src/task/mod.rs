//! Elixir's `Task`: processes that run one function, with a typed handle
//! ([`Task`]) for `async`/`await`, and fire-and-forget `start`/`start_link`.
//!
//! Each function has its Elixir name in snake_case, with `_task` added only
//! where that name is a Rust keyword: `async_task`, `await_task` and
//! `yield_task`, but `start`, `shutdown`, `ignore`, `completed`,
//! `await_many`. One file per Elixir function family; `reply.rs` holds the
//! matchers for a task's reply and `:DOWN` that they share.

mod apply;
mod awaiting;
mod completed;
mod handle;
mod ignore;
mod many;
mod options;
pub(crate) mod reply;
mod shutdown;
mod start;
pub(crate) mod stream;
mod yielding;

pub use apply::Apply;
pub use awaiting::await_task;
pub use completed::completed;
pub use handle::{Mfa, Task, TaskResult};
pub use ignore::ignore;
pub use many::{await_many, try_await_many, try_yield_many, yield_many};
pub use options::{NoZip, OnTimeout, StreamOptions, YieldManyOptions, ZipInput, ZipMode};
pub use shutdown::{Shutdown, shutdown};
pub use start::{TaskValue, async_mfa, async_task, start, start_link};
pub use stream::{AsyncStream, async_stream};
pub use yielding::yield_task;
