//! In-process tests of the macros: the parse → validate → expand functions called
//! directly on `proc_macro2` tokens, outside rustc.
//!
//! - `attr_node`: `#[extask::main(node = ..)]`'s options and errors;
//! - `forms`: what each form and each Elixir call in a body expands to;
//! - `messages`: the error messages, form by form, and `receive!`;
//! - `snapshots`: every input under the workspace's `tests/expand/` expanded and
//!   pretty-printed, compared with its checked-in `.expanded.rs` (`EXTASK_BLESS=1`
//!   rewrites them);
//! - `robustness`: random and mutated token streams never make the macros panic.

mod attr_node;
mod forms;
mod messages;
mod robustness;
mod snapshots;
mod support;
