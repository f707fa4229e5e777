//! The attribute's options and the block's items, read into a [`Model`] and
//! checked where they stand: every mistake is reported under the user's
//! token, all of them at once.

use super::{Handler, InitFn, Model, Output};
use crate::errors::{Errors, closest, one_of, suggest};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{
    Attribute, Error, FnArg, GenericArgument, ImplItem, ImplItemFn, ItemImpl, LitStr, Pat,
    PathArguments, Result, ReturnType, Type,
};

const OPTIONS: [&str; 1] = ["crate"];
/// The method attributes this macro reads.
const KINDS: [&str; 2] = ["call", "cast"];
/// The callbacks written as they are in the `GenServer` impl.
const CALLBACKS: [&str; 3] = ["handle_info", "handle_continue", "terminate"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Call,
    Cast,
}

pub(super) fn model(args: TokenStream, block: ItemImpl) -> Result<Model> {
    let mut errors = Errors::default();
    let krate = errors.take(options(args)).flatten();
    if let Some((path, _)) = &block.trait_ {
        errors.push(Error::new_spanned(
            path,
            "`#[extask::gen_server]` goes on the state's own `impl` block \
             (`impl Counter { .. }`): it writes the `GenServer` impl itself",
        ));
    }
    if !block.generics.params.is_empty() || block.generics.where_clause.is_some() {
        errors.push(Error::new_spanned(
            &block.generics,
            "a `#[extask::gen_server]` state cannot be generic\n\
             help: implement `GenServer` by hand (see the `gen_server` module docs)",
        ));
    }
    let name = errors.take(state_name(&block.self_ty));
    let mut init = None;
    let (mut calls, mut casts, mut callbacks, mut rest) = (vec![], vec![], vec![], vec![]);
    let (mut info_ty, mut continue_ty) = (None, None);
    for item in block.items {
        let ImplItem::Fn(mut method) = item else {
            rest.push(item);
            continue;
        };
        let Some(kind) = errors.take(take_kind(&mut method.attrs)) else {
            continue;
        };
        let fn_name = method.sig.ident.to_string();
        match (kind, fn_name.as_str()) {
            (Some(kind), _) => {
                if let Some(handler) = errors.take(handler(kind, method)) {
                    match kind {
                        Kind::Call => calls.push(handler),
                        Kind::Cast => casts.push(handler),
                    }
                }
            }
            (None, "init") => init = errors.take(init_fn(method)),
            (None, "handle_call" | "handle_cast") => {
                let kind = &fn_name["handle_".len()..];
                errors.push(Error::new_spanned(
                    &method.sig.ident,
                    format!(
                        "`{fn_name}` is written by `#[extask::gen_server]` from the \
                         `#[{kind}]` methods\nhelp: mark each request's method `#[{kind}]`, \
                         or implement `GenServer` by hand"
                    ),
                ));
            }
            (None, "handle_info") => {
                info_ty = errors.take(callback_arg(&method, true));
                callbacks.push(method);
            }
            (None, "handle_continue") => {
                continue_ty = errors.take(callback_arg(&method, false));
                callbacks.push(method);
            }
            (None, _) if CALLBACKS.contains(&fn_name.as_str()) => callbacks.push(method),
            (None, _) => rest.push(ImplItem::Fn(method)),
        }
    }
    if init.is_none() && name.is_some() {
        errors.push(Error::new_spanned(
            &block.self_ty,
            "a GenServer starts from `init`: write `async fn init(arg: A) -> Init<Self>` \
             in this block",
        ));
    }
    errors.finish()?;
    Ok(Model {
        krate: krate.unwrap_or_else(|| quote!(::extask)),
        self_ty: *block.self_ty,
        name: name.expect("checked"),
        attrs: block.attrs,
        init: init.expect("checked"),
        calls,
        casts,
        callbacks,
        info_ty: info_ty.flatten(),
        continue_ty: continue_ty.flatten(),
        rest,
    })
}

/// `crate = "path"`, the only option.
fn options(args: TokenStream) -> Result<Option<TokenStream>> {
    let mut krate = None;
    let parser = syn::meta::parser(|meta| {
        let name = meta.path.to_token_stream().to_string();
        if name == "crate" {
            let value: LitStr = meta.value()?.parse()?;
            let path: syn::Path = value.parse()?;
            krate = Some(path.into_token_stream());
            return Ok(());
        }
        let mut message = format!(
            "unknown option `{name}` for `#[extask::gen_server]`, expected {}",
            one_of(OPTIONS)
        );
        suggest(&mut message, &name, OPTIONS, str::to_owned);
        Err(meta.error(message))
    });
    parser.parse2(args)?;
    Ok(krate)
}

