//! Codegen helpers, pure: checked values and already rewritten bodies in, tokens out.
//! Shared by the verbs (`expand.rs`), the Elixir calls in bodies (`body.rs`) and
//! `receive!`; nothing here rewrites, so no body is visited twice.
//!
//! User tokens are re-emitted with their own spans; the locals the expansion
//! introduces are `Span::mixed_site()`.

use crate::ast::{Body, CallBody, OptionValue, StreamFun};
use crate::elixir::ASYNC_MFA;
use crate::paths::Rt;
use crate::tokens::name_of;
use crate::values::{ShutdownArg, TimeoutArg};
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Expr, ExprReference, Local, LocalInit, Stmt};

/// The future a task runs, for a body of no arguments.
pub(crate) fn future_of(body: Body) -> TokenStream {
    match body {
        Body::Fn(f) => {
            let span = f.fn_token.span;
            let block = &f.block;
            quote_spanned!(span=> async move #block)
        }
        Body::Closure(closure) => call_function(Expr::Closure(closure)),
        Body::FnValue(value) => call_function(value),
        Body::Future(block) => quote!(#block),
        Body::Call(body) => {
            let (lets, call) = call_in_task(body);
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
pub(crate) fn async_mfa(rt: &Rt, body: CallBody) -> TokenStream {
    let path = &body.func.path;
    let segments: Vec<String> = path.segments.iter().map(|s| name_of(&s.ident)).collect();
    let span = syn::spanned::Spanned::span(path);
    let module = match segments.split_last() {
        Some((_, [])) | None => quote!(::core::module_path!()),
        Some((_, modules)) => {
            let joined = modules.join("::");
            quote!(#joined)
        }
    };
    let function = segments.last().cloned().unwrap_or_default();
    let arity = proc_macro2::Literal::usize_unsuffixed(body.args.len());
    let (module, function) = (rt.atom(module, span), rt.atom(quote!(#function), span));
    let mfa_ty = rt.rt();
    let async_mfa = ASYNC_MFA.path(rt);
    let (lets, call) = call_in_task(body);
    quote!({
        #lets
        #async_mfa(
            #mfa_ty::Mfa { module: #module, function: #function, arity: #arity },
            async move { #call },
        )
    })
}

/// The `let`s that evaluate a call's arguments in the caller, and the call on them.
fn call_in_task(body: CallBody) -> (TokenStream, TokenStream) {
    let mut lets = TokenStream::new();
    let mut args = Vec::new();
    for (i, arg) in body.args.iter().enumerate() {
        let name = format_ident!("arg{}", i, span = Span::mixed_site());
        lets.extend(quote!(let #name = #arg;));
        args.push(name);
    }
    let func = &body.func;
    let mut call = quote!(#func);
    body.paren_token
        .surround(&mut call, |tokens| tokens.extend(quote!(#(#args),*)));
    if let Some((dot, await_token)) = body.await_suffix {
        call.extend(quote!(#dot #await_token));
    }
    (lets, call)
}

/// The function `async_stream` runs on each item.
pub(crate) fn stream_fun(fun: StreamFun) -> TokenStream {
    match fun {
        StreamFun::Fn(f) => {
            let span = f.fn_token.span;
            let params = &f.params;
            let mut block = f.block;
            // `let db = db.clone();` at the top of the body is what rustc tells
            // a user to write, and what they write: it runs in the closure, once
            // per item, so the item's `async move` block takes the clone and the
            // closure keeps the original (moved into the block it would make the
            // closure `FnOnce`).
            let split = block.stmts.iter().take_while(|s| is_clone_let(s)).count();
            let clones: Vec<Stmt> = block.stmts.drain(..split).collect();
            if clones.is_empty() {
                return quote_spanned!(span=> move |#(#params),*| async move #block);
            }
            quote_spanned!(span=> move |#(#params),*| { #(#clones)* async move #block })
        }
        StreamFun::Closure(closure) => quote!(#closure),
        StreamFun::FnValue(value) => quote!(#value),
    }
}

/// `let NAME = EXPR.clone();` or `let NAME = Arc::clone(&EXPR);` (any path
/// ending in `clone`): a statement that only takes a handle on a captured value.
fn is_clone_let(stmt: &Stmt) -> bool {
    let Stmt::Local(Local {
        init:
            Some(LocalInit {
                expr,
                diverge: None,
                ..
            }),
        ..
    }) = stmt
    else {
        return false;
    };
    match &**expr {
        Expr::MethodCall(call) => call.method == "clone" && call.args.is_empty(),
        Expr::Call(call) => {
            matches!(
                &*call.func,
                Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "clone")
            ) && call.args.len() == 1
        }
        _ => false,
    }
}

/// `&EXPR`, with parentheses where precedence needs them.
pub(crate) fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// Where a run-time timeout is checked, which decides what a negative one does.
pub(crate) enum TimeoutCheck {
    /// An argument of this Elixir function (`"Task.await/2"`), in an async
    /// expansion: a negative value exits the caller with Elixir's
    /// `FunctionClauseError` before the call.
    Awaited(String),
    /// The same, where the expansion is not async (a stream built, not run):
    /// the caller is marked to exit at its next suspension.
    Now(String),
    /// `receive!`'s `after`: a negative value is Erlang's `:timeout_value` error.
    ReceiveAfter,
}

/// The runtime `Timeout` for a checked timeout.
pub(crate) fn timeout_tokens(rt: &Rt, timeout: TimeoutArg, check: &TimeoutCheck) -> TokenStream {
    let ty = rt.timeout_ty();
    match timeout {
        TimeoutArg::Default => quote!(#ty::DEFAULT),
        TimeoutArg::Infinity(span) => quote_spanned!(span=> #ty::Infinity),
        TimeoutArg::Ms(ms) => quote!(#ty::ms(#ms)),
        TimeoutArg::Expr(expr) => match check {
            TimeoutCheck::Awaited(function) => {
                let checked = rt.process("checked_timeout");
                quote!(#checked(#expr, #function).await)
            }
            TimeoutCheck::Now(function) => {
                let checked = rt.process("checked_timeout_now");
                quote!(#checked(#expr, #function))
            }
            TimeoutCheck::ReceiveAfter => {
                let checked = rt.process("checked_receive_after");
                quote!(#checked(#expr).await)
            }
        },
    }
}

/// The runtime `Shutdown` for a checked shutdown.
pub(crate) fn shutdown_tokens(rt: &Rt, how: ShutdownArg, check: &TimeoutCheck) -> TokenStream {
    let shutdown = rt.task("Shutdown");
    match how {
        ShutdownArg::BrutalKill(span) => quote_spanned!(span=> #shutdown::BrutalKill),
        ShutdownArg::Timeout(timeout) => {
            let timeout = timeout_tokens(rt, timeout, check);
            quote!(#shutdown::Timeout(#timeout))
        }
    }
}

/// `KRATE::__private::rt::task::NAME::new()`.
pub(crate) fn builder(rt: &Rt, name: &str) -> TokenStream {
    let ty = rt.task(name);
    quote!(#ty::new())
}

/// `.NAME(VALUE)`: one option on a builder, the method spanned at the user's name.
pub(crate) fn option_call(
    rt: &Rt,
    name: &Ident,
    value: OptionValue,
    check: &TimeoutCheck,
) -> TokenStream {
    let method = Ident::new(&name_of(name), name.span());
    let arg = match value {
        OptionValue::Expr(expr) => quote!(#expr),
        OptionValue::Timeout(timeout) => timeout_tokens(rt, timeout, check),
        OptionValue::OnTimeout(on_timeout, span) => {
            let ty = rt.task("OnTimeout");
            let variant = Ident::new(on_timeout.variant(), span);
            quote!(#ty::#variant)
        }
    };
    quote!(.#method(#arg))
}

/// Where the user's call sits: the generated call is spanned so that rustc's span for
/// the whole expression is exactly the user's `Module.function(args)`.
#[derive(Clone, Copy)]
pub(crate) struct Site {
    /// The first token (`Process`, `self`).
    pub(crate) start: Span,
    /// The function's name (`sleep`, `self`): where rustc says "await occurs here".
    pub(crate) name: Span,
    /// The argument list's parentheses.
    pub(crate) args: Span,
}

/// `(path)(args)[.await]`, a runtime call standing for a user's call at `site`: the
/// callee's parentheses carry the span of the user's first token and the argument list
/// that of the user's, so type errors about the call point at the user's call.
/// (Parentheses around a callee draw no `unused_parens`.)
pub(crate) fn runtime_call(
    site: Site,
    function: TokenStream,
    args: Vec<TokenStream>,
    awaited: bool,
) -> TokenStream {
    let mut callee = Group::new(Delimiter::Parenthesis, function);
    callee.set_span(site.start);
    let mut arguments = Group::new(Delimiter::Parenthesis, quote!(#(#args),*));
    arguments.set_span(site.args);
    let dot_await = awaited.then(|| quote_spanned!(site.name=> .await));
    quote!(#callee #arguments #dot_await)
}
