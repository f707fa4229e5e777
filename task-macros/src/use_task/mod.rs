//! `#[derive(Task)]`: Elixir's `use Task, restart: .., shutdown: ..` on a
//! user's type. The type is the task's argument; its `run(self)` (which the
//! user writes, as Elixir's `use Task` expects a `run/1`) is the task; the
//! derive adds `child_spec(self)`, with Task's defaults and the options of
//! `#[task(..)]`.
//!
//! parse → model → validate (`model.rs`: the attribute's options and their
//! values) → expand (`expand.rs`). A derive gets no `$crate`: the expansion
//! names `::extask::__private::rt`, or the path of `#[task(crate = "path")]`.

mod expand;
mod model;

use proc_macro2::TokenStream;

/// The expansion of `#[derive(Task)]` on `input` (the item's tokens).
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let item: syn::DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(error) => return error.into_compile_error(),
    };
    match model::UseTask::from_item(&item) {
        Ok(model) => expand::emit(&model, &item),
        Err(error) => expand::fallback(&item, error),
    }
}
