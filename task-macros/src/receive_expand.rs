//! Codegen for `receive!`: one `receive_with` call whose matcher tries the arms in order
//! on each message, then the chosen arm's expression, run after the receive (so it may
//! `.await`).
//!
//! For each arm the matcher takes the message out of its mailbox slot, downcasts it to
//! the arm's type and matches `PAT if GUARD` by value; on a match it returns the arm's
//! index and the pattern's bindings, otherwise it puts the message back untouched.

use crate::bindings::{bindings, without_mut};
use crate::expand::{fallback, timeout_tokens};
use crate::options::{TimeoutArg, timeout_of};
use crate::paths::{Rt, unit_box};
use crate::receive::ReceiveInput;
use crate::rewrite::rewrite_expr;
use crate::tokens::raw_keyword_calls;
use crate::validate::Errors;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::Result;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = raw_keyword_calls(input);
    syn::parse2::<ReceiveInput>(input)
        .and_then(expand_receive)
        .unwrap_or_else(fallback)
}

fn expand_receive(input: ReceiveInput) -> Result<TokenStream> {
    let rt = Rt::new(input.krate);
    let mixed = Span::mixed_site();
    let arm_enum = Ident::new("__ExtaskReceiveArm", mixed);
    let slot = Ident::new("slot", mixed);
    let message = Ident::new("message", mixed);
    let value = Ident::new("value", mixed);

    let mut errors = Errors::default();
    let mut params = Vec::new();
    let mut variants = Vec::new();
    let mut tries = Vec::new();
    let mut outcomes = Vec::new();
    for (index, mut arm) in input.arms.into_iter().enumerate() {
        let found = match bindings(&arm.pat) {
            Ok(found) => found,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let param = format_ident!("T{}", index, span = mixed);
        let variant = format_ident!("Arm{}", index, span = mixed);
        variants.push(quote!(#variant(#param)));
        params.push(param);

        let names = found.iter().map(|b| &b.ident);
        let rebinds = found.iter().map(|b| {
            let ident = &b.ident;
            if b.mutable {
                quote!(mut #ident)
            } else {
                quote!(#ident)
            }
        });
        let (ty, pat) = (&arm.ty, without_mut(&arm.pat));
        let unit = unit_box();
        if let Some((_, guard)) = &mut arm.guard {
            rewrite_expr(&rt, guard);
        }
        let guard = arm
            .guard
            .as_ref()
            .map(|(if_token, guard)| quote!(#if_token #guard));
        tries.push(quote! {
            let #message = ::core::mem::replace(#slot, #unit);
            match #message.downcast::<#ty>() {
                ::core::result::Result::Ok(#value) => match *#value {
                    #pat #guard => {
                        return ::core::option::Option::Some(#arm_enum::#variant((#(#names,)*)));
                    }
                    #[allow(unreachable_patterns)]
                    _ => *#slot = #value,
                },
                ::core::result::Result::Err(#message) => *#slot = #message,
            }
        });
        rewrite_expr(&rt, &mut arm.body);
        let body = &arm.body;
        outcomes.push(quote! {
            #[allow(unused_variables)]
            ::core::option::Option::Some(#arm_enum::#variant((#(#rebinds,)*))) => #body,
        });
    }
    errors.finish()?;
    let (timeout, on_timeout) = match input.after {
        Some(mut after) => {
            let timeout = timeout_tokens(&rt, timeout_of(&after.timeout)?);
            rewrite_expr(&rt, &mut after.body);
            let body = after.body;
            (timeout, quote!(#body))
        }
        None => (
            timeout_tokens(&rt, TimeoutArg::Infinity(Span::call_site())),
            quote!(::core::unreachable!(
                "`receive!` without `after` waits forever"
            )),
        ),
    };
    let holes = params.iter().map(|_| quote!(_));
    let receive_with = rt.process("receive_with");
    let message_ty = rt.message_ty();
    Ok(quote! {{
        enum #arm_enum<#(#params),*> { #(#variants,)* }
        match #receive_with(
            |#slot: &mut #message_ty| -> ::core::option::Option<#arm_enum<#(#holes),*>> {
                #(#tries)*
                ::core::option::Option::None
            },
            #timeout,
        ).await {
            #(#outcomes)*
            ::core::option::Option::None => #on_timeout,
        }
    }})
}
