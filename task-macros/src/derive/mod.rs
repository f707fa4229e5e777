//! `#[derive(Inspect)]`: a user's struct or enum printed as Elixir shows the
//! value Elixir code would use for it (the table is in the facade's `inspect`
//! docs, `src/inspect_doc.md`).
//!
//! parse → model → validate (`model.rs`: the item, its `#[inspect(..)]`
//! attributes and their checks) → expand (`expand.rs`). A derive gets no
//! `$crate`, so the expansion names `::extask::__private::rt`, or the path of
//! `#[inspect(crate = "path")]` for a renamed facade, as the attributes do.

mod expand;
mod model;

use proc_macro2::TokenStream;

/// The expansion of `#[derive(Inspect)]` on `input` (the item's tokens).
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let item: syn::DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(error) => return error.into_compile_error(),
    };
    match model::Input::from_item(&item) {
        Ok(model) => expand::emit(&model, &item),
        Err(error) => expand::fallback(&item, error),
    }
}

/// Elixir's `Macro.underscore/1` for an identifier: `ChargedTwice` →
/// `charged_twice`, `HTTPError` → `http_error`, `V2Api` → `v2_api`. An
/// upper-case letter starts a new word after a lower-case letter or a digit,
/// or before a lower-case letter when it ends a run of capitals.
pub(crate) fn underscore(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next = chars.get(i + 1).copied();
            let ends_capitals = next.is_some_and(|n| {
                !n.is_ascii_uppercase() && !n.is_ascii_digit() && n != '_' && n != '.'
            });
            let after_word = !prev.is_ascii_uppercase() && prev != '_';
            if after_word || ends_capitals {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
