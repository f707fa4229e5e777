//! Codegen for `receive!`: one `receive_with` call whose matcher tries the arms in order
//! on each message, then the chosen arm's expression, run after the receive (so it may
//! `.await`).
//!
//! For each arm the matcher takes the message out of its mailbox slot, downcasts it to
//! the arm's type and matches `PAT if GUARD` by value; on a match it returns the arm's
//! index and the pattern's bindings, otherwise it puts the message back untouched.
//!
//! A guard runs while the message is out of its slot (it sees the bindings by value, so
//! it needs the owned value; a borrowed one would give it references), hence through
//! `messages::Guards`: a guard's panic is caught, the message put back as for a miss,
//! and the panic resumed, so no message is lost to it.

use super::bindings::{wildcarded, without_mut};
use super::{Arm, Receive};
use crate::body::rewrite_expr;
use crate::emit::{TimeoutCheck, timeout_tokens};
use crate::paths::unit_box;
use crate::values::TimeoutArg;
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};

/// The expansion of a checked `receive!`: its guards and expressions rewritten once,
/// then emitted.
pub(crate) fn expand(mut input: Receive) -> TokenStream {
    let rt = input.rt;
    for Arm { arm, .. } in &mut input.arms {
        if let Some((_, guard)) = &mut arm.guard {
            rewrite_expr(&rt, guard);
        }
        rewrite_expr(&rt, &mut arm.body);
    }
    if let Some((_, body)) = &mut input.after {
        rewrite_expr(&rt, body);
    }

    let mixed = Span::mixed_site();
    let arm_enum = Ident::new("__ExtaskReceiveArm", mixed);
    let slot = Ident::new("slot", mixed);
    let message = Ident::new("message", mixed);
    let value = Ident::new("value", mixed);
    let guards = Ident::new("guards", mixed);

    let mut params = Vec::new();
    let mut variants = Vec::new();
    let mut tries = Vec::new();
    let mut outcomes = Vec::new();
    for (index, Arm { arm, bindings }) in input.arms.iter().enumerate() {
        let param = format_ident!("T{}", index, span = mixed);
        let variant = format_ident!("Arm{}", index, span = mixed);
        variants.push(quote!(#variant(#param)));
        params.push(param);

        let names = bindings.iter().map(|b| &b.ident);
        let rebinds = bindings.iter().map(|b| {
            let ident = &b.ident;
            if b.mutable {
                quote!(mut #ident)
            } else {
                quote!(#ident)
            }
        });
        let (ty, pat) = (&arm.ty, without_mut(&arm.pat));
        let unit = unit_box();
        let (guard, miss) = match &arm.guard {
            Some((if_token, guard)) => (
                quote!(#if_token #guards.check(|| #guard)),
                quote!({
                    *#slot = #value;
                    #guards.rethrow();
                }),
            ),
            None => (quote!(), quote!(*#slot = #value)),
        };
        tries.push(quote! {
            let #message = ::core::mem::replace(#slot, #unit);
            match #message.downcast::<#ty>() {
                ::core::result::Result::Ok(#value) => match *#value {
                    #pat #guard => {
                        return ::core::option::Option::Some(#arm_enum::#variant((#(#names,)*)));
                    }
                    #[allow(unreachable_patterns)]
                    _ => #miss,
                },
                ::core::result::Result::Err(#message) => *#slot = #message,
            }
        });
        let body = &arm.body;
        outcomes.push(quote! {
            #[allow(unused_variables)]
            ::core::option::Option::Some(#arm_enum::#variant((#(#rebinds,)*))) => #body,
        });
    }
    let (timeout, on_timeout) = match input.after {
        Some((timeout, body)) => (
            timeout_tokens(&rt, timeout, &TimeoutCheck::ReceiveAfter),
            quote!(#body),
        ),
        None => (
            timeout_tokens(
                &rt,
                TimeoutArg::Infinity(Span::call_site()),
                &TimeoutCheck::ReceiveAfter,
            ),
            quote!(::core::unreachable!(
                "`receive!` without `after` waits forever"
            )),
        ),
    };
    let holes = params.iter().map(|_| quote!(_));
    // The arms' types, compared under the mailbox lock before a message is taken
    // out of its slot for the matcher (`process::receive_typed`): a receive passes
    // over the messages no arm can take without moving them. A type with a `_` in
    // it could not be inferred in a closure of its own; such a receive is offered
    // every message, as `receive_with` is.
    let types = input.arms.iter().map(|a| &a.arm.ty);
    let typed = !input
        .arms
        .iter()
        .any(|a| has_infer(a.arm.ty.to_token_stream()));
    let type_id = quote!(::core::any::TypeId);
    let message_ty = rt.message_ty();
    let (receive_with, filter) = if typed {
        let tests = types.map(|ty| quote!(id == #type_id::of::<#ty>()));
        let (id, test, peeked) = if input.arms.is_empty() {
            (quote!(_), quote!(false), quote!(_))
        } else {
            (quote!(id), quote!(#(#tests)||*), quote!(#message))
        };
        // Also under the lock: each arm's pattern, its bindings made `_`, matched in
        // place (it moves nothing and runs no user code). A message whose first
        // matching arm has no guard is taken out of the mailbox at once, one lock
        // for the whole receive; one a guard must decide on is looked at outside.
        let peek_ty = rt.process("Peek");
        let peeks = input.arms.iter().map(|Arm { arm, .. }| {
            let (ty, pat) = (&arm.ty, wildcarded(&arm.pat));
            let verdict = match arm.guard {
                Some(_) => quote!(Look),
                None => quote!(Take),
            };
            quote! {
                if let ::core::option::Option::Some(#value) = #message.downcast_ref::<#ty>() {
                    #[allow(unreachable_patterns, clippy::match_single_binding)]
                    match *#value {
                        #pat => return #peek_ty::#verdict,
                        _ => {}
                    }
                }
            }
        });
        (
            rt.process("receive_typed"),
            quote! {
                |#id: #type_id| -> bool { #test },
                |#peeked: &#message_ty| -> #peek_ty {
                    #(#peeks)*
                    #peek_ty::No
                },
            },
        )
    } else {
        (rt.process("receive_with"), quote!())
    };
    let guards_init = input.arms.iter().any(|a| a.arm.guard.is_some()).then(|| {
        let guards_ty = rt.guards_ty();
        quote!(let mut #guards = #guards_ty::new();)
    });
    quote! {{
        enum #arm_enum<#(#params),*> { #(#variants,)* }
        match #receive_with(
            #filter
            |#slot: &mut #message_ty| -> ::core::option::Option<#arm_enum<#(#holes),*>> {
                #guards_init
                #(#tries)*
                ::core::option::Option::None
            },
            #timeout,
        ).await {
            #(#outcomes)*
            ::core::option::Option::None => #on_timeout,
        }
    }}
}

/// Whether a type's tokens hold a `_` (a part left to inference).
fn has_infer(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "_",
        TokenTree::Group(g) => has_infer(g.stream()),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}