/// The facade the options name, or `::extask` when they do not read.
pub(super) fn krate(args: TokenStream) -> TokenStream {
    options(args)
        .ok()
        .flatten()
        .unwrap_or_else(|| quote!(::extask))
}

/// The state's name: the last segment of a path without generics.
fn state_name(ty: &Type) -> Result<syn::Ident> {
    if let Type::Path(path) = ty
        && path.qself.is_none()
        && let Some(last) = path.path.segments.last()
        && last.arguments.is_none()
    {
        return Ok(last.ident.clone());
    }
    Err(Error::new_spanned(
        ty,
        "a `#[extask::gen_server]` state is a named type without generics (`impl Counter { .. }`)",
    ))
}

/// Takes `#[call]` / `#[cast]` off the method; an attribute that looks like
/// a misspelt one is an error rather than a plain method left behind.
fn take_kind(attrs: &mut Vec<Attribute>) -> Result<Option<Kind>> {
    let mut errors = Errors::default();
    let mut kind = None;
    attrs.retain(|attr| {
        let Some(ident) = attr.path().get_ident() else {
            return true;
        };
        let name = ident.to_string();
        let found = match name.as_str() {
            "call" => Kind::Call,
            "cast" => Kind::Cast,
            _ => {
                if let Some(close) = closest(&name, KINDS) {
                    errors.push(Error::new_spanned(
                        attr.path(),
                        format!(
                            "unknown attribute `#[{name}]` in a `#[extask::gen_server]` block, \
                             expected {}\nhelp: did you mean `#[{close}]`?",
                            one_of(["#[call]", "#[cast]"])
                        ),
                    ));
                }
                return true;
            }
        };
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            errors.push(Error::new_spanned(
                &attr.meta,
                format!("`#[{name}]` takes no options"),
            ));
        }
        if kind.replace(found).is_some() {
            errors.push(Error::new_spanned(
                attr,
                "a method is one `#[call]` or one `#[cast]`",
            ));
        }
        false
    });
    errors.finish_with(kind)
}

fn init_fn(mut method: ImplItemFn) -> Result<InitFn> {
    let mut errors = Errors::default();
    let sig = &method.sig;
    let mut arg = None;
    for (i, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => errors.push(Error::new_spanned(
                receiver,
                "`init` makes the state: it takes its argument, not `self`",
            )),
            FnArg::Typed(_) if i > 0 => errors.push(Error::new_spanned(
                input,
                "`init` takes one argument (Elixir's `init/1`): use a tuple or a struct \
                 for several values",
            )),
            FnArg::Typed(typed) => arg = Some((*typed.ty).clone()),
        }
    }
    if let ReturnType::Default = sig.output {
        errors.push(Error::new_spanned(
            &sig.ident,
            "`init` returns `Init<Self>` (`Init::Ok(state)`, `Init::Stop(reason)`, ..)",
        ));
    }
    errors.finish()?;
    let is_async = method.sig.asyncness.is_some();
    method.sig.ident = format_ident!("__gen_init", span = method.sig.ident.span());
    Ok(InitFn {
        arg,
        is_async,
        method,
    })
}

/// The type `handle_info` (`Info<M>`: `M`) or `handle_continue` takes.
fn callback_arg(method: &ImplItemFn, info: bool) -> Result<Option<Type>> {
    let Some(FnArg::Typed(arg)) = method.sig.inputs.iter().nth(1) else {
        // A wrong signature: the trait's own error says what it should be.
        return Ok(None);
    };
    if !info {
        return Ok(Some((*arg.ty).clone()));
    }
    if let Type::Path(path) = &*arg.ty
        && let Some(last) = path.path.segments.last()
        && last.ident == "Info"
        && let PathArguments::AngleBracketed(args) = &last.arguments
        && let [GenericArgument::Type(ty)] = args.args.iter().collect::<Vec<_>>()[..]
    {
        return Ok(Some(ty.clone()));
    }
    Err(Error::new_spanned(
        &arg.ty,
        "`handle_info` takes `Info<M>`, `M` the server's own messages (`Info::Msg(m)`)",
    ))
}

