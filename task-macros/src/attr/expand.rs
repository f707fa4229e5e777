//! Code generation for the attributes: the function, not async, running its body as
//! the root process (`run_main` / `run_test`), after starting the node if asked.

use super::Kind;
use super::model::{Config, Flavor};
use crate::paths::Rt;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::{Error, ItemFn, ReturnType, Type};

pub(super) fn function(kind: Kind, config: Config, mut function: ItemFn) -> TokenStream {
    let krate = config
        .krate
        .as_ref()
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
    let start = start_node(&rt, &config);
    let block = &function.block;
    let span = function.sig.fn_token.span;
    let body = match &function.sig.output {
        ReturnType::Type(_, ty) if !contains_impl(ty) => {
            let ret = Ident::new("ret", Span::mixed_site());
            quote_spanned!(span=> async move { #start let #ret: #ty = #block; #ret })
        }
        _ if start.is_empty() => quote_spanned!(span=> async move #block),
        _ => quote_spanned!(span=> async move { #start #block }),
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

/// `dist::start_main(Options::new(node, cookie)..).await;`, the first statement of
/// the root process, when `node = ".."` is given: `erl -name`'s start (epmd if
/// absent, then the node), ending the program with a message if it fails.
fn start_node(rt: &Rt, config: &Config) -> TokenStream {
    let (Some(node), Some(cookie)) = (&config.node, &config.cookie) else {
        return TokenStream::new();
    };
    let dist = {
        let rt = rt.rt();
        quote!(#rt::dist)
    };
    let (node, cookie) = (&node.value, &cookie.value);
    let mut options = quote!(#dist::Options::new(#node, #cookie));
    if let Some(t) = &config.ticktime {
        let secs = &t.value;
        options.extend(quote!(.ticktime(::core::time::Duration::from_secs(#secs))));
    }
    if let Some(p) = &config.epmd_port {
        let port = &p.value;
        options.extend(quote!(.epmd_port(#port)));
    }
    quote!(#dist::start_main(#options).await;)
}

/// The function, not async and with an unreachable body, next to the errors: no
/// "`main` function not found" or "`main` cannot be async" on top of them.
pub(super) fn fallback(kind: Kind, error: Error, mut function: ItemFn) -> TokenStream {
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
