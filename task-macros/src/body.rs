//! Inside a task body, the Elixir calls people type from habit mean what they mean in
//! Elixir: `Process.sleep(2_000)`, `self()`, `send(pid, msg)`, `IO.inspect(v)`,
//! `Task.await(t)`, ... A `syn::visit_mut` pass over the parsed body replaces each with
//! the runtime call that `elixir.rs`'s table names, keeping the user's argument tokens.
//! Everything else stays Rust.
//!
//! Each body is visited once: the arguments of a call are rewritten before the call is
//! lowered, and the lowering (`emit.rs`) never rewrites. Rewritten nodes are
//! `Expr::Verbatim`, which the visitor does not enter.

use crate::ast::{Body, StreamFun};
use crate::elixir::{
    Bare, Known, Lowering, SELF, arity_message, bare, is_module, lookup, unknown_message,
};
use crate::emit::{
    Site, TimeoutCheck, builder, future_of, runtime_call, shutdown_tokens, timeout_tokens,
};
use crate::errors::error_expr;
use crate::parse_body::classify;
use crate::paths::Rt;
use crate::tokens::name_of;
use crate::values::{TimeoutArg, Value, optional_shutdown, optional_timeout, timeout_of};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, Token};

/// Rewrites the Elixir calls in an expression (a form's subject, a `receive!` arm).
pub(crate) fn rewrite_expr(rt: &Rt, expr: &mut Expr) {
    Rewriter { rt }.visit_expr_mut(expr);
}

/// Rewrites the Elixir calls in a task's function. (A function value is a path: there
/// is nothing in it to rewrite.)
pub(crate) fn rewrite_body(rt: &Rt, body: &mut Body) {
    let mut rewriter = Rewriter { rt };
    match body {
        Body::Fn(f) => rewriter.visit_block_mut(&mut f.block),
        Body::Closure(closure) => rewriter.visit_expr_closure_mut(closure),
        Body::Future(block) => rewriter.visit_expr_async_mut(block),
        Body::Call(call) => call
            .args
            .iter_mut()
            .for_each(|arg| rewriter.visit_expr_mut(arg)),
        Body::FnValue(_) => {}
    }
}

/// Rewrites the Elixir calls in `async_stream`'s function.
pub(crate) fn rewrite_stream_fun(rt: &Rt, fun: &mut StreamFun) {
    let mut rewriter = Rewriter { rt };
    match fun {
        StreamFun::Fn(f) => rewriter.visit_block_mut(&mut f.block),
        StreamFun::Closure(closure) => rewriter.visit_expr_closure_mut(closure),
        StreamFun::FnValue(_) => {}
    }
}

struct Rewriter<'a> {
    rt: &'a Rt,
}

/// A call in Elixir's shape, found on the AST.
struct ElixirCall {
    module: String,
    function: String,
    /// The user's `Module.function` tokens, for errors.
    name_tokens: TokenStream,
    /// Where the user's call is.
    site: Site,
    args: Punctuated<Expr, Token![,]>,
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let replacement = match elixir_call(expr) {
            Some(Ok(mut call)) => {
                call.args
                    .iter_mut()
                    .for_each(|arg| self.visit_expr_mut(arg));
                self.module_call(call).unwrap_or_else(error_expr)
            }
            Some(Err(error)) => error_expr(error),
            None => {
                visit_mut::visit_expr_mut(self, expr);
                match self.kernel_call(expr) {
                    Some(tokens) => tokens,
                    None => return,
                }
            }
        };
        *expr = Expr::Verbatim(replacement);
    }
}