fn handler(kind: Kind, mut method: ImplItemFn) -> Result<Handler> {
    let mut errors = Errors::default();
    let attr = match kind {
        Kind::Call => "#[call]",
        Kind::Cast => "#[cast]",
    };
    let sig = &method.sig;
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(Error::new_spanned(
            &sig.generics,
            format!(
                "a `{attr}` method cannot be generic: its arguments travel in one message type"
            ),
        ));
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(r)) if matches!(r.kind, syn::ReceiverKind::Reference(..)) => {}
        Some(FnArg::Receiver(r)) => errors.push(Error::new_spanned(
            r,
            format!("a `{attr}` method takes the state as `&mut self`, not by value"),
        )),
        _ => errors.push(Error::new_spanned(
            &sig.ident,
            format!(
                "a `{attr}` method takes the state first: `fn {}(&mut self, ..)`",
                sig.ident
            ),
        )),
    }
    let mut args = Vec::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else { continue };
        if let Type::Reference(r) = &*typed.ty
            && r.lifetime.as_ref().is_none_or(|l| l.ident != "static")
        {
            errors.push(Error::new_spanned(
                &typed.ty,
                "a request's arguments travel in a message to the server: they must be \
                 owned values (`String`, not `&str`) or `'static` references",
            ));
        }
        errors.take(no_self(&typed.ty));
        let name = match &*typed.pat {
            Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => p.ident.clone(),
            _ => format_ident!("arg{}", i, span = typed.pat.span()),
        };
        args.push((name, (*typed.ty).clone()));
    }
    let output = match (kind, &sig.output) {
        (Kind::Call, ReturnType::Default) => {
            errors.push(Error::new(
                sig.paren_token.span.close(),
                "a `#[call]` answers: it must return its reply (`-> T`)\n\
                 help: a request with nothing to answer is a `#[cast]`",
            ));
            Output::NoReply
        }
        (Kind::Call, ReturnType::Type(_, ty)) => {
            let shape = returns_shape(ty);
            if let Some(shape) = shape {
                errors.push(Error::new_spanned(
                    ty,
                    format!(
                        "a `#[call]` returns the reply itself, not a `{shape}`\n\
                         help: `-> T` answers `{{:reply, t, state}}`; for the other \
                         shapes (deferred replies, stopping) implement `GenServer` by hand"
                    ),
                ));
            }
            if shape.is_none() {
                errors.take(no_self(ty));
            }
            Output::Reply(ty.clone())
        }
        (Kind::Cast, ReturnType::Default) => Output::NoReply,
        (Kind::Cast, ReturnType::Type(_, ty)) => match returns_shape(ty) {
            Some("Return") => Output::Return,
            _ if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => Output::NoReply,
            _ => {
                errors.push(Error::new_spanned(
                    ty,
                    "a `#[cast]` has no reply: it returns nothing (`{:noreply, state}`), \
                     or `Return<Self>` to stop the server\n\
                     help: a request that answers is a `#[call]`",
                ));
                Output::NoReply
            }
        },
    };
    errors.finish()?;
    let client = method.sig.ident.clone();
    let prefix = match kind {
        Kind::Call => "__gen_call_",
        Kind::Cast => "__gen_cast_",
    };
    let plain = client.to_string();
    let plain = plain.trim_start_matches("r#");
    method.sig.ident = format_ident!("{}{}", prefix, plain, span = client.span());
    let (docs, others): (Vec<Attribute>, Vec<Attribute>) = std::mem::take(&mut method.attrs)
        .into_iter()
        .partition(|a| a.path().is_ident("doc"));
    method.attrs = others;
    let vis = std::mem::replace(&mut method.vis, syn::Visibility::Inherited);
    Ok(Handler {
        is_async: method.sig.asyncness.is_some(),
        variant: syn::Ident::new(&camel(plain), client.span()),
        client,
        vis,
        docs,
        args,
        output,
        method,
    })
}

/// `CallReturn` / `Return` when `ty` is one of the server's return enums.
fn returns_shape(ty: &Type) -> Option<&'static str> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    ["CallReturn", "Return"]
        .into_iter()
        .find(|s| last.ident == s)
}

/// The generated enums stand outside the impl, where `Self` means nothing.
fn no_self(ty: &Type) -> Result<()> {
    fn find(tokens: TokenStream) -> Option<Span> {
        tokens.into_iter().find_map(|tt| match tt {
            TokenTree::Ident(i) if i == "Self" => Some(i.span()),
            TokenTree::Group(g) => find(g.stream()),
            _ => None,
        })
    }
    match find(ty.to_token_stream()) {
        Some(span) => Err(Error::new(
            span,
            "a request's and a reply's types are named outside the impl: write the \
             type's name instead of `Self`",
        )),
        None => Ok(()),
    }
}

/// `add_many` → `AddMany`: the variant of the method's request.
fn camel(name: &str) -> String {
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}
