#![doc = include_str!("../README.md")]
// Every example in the README and on the macros is a doctest; these make
// them compile warning-free, as users copy them.
#![doc(test(attr(deny(warnings, rust_2018_idioms))))]
#![warn(missing_docs)]

// The facade's API, chosen item by item: a new public item of the runtime
// becomes extask's API only when it is added here. The modules are Elixir's
// (`process` is `Process` and `Kernel`, `task` is `Task`, `supervisor` is
// `Task.Supervisor`); the values at the root are the ones every module
// speaks in.

#[doc(inline)]
pub use task_runtime::{agent, gen_server, messages, process, registry, root, supervisor, task};

// The runtime's `inspect` module plus the derive: `use extask::inspect::Inspect;`
// names the trait and `#[derive(Inspect)]` at once, as `serde::Serialize` does.
// The derive is not at the root: there `Inspect` would name the derive alone,
// and `impl Inspect for ..` after `use extask::Inspect` would not find the trait.
pub mod inspect {
    // Inner docs, so their links resolve among the module's own items.
    #![doc = include_str!("inspect_doc.md")]

    #[doc(inline)]
    pub use task_runtime::inspect::*;

    #[doc(inline)]
    pub use task_macros::Inspect;
}

#[cfg(feature = "tower")]
#[doc(inline)]
pub use task_runtime::tower;

/// Erlang distribution (feature `dist`): this program as a hidden node of a
/// BEAM cluster.
#[cfg(feature = "dist")]
#[doc(inline)]
pub use task_runtime::dist;

#[doc(inline)]
pub use task_runtime::{
    CallExit, Exception, ExitReason, Message, Mfa, Receive, TaskResult, Thrown,
};
#[doc(inline)]
pub use task_runtime::{IntoTimeout, NegativeTimeout, Pid, Ref, Task, Timeout, make_ref};

// `#[extask::main]` and `#[extask::test]`; their compiled examples are in the
// crate docs (README.md, "Roots"), as the macro crate cannot run them.
#[doc(inline)]
pub use task_macros::{main, test};

// `#[extask::gen_server]`: the attribute shares its name with the module
// (`extask::gen_server::call`), as a derive shares its trait's.
#[doc(inline)]
pub use task_macros::gen_server;

// `#[derive(Task)]` (Elixir's `use Task`), beside the `Task` struct: the two
// live in different namespaces, so `use extask::Task;` brings both.
#[doc(inline)]
pub use task_macros::Task;

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