/// `Module.function(args)` (a method call on the bare path `Module`), `Process.alive?(p)`
/// (a `?` on a field, then called), or a bare `Module.field` (an error).
fn elixir_call(expr: &Expr) -> Option<Result<ElixirCall, Error>> {
    match expr {
        Expr::MethodCall(call) if call.turbofish.is_none() => {
            let module = module_ident(&call.receiver)?;
            let receiver = &call.receiver;
            let method = &call.method;
            Some(Ok(ElixirCall {
                module: module.to_string(),
                function: name_of(&call.method),
                name_tokens: quote!(#receiver . #method),
                site: Site {
                    start: module.span(),
                    name: call.method.span(),
                    args: call.paren_token.span.join(),
                },
                args: call.args.clone(),
            }))
        }
        Expr::Call(call) => {
            let Expr::Try(question) = &*call.func else {
                return None;
            };
            let Expr::Field(field) = &*question.expr else {
                return None;
            };
            let module = module_ident(&field.base)?;
            let syn::Member::Named(name) = &field.member else {
                return None;
            };
            Some(Ok(ElixirCall {
                module: module.to_string(),
                function: format!("{}?", name_of(name)),
                name_tokens: quote!(#question),
                site: Site {
                    start: module.span(),
                    name: name.span(),
                    args: call.paren_token.span.join(),
                },
                args: call.args.clone(),
            }))
        }
        Expr::Field(field) => {
            let module = module_ident(&field.base)?;
            let member = &field.member;
            let name = match member {
                syn::Member::Named(name) => name_of(name),
                syn::Member::Unnamed(index) => index.index.to_string(),
            };
            Some(Err(Error::new_spanned(
                field,
                format!("`{module}.{name}` without a call\nhelp: call it: `{module}.{name}(...)`"),
            )))
        }
        _ => None,
    }
}

/// `Task`, `Process`, `IO`, `Kernel` as a bare one-segment path.
fn module_ident(expr: &Expr) -> Option<&Ident> {
    let Expr::Path(path) = expr else { return None };
    let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
    is_module(&ident.to_string()).then_some(ident)
}

impl Rewriter<'_> {
    fn module_call(&self, call: ElixirCall) -> Result<TokenStream, Error> {
        let Some(known) = lookup(&call.module, &call.function) else {
            return Err(Error::new_spanned(
                &call.name_tokens,
                unknown_message(&call.module, &call.function),
            ));
        };
        if !known.arities.contains(&call.args.len()) {
            return Err(Error::new_spanned(
                &call.name_tokens,
                arity_message(known, call.args.len()),
            ));
        }
        let args: Vec<Expr> = call.args.into_iter().collect();
        self.known_call(known, call.site, args)
    }

    /// The runtime call for a call of `known` at `site`, its arguments (already
    /// rewritten, and as many as `known` takes) lowered as `known.lowering` says.
    fn known_call(&self, known: &Known, site: Site, args: Vec<Expr>) -> Result<TokenStream, Error> {
        let rt = self.rt;
        let mut args = args.into_iter();
        let mut arg = || args.next().map_or_else(TokenStream::new, |a| quote!(#a));
        let check = TimeoutCheck::Awaited(known.elixir_name());
        let timeout = |value: Option<Expr>| -> Result<TokenStream, Error> {
            let value = value.map(Value::Expr);
            Ok(timeout_tokens(
                rt,
                optional_timeout(value.as_ref())?,
                &check,
            ))
        };
        let lowered = match known.lowering {
            Lowering::AsWritten => args.map(|a| quote!(#a)).collect(),
            Lowering::Spawn => vec![future_of(function_body(args.next())?)],
            Lowering::Timeout => vec![arg(), timeout(args.next())?],
            Lowering::BorrowAndTimeout => {
                let subject = arg();
                vec![quote!(&#subject), timeout(args.next())?]
            }
            Lowering::Shutdown => {
                let subject = arg();
                let how = optional_shutdown(args.next().map(Value::Expr).as_ref())?;
                vec![subject, shutdown_tokens(rt, how, &check)]
            }
            Lowering::YieldManyOptions => {
                let tasks = arg();
                let mut options = builder(rt, "YieldManyOptions");
                if let Some(value) = args.next() {
                    let timeout = timeout(Some(value))?;
                    options.extend(quote!(.timeout(#timeout)));
                }
                vec![tasks, options]
            }
            Lowering::StreamOptions => {
                let (items, fun) = (arg(), arg());
                vec![items, fun, builder(rt, "StreamOptions")]
            }
            Lowering::Sleep => {
                let time = match args.next() {
                    Some(value) => match timeout_of(&Value::Expr(value.clone()))? {
                        TimeoutArg::Expr(_) => quote!(#value),
                        checked => timeout_tokens(rt, checked, &check),
                    },
                    None => TokenStream::new(),
                };
                vec![time]
            }
            Lowering::NeverReturns => {
                let call = runtime_call(
                    site,
                    known.runtime.path(rt),
                    vec![arg()],
                    known.runtime.awaited,
                );
                return Ok(quote_spanned!(site.start=> match #call {}));
            }
        };
        Ok(runtime_call(
            site,
            known.runtime.path(rt),
            lowered,
            known.runtime.awaited,
        ))
    }

    /// Elixir's auto-imported `Kernel` functions called bare: `self()`, `send(pid, msg)`,
    /// `exit(reason)`. A call with another number of arguments is left alone.
    fn kernel_call(&self, expr: &Expr) -> Option<TokenStream> {
        let Expr::Call(call) = expr else { return None };
        let Expr::Path(path) = &*call.func else {
            return None;
        };
        let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
        let site = Site {
            start: ident.span(),
            name: ident.span(),
            args: call.paren_token.span.join(),
        };
        let known = match bare(&ident.to_string(), call.args.len())? {
            Bare::SelfPid => {
                return Some(runtime_call(
                    site,
                    SELF.path(self.rt),
                    Vec::new(),
                    SELF.awaited,
                ));
            }
            Bare::Kernel(known) => known,
        };
        let args = call.args.iter().cloned().collect();
        Some(
            self.known_call(known, site, args)
                .unwrap_or_else(error_expr),
        )
    }
}

/// The argument of `Task.async(...)` (or `Task.start_link`, `Task.start`) inside a body:
/// a closure, an `async` block, a function value or a call `module::function(args)`.
fn function_body(arg: Option<Expr>) -> Result<Body, Error> {
    match arg {
        Some(arg) => classify(arg, "Task.async"),
        None => Err(Error::new(
            proc_macro2::Span::call_site(),
            "expected a function",
        )),
    }
}
