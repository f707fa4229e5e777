//! Elixir's `Task`: processes that run one function, with a typed handle
//! ([`Task`]) for `async`/`await`, and fire-and-forget `start`/`start_link`.

mod awaiting;
mod handle;
mod start;

pub use awaiting::{await_task, TaskAwait};
pub use handle::{Mfa, Task, TaskResult};
pub use start::{async_mfa, async_task, start, start_link};
