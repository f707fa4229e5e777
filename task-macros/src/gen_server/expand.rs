//! The code of `#[extask::gen_server]`: the request enums (`NameCall`,
//! `NameReply`, `NameCast`), the `Protocol` and `GenServer` impls, and the
//! inherent impl with the client functions and the renamed methods. Every
//! runtime path starts at `KRATE::__private::rt`; the bindings it introduces
//! are `mixed_site`, out of the user's reach.

use super::{Handler, Model, Output};
use crate::errors::closest;
use proc_macro2::{Group, TokenTree};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Error, Ident, ImplItem, ItemImpl};

pub(super) fn emit(model: &Model) -> TokenStream {
    let krate = &model.krate;
    let rt = quote!(#krate::__private::rt);
    let gs = quote!(#rt::gen_server);
    let self_ty = &model.self_ty;
    let [call_enum, reply_enum, cast_enum] =
        ["Call", "Reply", "Cast"].map(|what| format_ident!("{}{}", model.name, what));

    let requests = |handlers: &[Handler], ident: &Ident, what: &str| {
        let variants = handlers.iter().map(|h| {
            let variant = &h.variant;
            let types = h.args.iter().map(|(_, ty)| ty);
            let doc = format!("`{}::{}`", model.name, h.client);
            let fields = (!h.args.is_empty()).then(|| quote!((#(#types),*)));
            quote!(#[doc = #doc] #variant #fields)
        });
        let doc = format!(
            "The {what} of [`{}`], one variant per `#[{}]` method (written by `#[extask::gen_server]`).",
            model.name,
            what.trim_end_matches('s')
        );
        let inspect = inspect_impl(&rt, ident, handlers);
        quote! {
            #[doc = #doc]
            pub enum #ident { #(#variants),* }
            #inspect
        }
    };
    let call_decl = requests(&model.calls, &call_enum, "calls");
    let cast_decl = requests(&model.casts, &cast_enum, "casts");
    let reply_variants = model.calls.iter().map(|h| {
        let variant = &h.variant;
        let Output::Reply(ty) = &h.output else {
            unreachable!("a call replies")
        };
        quote!(#[doc(hidden)] #variant(#ty))
    });
    let reply_doc = format!(
        "The replies of [`{}`]'s calls (written by `#[extask::gen_server]`).",
        model.name
    );

    let value = Ident::new("value", Span::mixed_site());
    let server = Ident::new("server", Span::mixed_site());
    let clients = model.calls.iter().chain(&model.casts).map(|h| {
        let (variant, docs, vis, client) = (&h.variant, &h.docs, &h.vis, &h.client);
        let params = h.args.iter().map(|(name, ty)| quote!(#name: #ty));
        let names: Vec<&Ident> = h.args.iter().map(|(name, _)| name).collect();
        let fields = (!names.is_empty()).then(|| quote!((#(#names),*)));
        match &h.output {
            Output::Reply(ty) => {
                let rest = (model.calls.len() > 1).then(|| {
                    quote!(_ => ::core::unreachable!("a GenServer answers a call with its own reply"),)
                });
                let try_client = format_ident!("try_{}", client);
                let try_doc = format!(
                    "[`{client}`](Self::{client}) with a timeout (ms, `Timeout` or `Duration`; \
                     a negative one raises), returning the call's exit \
                     reason (`{{reason, {{GenServer, :call, [..]}}}}`) instead of exiting \
                     the caller (`catch :exit` in Elixir)."
                );
                let timeout = Ident::new("timeout", Span::mixed_site());
                let params_again = h.args.iter().map(|(name, ty)| quote!(#name: #ty));
                quote! {
                    #(#docs)*
                    #vis async fn #client(#server: &#gs::Server<Self>, #(#params),*) -> #ty {
                        match #gs::call(#server, #call_enum::#variant #fields, #rt::Timeout::DEFAULT).await {
                            #reply_enum::#variant(#value) => #value,
                            #rest
                        }
                    }

                    #[doc = #try_doc]
                    #vis async fn #try_client(
                        #server: &#gs::Server<Self>,
                        #(#params_again,)*
                        #timeout: impl #rt::IntoTimeout,
                    ) -> ::core::result::Result<#ty, #rt::ExitReason> {
                        // A negative timeout raises, as Erlang's `gen:call/4` does.
                        let #timeout = #rt::process::checked_timeout(#timeout, ":gen.call/4").await;
                        match #gs::try_call(#server, #call_enum::#variant #fields, #timeout).await? {
                            #reply_enum::#variant(#value) => ::core::result::Result::Ok(#value),
                            #rest
                        }
                    }
                }
            }
            Output::NoReply | Output::Return => quote! {
                #(#docs)*
                #vis fn #client(#server: &#gs::Server<Self>, #(#params),*) {
                    #gs::cast(#server, #cast_enum::#variant #fields)
                }
            },
        }
    });
    let methods = model.calls.iter().chain(&model.casts).map(|h| {
        let method = &h.method;
        quote!(#[doc(hidden)] #method)
    });

    let dispatch = |handlers: &[Handler], ident: &Ident| {
        let arms = handlers.iter().map(|h| {
            let variant = &h.variant;
            let bindings: Vec<Ident> = (0..h.args.len())
                .map(|i| format_ident!("arg{}", i, span = Span::mixed_site()))
                .collect();
            let method = &h.method.sig.ident;
            let awaited = h.is_async.then(|| quote!(.await));
            let run = quote!(Self::#method(self, #(#bindings),*) #awaited);
            let body = match &h.output {
                Output::Reply(_) => {
                    quote!(#gs::CallReturn::Reply(#reply_enum::#variant(#run)))
                }
                Output::NoReply => quote!({ #run; #gs::Return::NoReply }),
                Output::Return => run,
            };
            let fields = (!bindings.is_empty()).then(|| quote!((#(#bindings),*)));
            quote!(#ident::#variant #fields => #body,)
        });
        quote!(match request { #(#arms)* })
    };
    let request = Ident::new("request", Span::call_site());
    // At the state's name: a state that is not `Send` makes these futures
    // not `Send` either, and that is reported there, not at the attribute.
    let state_span = syn::spanned::Spanned::span(self_ty);
    let handle_call = (!model.calls.is_empty()).then(|| {
        let body = dispatch(&model.calls, &call_enum);
        let sig = respan(
            quote!(async fn handle_call(&mut self, #request: #call_enum, _: #gs::Caller<#reply_enum>) -> #gs::CallReturn<Self>),
            state_span,
        );
        quote!(#sig { #body })
    });
    let handle_cast = (!model.casts.is_empty()).then(|| {
        let body = dispatch(&model.casts, &cast_enum);
        let sig = respan(
            quote!(async fn handle_cast(&mut self, #request: #cast_enum) -> #gs::Return<Self>),
            state_span,
        );
        quote!(#sig { #body })
    });

    let init = &model.init;
    let init_method = &init.method;
    let init_name = &init_method.sig.ident;
    let awaited = init.is_async.then(|| quote!(.await));
    let arg = Ident::new("arg", Span::mixed_site());
    let (arg_ty, init_fn) = match &init.arg {
        Some(ty) => (
            quote!(#ty),
            quote!(async fn init(#arg: #ty) -> #gs::Init<Self> { Self::#init_name(#arg) #awaited }),
        ),
        None => (
            quote!(()),
            quote!(async fn init(_: ()) -> #gs::Init<Self> { Self::#init_name() #awaited }),
        ),
    };
    let unit = quote!(());
    let info_ty = model.info_ty.as_ref().map_or(unit.clone(), |t| quote!(#t));
    let continue_ty = model.continue_ty.as_ref().map_or(unit, |t| quote!(#t));
    let callbacks = &model.callbacks;
    let (attrs, rest) = (&model.attrs, &model.rest);

    quote! {
        #(#attrs)*
        impl #self_ty {
            #(#clients)*
            #[doc(hidden)]
            #init_method
            #(#methods)*
            #(#rest)*
        }

        #call_decl
        #[doc = #reply_doc]
        pub enum #reply_enum { #(#reply_variants),* }
        #cast_decl

        impl #gs::Protocol for #self_ty {
            type Call = #call_enum;
            type Reply = #reply_enum;
            type Cast = #cast_enum;
        }

        impl #gs::GenServer for #self_ty {
            type Arg = #arg_ty;
            type Info = #info_ty;
            type Continue = #continue_ty;
            #init_fn
            #handle_call
            #handle_cast
            #(#callbacks)*
        }
    }
}

/// A request prints as Elixir's would: `:get`, `{:add, 5}`.
fn inspect_impl(rt: &TokenStream, ident: &Ident, handlers: &[Handler]) -> TokenStream {
    let inspect = quote!(#rt::inspect);
    let arms = handlers.iter().map(|h| {
        let variant = &h.variant;
        let atom = h.client.to_string();
        let atom = atom.trim_start_matches("r#");
        let bindings: Vec<Ident> = (0..h.args.len())
            .map(|i| format_ident!("arg{}", i, span = Span::mixed_site()))
            .collect();
        // Spanned at each argument's type: a type that does not print is
        // reported there.
        let docs = bindings.iter().zip(&h.args).map(|(b, (_, ty))| {
            let span = syn::spanned::Spanned::span(ty);
            quote::quote_spanned!(span=> #inspect::Inspect::to_doc(#b))
        });
        if h.args.is_empty() {
            quote!(#ident::#variant => #inspect::derive::atom(#atom),)
        } else {
            quote!(#ident::#variant(#(#bindings),*) => #inspect::derive::tagged(#atom, ::std::vec![#(#docs),*]),)
        }
    });
    let body = if handlers.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#arms)* })
    };
    quote! {
        impl #inspect::Inspect for #ident {
            fn to_doc(&self) -> #inspect::Doc {
                #body
            }
        }
    }
}

/// A block with errors: the errors, the block without this macro's
/// attributes (so the methods still type-check), and stand-in `Protocol` and
/// `GenServer` impls, so that `Init<Self>` in the block and the uses of the
/// server elsewhere are not reported on top of the errors.
pub(super) fn fallback(error: Error, mut block: ItemImpl, krate: &TokenStream) -> TokenStream {
    let errors = error.into_compile_error();
    for item in &mut block.items {
        if let ImplItem::Fn(method) = item {
            method.attrs.retain(|a| {
                let name = a.path().get_ident().map(ToString::to_string);
                name.is_none_or(|n| closest(&n, ["call", "cast"]).is_none())
            });
        }
    }
    let stand_in = (block.trait_.is_none() && block.generics.params.is_empty()).then(|| {
        let self_ty = &block.self_ty;
        let gs = quote!(#krate::__private::rt::gen_server);
        quote! {
            impl #gs::Protocol for #self_ty {
                type Call = ();
                type Reply = ();
                type Cast = ();
            }
            impl #gs::GenServer for #self_ty {
                type Arg = ();
                type Info = ();
                type Continue = ();
                async fn init(_: ()) -> #gs::Init<Self> {
                    ::core::unreachable!()
                }
            }
        }
    });
    quote! {
        #errors
        #block
        #stand_in
    }
}

/// `tokens`, every one of them (inside groups too) at `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                TokenTree::Group(new)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
