//! `#[extask::gen_server]` on an `impl` block: typed `#[call]` and `#[cast]`
//! methods become the server's request enums, its `GenServer` impl and a
//! typed client API (`Counter::get(&server).await`).
//!
//! Stages as for the other macros: `parse.rs` reads the attribute's options
//! and the block's items into the model below, checking each item where it
//! is written (every error spanned at the user's token); `expand.rs` only
//! emits. Attribute macros get no `$crate`: the expansion names
//! `::extask::__private::rt` or the `crate = "path"` option's.

mod expand;
mod parse;

use proc_macro2::TokenStream;
use syn::{Attribute, Ident, ImplItem, ImplItemFn, ItemImpl, Type, Visibility};

/// A block that passed its checks.
pub(crate) struct Model {
    /// The facade: `::extask` or the user's `crate = "path"`.
    krate: TokenStream,
    /// The state type, as written after `impl`.
    self_ty: Type,
    /// Its name, the stem of the generated enums (`CounterCall`, ..).
    name: Ident,
    /// The attributes on the block (`#[allow(..)]`, docs), kept on the
    /// inherent impl.
    attrs: Vec<Attribute>,
    init: InitFn,
    calls: Vec<Handler>,
    casts: Vec<Handler>,
    /// `handle_info`, `handle_continue`, `terminate` as written: they go into
    /// the `GenServer` impl unchanged.
    callbacks: Vec<ImplItemFn>,
    /// `M` of `handle_info(&mut self, msg: Info<M>)`, when written.
    info_ty: Option<Type>,
    /// The type of `handle_continue`'s argument, when written.
    continue_ty: Option<Type>,
    /// Everything else (helper methods, constants): the inherent impl.
    rest: Vec<ImplItem>,
}

/// The user's `init`, renamed and kept in the inherent impl; the trait's
/// `init` calls it.
struct InitFn {
    /// `None`: `init()` takes nothing, and the argument is `()`.
    arg: Option<Type>,
    is_async: bool,
    method: ImplItemFn,
}

/// One `#[call]` or `#[cast]` method.
struct Handler {
    /// The method as written, renamed `__gen_call_NAME`/`__gen_cast_NAME`.
    method: ImplItemFn,
    /// The name the user gave it: the client function's.
    client: Ident,
    /// The request's variant: the name in CamelCase (printed back as the
    /// snake-case atom, `:get` / `{:add, 5}`).
    variant: Ident,
    /// The client function's visibility and docs: the method's.
    vis: Visibility,
    docs: Vec<Attribute>,
    /// The arguments after `self`: the client's parameter names and types.
    args: Vec<(Ident, Type)>,
    is_async: bool,
    output: Output,
}

enum Output {
    /// A `#[call]`'s reply type.
    Reply(Box<Type>),
    /// A `#[cast]` returning nothing: `{:noreply, state}`.
    NoReply,
    /// A `#[cast]` returning `Return<Self>` (it may stop the server).
    Return,
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let block: ItemImpl = match syn::parse2(item) {
        Ok(block) => block,
        Err(error) => {
            let error = syn::Error::new(
                error.span(),
                format!("`#[extask::gen_server]` goes on an `impl` block: {error}"),
            );
            return error.into_compile_error();
        }
    };
    // The stand-ins of a block with errors name the facade too: the user's
    // `crate = "path"` when that much of the options reads.
    let krate = parse::krate(args.clone());
    match parse::model(args, block.clone()) {
        Ok(model) => expand::emit(&model),
        Err(error) => expand::fallback(error, block, &krate),
    }
}
