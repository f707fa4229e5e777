//! The private machinery behind the public modules, as tokio keeps its
//! own in `runtime/task/`: a process's state and the signals sent to it,
//! the process future, the mailbox, relations, the process table,
//! `$callers`, selective receive and crash reports. Nothing here is public
//! API; the files beside this folder are Elixir's modules, and call in.

pub(crate) mod callers;
pub(crate) mod current;
pub(crate) mod mailbox;
pub(crate) mod meta;
#[cfg(all(test, feature = "shuttle"))]
mod model_tests;
pub(crate) mod names;
pub(crate) mod proc;
pub(crate) mod receive;
pub(crate) mod receive_timer;
pub(crate) mod registry;
pub(crate) mod relations;
pub(crate) mod report;
pub(crate) mod seq_hash;
pub(crate) mod signals;
#[cfg(not(feature = "shuttle"))]
pub(crate) mod spare;
pub(crate) mod spawn;
pub(crate) mod sync;
pub(crate) mod time;
pub(crate) mod timers;
pub(crate) mod waiters;
