//! `#[extask::main]` and `#[extask::test]`: run an `async fn` as the root process of a
//! fresh runtime, like `#[tokio::main]` / `#[tokio::test]`; `main` can start an Erlang
//! distribution node first (`node = "..", cookie = ".."`, feature `dist`).
//!
//! Attribute macros get no `$crate`: the expansion names `::extask::__private`, or the
//! path given with `crate = "path"` when the facade is renamed. parse (`parse.rs`) →
//! model (`model.rs`) → validate (`validate.rs`) → expand (`expand.rs`).

mod expand;
mod model;
mod parse;
mod validate;

pub(crate) use model::Features;

use crate::errors::both;
use proc_macro2::TokenStream;
use syn::{Error, ItemFn};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Main,
    Test,
}

impl Kind {
    fn attr(self) -> &'static str {
        match self {
            Kind::Main => "#[extask::main]",
            Kind::Test => "#[extask::test]",
        }
    }
}

pub(crate) fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    expand_with(kind, args, item, Features::current())
}

/// [`expand`] for a facade built with `features` (the in-process tests pick them).
pub(crate) fn expand_with(
    kind: Kind,
    args: TokenStream,
    item: TokenStream,
    features: Features,
) -> TokenStream {
    let function: ItemFn = match syn::parse2(item) {
        Ok(function) => function,
        Err(error) => {
            let error = Error::new(
                error.span(),
                format!("`{}` goes on an `async fn`: {error}", kind.attr()),
            );
            // The user's tokens are not a function: say so, and leave them out rather
            // than have rustc report them a second time.
            return error.into_compile_error();
        }
    };
    let config = parse::config(kind, args)
        .and_then(|config| validate::config(kind, &config, features).map(|()| config));
    match both(config, validate::signature(kind, &function)) {
        Ok((config, ())) => expand::function(kind, config, function),
        Err(error) => expand::fallback(kind, error, function),
    }
}
