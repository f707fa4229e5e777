//! Codegen for `task!`: a plain function from tokens to tokens.
//!
//! Every form becomes a call to the runtime function of the same name (docs/design.md).
//! User tokens are re-emitted with their own spans; the locals the expansion introduces
//! are `Span::mixed_site()`.

use crate::ast::{Args, Body, CallBody, Form, TaskInput, Value, Verb};
use crate::options::{OptionValue, ShutdownArg, TimeoutArg, check_option, shutdown_of, timeout_of};
use crate::paths::Rt;
use crate::rewrite::{rewrite_block, rewrite_expr};
use crate::tokens::{name_of, raw_keyword_calls};
use crate::validate::validate;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Error, Expr, ExprReference, Result};

/// `task_impl!{ KRATE; FORM }` → the expansion, or `compile_error!`s in a block (an
/// expression rustc types as an error, so nothing else is reported about it).
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = raw_keyword_calls(input);
    syn::parse2::<TaskInput>(input)
        .and_then(|task| {
            validate(&task.form)?;
            expand_form(&Rt::new(task.krate), task.form)
        })
        .unwrap_or_else(fallback)
}

/// The expansion of an invocation that has errors.
pub(crate) fn fallback(error: Error) -> TokenStream {
    let errors = error.into_compile_error();
    quote!({ #errors })
}

fn expand_form(rt: &Rt, form: Form) -> Result<TokenStream> {
    let verb_span = form.verb_ident.span();
    let dot_await = quote_spanned!(verb_span=> .await);
    let call = |name: &str| {
        let path = rt.task(name);
        quote_spanned!(verb_span=> #path)
    };
    let mut args = form.args;
    match &mut args {
        Args::Subject { subject, .. } => rewrite_expr(rt, subject),
        Args::YieldMany { tasks, .. } => rewrite_expr(rt, tasks),
        Args::AsyncStream { items, .. } => rewrite_expr(rt, items),
        Args::Spawn(_) => {}
    }
    Ok(match (form.verb, args) {
        (Verb::Async, Args::Spawn(Body::Call(body))) => async_mfa(rt, body),
        (verb @ (Verb::Async | Verb::StartLink | Verb::Start), Args::Spawn(body)) => {
            let function = call(match verb {
                Verb::Async => "async_task",
                Verb::StartLink => "start_link",
                _ => "start",
            });
            let future = future_of(rt, body);
            quote!(#function(#future))
        }
        (
            verb,
            Args::Subject {
                mut subject,
                second,
            },
        ) => {
            let function = call(match verb {
                Verb::Await => "await_task",
                Verb::Yield => "yield_task",
                Verb::Shutdown => "shutdown",
                Verb::Ignore => "ignore",
                Verb::Completed => "completed",
                _ => "await_many",
            });
            if verb == Verb::Yield {
                subject = reference(subject);
            }
            match verb {
                Verb::Completed => quote!(#function(#subject)),
                Verb::Ignore => quote!(#function(#subject) #dot_await),
                Verb::Shutdown => {
                    let how = match second {
                        Some(value) => shutdown_tokens(rt, shutdown_of(&value)?),
                        None => shutdown_tokens(rt, ShutdownArg::Timeout(TimeoutArg::Default)),
                    };
                    quote!(#function(#subject, #how) #dot_await)
                }
                _ => {
                    let timeout = timeout_tokens(rt, optional_timeout(second.as_ref())?);
                    quote!(#function(#subject, #timeout) #dot_await)
                }
            }
        }
        (
            verb,
            Args::YieldMany {
                tasks,
                timeout,
                options,
            },
        ) => {
            let function = call("yield_many");
            let mut builder = builder(rt, "YieldManyOptions");
            if let Some(value) = &timeout {
                let timeout = timeout_tokens(rt, timeout_of(value)?);
                builder.extend(quote!(.timeout(#timeout)));
            }
            for option in &options {
                builder.extend(option_call(rt, &option.name, check_option(verb, option)?));
            }
            quote!(#function(#tasks, #builder) #dot_await)
        }
        (
            verb,
            Args::AsyncStream {
                items,
                fun,
                options,
            },
        ) => {
            let function = call("async_stream");
            let fun = stream_fun(rt, fun);
            let mut builder = builder(rt, "StreamOptions");
            for option in &options {
                builder.extend(option_call(rt, &option.name, check_option(verb, option)?));
            }
            quote!(#function(#items, #fun, #builder))
        }
        (verb, Args::Spawn(_)) => {
            return Err(Error::new(
                verb_span,
                format!("`{}` takes no function", verb.name()),
            ));
        }
    })
}

/// The future a task runs, for a body of no arguments.
pub(crate) fn future_of(rt: &Rt, body: Body) -> TokenStream {
    match body {
        Body::Fn(mut f) => {
            rewrite_block(rt, &mut f.block);
            let span = f.fn_token.span;
            let block = &f.block;
            quote_spanned!(span=> async move #block)
        }
        Body::Closure(closure) => {
            let mut closure = Expr::Closure(closure);
            rewrite_expr(rt, &mut closure);
            call_function(closure)
        }
        Body::FnValue(value) => call_function(value),
        Body::Future(block) => {
            let mut future = Expr::Async(block);
            rewrite_expr(rt, &mut future);
            quote!(#future)
        }
        Body::Call(body) => {
            let (lets, call) = call_in_task(rt, body);
            quote!({ #lets async move { #call } })
        }
    }
}

/// `async move { let f = FUNCTION; f().await }`: a function value or closure that
/// returns a future, called inside the task.
fn call_function(function: Expr) -> TokenStream {
    let f = Ident::new("function", Span::mixed_site());
    let span = syn::spanned::Spanned::span(&function);
    let call = quote_spanned!(span=> #f().await);
    quote!(async move { let #f = #function; #call })
}

/// `Task.async(Mod, :fun, args)` as `task!(async module::fun(args))`: the arguments are
/// evaluated by the caller, as in Elixir, and the call runs in the task.
fn async_mfa(rt: &Rt, body: CallBody) -> TokenStream {
    let path = match &*body.call.func {
        Expr::Path(p) => p.path.clone(),
        _ => syn::Path::from(Ident::new("function", Span::call_site())),
    };
    let segments: Vec<String> = path.segments.iter().map(|s| name_of(&s.ident)).collect();
    let span = syn::spanned::Spanned::span(&path);
    let module = match segments.split_last() {
        Some((_, [])) | None => quote!(::core::module_path!()),
        Some((_, modules)) => {
            let joined = modules.join("::");
            quote!(#joined)
        }
    };
    let function = segments.last().cloned().unwrap_or_default();
    let arity = proc_macro2::Literal::usize_unsuffixed(body.call.args.len());
    let (module, function) = (rt.atom(module, span), rt.atom(quote!(#function), span));
    let mfa_ty = rt.rt();
    let async_mfa = rt.task("async_mfa");
    let (lets, call) = call_in_task(rt, body);
    quote!({
        #lets
        #async_mfa(
            #mfa_ty::Mfa { module: #module, function: #function, arity: #arity },
            async move { #call },
        )
    })
}

/// The `let`s that evaluate a call's arguments in the caller, and the call on them.
fn call_in_task(rt: &Rt, mut body: CallBody) -> (TokenStream, TokenStream) {
    let mut lets = TokenStream::new();
    let mut args = Vec::new();
    for (i, arg) in body.call.args.iter_mut().enumerate() {
        rewrite_expr(rt, arg);
        let name = format_ident!("arg{}", i, span = Span::mixed_site());
        lets.extend(quote!(let #name = #arg;));
        args.push(name);
    }
    let func = &body.call.func;
    let paren = body.call.paren_token;
    let mut call = quote!(#func);
    paren.surround(&mut call, |tokens| tokens.extend(quote!(#(#args),*)));
    if let Some((dot, await_token)) = body.await_suffix {
        call.extend(quote!(#dot #await_token));
    }
    (lets, call)
}

/// The function `async_stream` runs on each item.
fn stream_fun(rt: &Rt, fun: Body) -> TokenStream {
    match fun {
        Body::Fn(mut f) => {
            rewrite_block(rt, &mut f.block);
            let span = f.fn_token.span;
            let (params, block) = (&f.params, &f.block);
            quote_spanned!(span=> move |#(#params),*| async move #block)
        }
        Body::Closure(closure) => {
            let mut closure = Expr::Closure(closure);
            rewrite_expr(rt, &mut closure);
            quote!(#closure)
        }
        Body::FnValue(value) => quote!(#value),
        // Refused by `validate`; kept well-typed in case.
        Body::Future(block) => quote!(move |_| #block),
        Body::Call(body) => {
            let call = body.call;
            quote!(move |_| async move { #call })
        }
    }
}

/// `&EXPR`, with parentheses where precedence needs them.
fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

pub(crate) fn optional_timeout(value: Option<&Value>) -> Result<TimeoutArg> {
    value.map_or(Ok(TimeoutArg::Default), timeout_of)
}

/// The runtime `Timeout` for a checked timeout.
pub(crate) fn timeout_tokens(rt: &Rt, timeout: TimeoutArg) -> TokenStream {
    let ty = rt.timeout_ty();
    match timeout {
        TimeoutArg::Default => quote!(#ty::DEFAULT),
        TimeoutArg::Infinity(span) => quote_spanned!(span=> #ty::Infinity),
        TimeoutArg::Ms(ms) => quote!(#ty::ms(#ms)),
        TimeoutArg::Expr(expr) => quote!(::core::convert::Into::<#ty>::into(#expr)),
    }
}

pub(crate) fn shutdown_tokens(rt: &Rt, how: ShutdownArg) -> TokenStream {
    let shutdown = rt.task("Shutdown");
    match how {
        ShutdownArg::BrutalKill(span) => quote_spanned!(span=> #shutdown::BrutalKill),
        ShutdownArg::Timeout(timeout) => {
            let timeout = timeout_tokens(rt, timeout);
            quote!(#shutdown::Timeout(#timeout))
        }
    }
}

/// `KRATE::__private::rt::task::NAME::new()`.
pub(crate) fn builder(rt: &Rt, name: &str) -> TokenStream {
    let ty = rt.task(name);
    quote!(#ty::new())
}

fn option_call(rt: &Rt, name: &Ident, value: OptionValue) -> TokenStream {
    let method = Ident::new(&name_of(name), name.span());
    let arg = match value {
        OptionValue::Expr(expr) => quote!(#expr),
        OptionValue::Timeout(timeout) => timeout_tokens(rt, timeout),
        OptionValue::OnTimeout(on_timeout, span) => {
            let ty = rt.task("OnTimeout");
            let variant = Ident::new(on_timeout.variant(), span);
            quote!(#ty::#variant)
        }
    };
    quote!(.#method(#arg))
}
