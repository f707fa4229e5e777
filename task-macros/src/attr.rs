//! `#[extask::main]` and `#[extask::test]`: run an `async fn` as the root process of a
//! fresh runtime, like `#[tokio::main]` / `#[tokio::test]`.
//!
//! Attribute macros get no `$crate`: the expansion names `::extask::__private`, or the
//! path given with `crate = "path"` when the facade is renamed.

use crate::errors::{Errors, both, one_of, suggest};
use crate::paths::Rt;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::Parser;
use syn::{Error, ItemFn, LitInt, LitStr, Path, Result, ReturnType, Type};

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

const OPTIONS: [&str; 3] = ["flavor", "worker_threads", "crate"];

/// The runtime a root process runs on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    MultiThread,
    CurrentThread,
}

impl Flavor {
    const ALL: [Flavor; 2] = [Flavor::MultiThread, Flavor::CurrentThread];

    /// The name in `flavor = "NAME"`, and of `RootConfig`'s constructor.
    fn name(self) -> &'static str {
        match self {
            Flavor::MultiThread => "multi_thread",
            Flavor::CurrentThread => "current_thread",
        }
    }
}

/// The attribute's options.
struct Config {
    flavor: Option<Flavor>,
    worker_threads: Option<LitInt>,
    krate: Option<Path>,
}

pub(crate) fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
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
    match both(parse_config(kind, args), check_signature(kind, &function)) {
        Ok((config, ())) => expand_fn(kind, config, function),
        Err(error) => fallback(kind, error, function),
    }
}

fn parse_config(kind: Kind, args: TokenStream) -> Result<Config> {
    let mut config = Config {
        flavor: None,
        worker_threads: None,
        krate: None,
    };
    let mut errors = Errors::default();
    let parser = syn::meta::parser(|meta| {
        let name = meta.path.to_token_stream().to_string();
        match name.as_str() {
            "flavor" => {
                let value: LitStr = meta.value()?.parse()?;
                let flavor = value.value();
                let names = Flavor::ALL.map(Flavor::name);
                let Some(known) = Flavor::ALL.into_iter().find(|f| f.name() == flavor) else {
                    let mut message =
                        format!("unknown flavor `{flavor}`, expected {}", one_of(names));
                    suggest(&mut message, &flavor, names, str::to_owned);
                    return Err(Error::new_spanned(&value, message));
                };
                config.flavor = Some(known);
            }
            "worker_threads" => {
                let value: LitInt = meta.value()?.parse()?;
                if !value.base10_parse::<usize>().is_ok_and(|n| n > 0) {
                    return Err(Error::new_spanned(
                        &value,
                        "`worker_threads` must be an integer greater than zero",
                    ));
                }
                config.worker_threads = Some(value);
            }
            "crate" => {
                let value: LitStr = meta.value()?.parse()?;
                config.krate = Some(value.parse()?);
            }
            _ => {
                let mut message = format!(
                    "unknown option `{name}` for `{}`, expected {}",
                    kind.attr(),
                    one_of(OPTIONS)
                );
                suggest(&mut message, &name, OPTIONS, str::to_owned);
                return Err(meta.error(message));
            }
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(args) {
        errors.push(error);
    }
    if let (Some(Flavor::CurrentThread), Some(threads)) = (config.flavor, &config.worker_threads) {
        errors.push(Error::new_spanned(
            threads,
            "`worker_threads` needs the multi-thread runtime, not `flavor = \"current_thread\"`",
        ));
    }
    errors.finish_with(config)
}

fn check_signature(kind: Kind, function: &ItemFn) -> Result<()> {
    let mut errors = Errors::default();
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        errors.push(Error::new_spanned(
            sig.fn_token,
            format!(
                "`{}` runs an `async fn`: the `async` keyword is missing",
                kind.attr()
            ),
        ));
    }
    if !sig.inputs.is_empty() {
        let what = match kind {
            Kind::Main => "`main` takes no arguments",
            Kind::Test => "a test function takes no arguments",
        };
        errors.push(Error::new_spanned(&sig.inputs, what));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(Error::new_spanned(
            &sig.generics,
            format!("`{}` functions cannot be generic", kind.attr()),
        ));
    }
    if kind == Kind::Test
        && let Some(attr) = function.attrs.iter().find(|a| a.path().is_ident("test"))
    {
        errors.push(Error::new_spanned(
            attr,
            "second test attribute: `#[extask::test]` already makes this a test\nhelp: remove `#[test]`",
        ));
    }
    errors.finish()
}

fn expand_fn(kind: Kind, config: Config, mut function: ItemFn) -> TokenStream {
    let krate = config
        .krate
        .map_or_else(|| quote!(::extask), |path| quote!(#path));
    let rt = Rt::new(krate);
    let flavor = match (config.flavor, kind) {
        (Some(flavor), _) => flavor,
        (None, Kind::Main) => Flavor::MultiThread,
        (None, Kind::Test) => Flavor::CurrentThread,
    };
    let root_config = rt.root("RootConfig");
    let constructor = Ident::new(flavor.name(), Span::call_site());
    let mut config_tokens = quote!(#root_config::#constructor());
    if let Some(threads) = &config.worker_threads {
        config_tokens.extend(quote!(.worker_threads(#threads)));
    }
    let run = rt.root(match kind {
        Kind::Main => "run_main",
        Kind::Test => "run_test",
    });
    let block = &function.block;
    let span = function.sig.fn_token.span;
    let body = match &function.sig.output {
        ReturnType::Type(_, ty) if !contains_impl(ty) => {
            let ret = Ident::new("ret", Span::mixed_site());
            quote_spanned!(span=> async move { let #ret: #ty = #block; #ret })
        }
        _ => quote_spanned!(span=> async move #block),
    };
    function.sig.asyncness = None;
    let test_attr = (kind == Kind::Test).then(|| quote!(#[::core::prelude::v1::test]));
    let (attrs, vis, sig) = (&function.attrs, &function.vis, &function.sig);
    quote! {
        #test_attr
        #(#attrs)*
        #vis #sig {
            #run(#config_tokens, #body)
        }
    }
}

/// The function, not async and with an unreachable body, next to the errors: no
/// "`main` function not found" or "`main` cannot be async" on top of them.
fn fallback(kind: Kind, error: Error, mut function: ItemFn) -> TokenStream {
    let errors = error.into_compile_error();
    function.sig.asyncness = None;
    function.sig.inputs.clear();
    function.sig.generics = Default::default();
    let (attrs, vis, sig) = (&function.attrs, &function.vis, &function.sig);
    let allow = (kind == Kind::Test).then(|| quote!(#[allow(dead_code)]));
    quote! {
        #errors
        #allow
        #(#attrs)*
        #vis #sig { ::core::unimplemented!() }
    }
}

fn contains_impl(ty: &Type) -> bool {
    ty.to_token_stream()
        .into_iter()
        .any(|tt| matches!(tt, proc_macro2::TokenTree::Ident(i) if i == "impl"))
}
