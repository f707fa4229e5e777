//! extask: Elixir's `Task` model, native in Rust.
// pub use task_macros::{main, test}; (pending the macro crate)
pub use task_runtime::*;

#[doc(hidden)]
pub mod __private {
    pub use task_runtime as rt;
}
