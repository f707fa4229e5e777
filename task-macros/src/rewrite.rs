//! Inside a task body, the Elixir calls people type from habit mean what they mean in
//! Elixir: `Process.sleep(2_000)`, `self()`, `send(pid, msg)`, `IO.inspect(v)`,
//! `Task.await(t)`, ... A `syn::visit_mut` pass over the parsed body replaces each with
//! the runtime call, keeping the user's argument tokens. Everything else stays Rust.

use crate::ast::{Body, Value};
use crate::elixir::{Known, arity_message, lookup, unknown_message};
use crate::expand::{builder, future_of, optional_timeout, shutdown_tokens, timeout_tokens};
use crate::options::{ShutdownArg, TimeoutArg, shutdown_of, timeout_of};
use crate::parse_body::classify;
use crate::paths::Rt;
use crate::tokens::{ELIXIR_MODULES, name_of};
use proc_macro2::{Delimiter, Group, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Error, Expr, Token};

pub(crate) fn rewrite_block(rt: &Rt, block: &mut Block) {
    Rewriter { rt }.visit_block_mut(block);
}

pub(crate) fn rewrite_expr(rt: &Rt, expr: &mut Expr) {
    Rewriter { rt }.visit_expr_mut(expr);
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

/// An error standing where an expression was: parenthesised, because syn's
/// `compile_error!{..}` at the start of a statement would end the statement
/// there (`Process.sleep | x` must stay one expression).
fn error_expr(error: Error) -> TokenStream {
    let error = error.to_compile_error();
    quote::quote!((#error))
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
            let module = module_name(&call.receiver)?;
            let receiver = &call.receiver;
            let method = &call.method;
            Some(Ok(ElixirCall {
                module,
                function: name_of(&call.method),
                name_tokens: quote!(#receiver . #method),
                site: Site {
                    start: first_span(&call.receiver),
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
            let module = module_name(&field.base)?;
            let syn::Member::Named(name) = &field.member else {
                return None;
            };
            Some(Ok(ElixirCall {
                module,
                function: format!("{}?", name_of(name)),
                name_tokens: quote!(#question),
                site: Site {
                    start: first_span(&field.base),
                    name: name.span(),
                    args: call.paren_token.span.join(),
                },
                args: call.args.clone(),
            }))
        }
        Expr::Field(field) => {
            let module = module_name(&field.base)?;
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

/// The span of the first token of a bare module path.
fn first_span(expr: &Expr) -> Span {
    match expr {
        Expr::Path(path) => path
            .path
            .segments
            .first()
            .map_or_else(Span::call_site, |s| s.ident.span()),
        _ => Span::call_site(),
    }
}

/// `Task`, `Process`, `IO`, `Kernel` as a bare one-segment path.
fn module_name(expr: &Expr) -> Option<String> {
    let Expr::Path(path) = expr else { return None };
    let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
    let name = ident.to_string();
    ELIXIR_MODULES.contains(&name.as_str()).then_some(name)
}

/// Where the user's call sits: the generated call is spanned so that rustc's span for
/// the whole expression is exactly the user's `Module.function(args)`.
#[derive(Clone, Copy)]
struct Site {
    /// The first token (`Process`, `self`).
    start: Span,
    /// The function's name (`sleep`, `self`): where rustc says "await occurs here".
    name: Span,
    /// The argument list's parentheses.
    args: Span,
}

/// A runtime call to emit: `(FUNCTION)(ARGS)`, then `.await` when it is async.
struct RuntimeCall {
    function: TokenStream,
    args: Vec<TokenStream>,
    awaited: bool,
}

impl RuntimeCall {
    fn new(function: TokenStream, args: Vec<TokenStream>, awaited: bool) -> RuntimeCall {
        RuntimeCall {
            function,
            args,
            awaited,
        }
    }

    /// `(path)(args)[.await]`: the callee's parentheses carry the span of the user's first
    /// token and the argument list that of the user's, so type errors about the call
    /// point at the user's call. (Parentheses around a callee draw no `unused_parens`.)
    fn emit(self, site: Site) -> TokenStream {
        let RuntimeCall {
            function,
            args,
            awaited,
        } = self;
        let mut callee = Group::new(Delimiter::Parenthesis, function);
        callee.set_span(site.start);
        let mut arguments = Group::new(Delimiter::Parenthesis, quote!(#(#args),*));
        arguments.set_span(site.args);
        let dot_await = awaited.then(|| quote_spanned!(site.name=> .await));
        quote!(#callee #arguments #dot_await)
    }
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

    fn known_call(&self, known: &Known, site: Site, args: Vec<Expr>) -> Result<TokenStream, Error> {
        let rt = self.rt;
        let mut args = args.into_iter();
        let mut arg = || args.next().map_or_else(TokenStream::new, |a| quote!(#a));
        let timeout = |value: Option<Expr>| -> Result<TokenStream, Error> {
            let value = value.map(Value::Expr);
            Ok(timeout_tokens(rt, optional_timeout(value.as_ref())?))
        };
        let call = match (known.module, known.function) {
            ("Task", "async" | "start_link" | "start") => {
                let function = rt.task(match known.function {
                    "async" => "async_task",
                    "start_link" => "start_link",
                    _ => "start",
                });
                let future = future_of(rt, function_body(args.next())?);
                RuntimeCall::new(function, vec![future], false)
            }
            ("Task", "await" | "await_many") => {
                let function = rt.task(if known.function == "await" {
                    "await_task"
                } else {
                    "await_many"
                });
                let subject = arg();
                RuntimeCall::new(function, vec![subject, timeout(args.next())?], true)
            }
            ("Task", "yield") => {
                let subject = arg();
                let timeout = timeout(args.next())?;
                RuntimeCall::new(
                    rt.task("yield_task"),
                    vec![quote!(&#subject), timeout],
                    true,
                )
            }
            ("Task", "yield_many") => {
                let tasks = arg();
                let mut options = builder(rt, "YieldManyOptions");
                if let Some(value) = args.next() {
                    let timeout = timeout(Some(value))?;
                    options.extend(quote!(.timeout(#timeout)));
                }
                RuntimeCall::new(rt.task("yield_many"), vec![tasks, options], true)
            }
            ("Task", "shutdown") => {
                let subject = arg();
                let how = match args.next() {
                    Some(value) => shutdown_of(&Value::Expr(value))?,
                    None => ShutdownArg::Timeout(TimeoutArg::Default),
                };
                RuntimeCall::new(
                    rt.task("shutdown"),
                    vec![subject, shutdown_tokens(rt, how)],
                    true,
                )
            }
            ("Task", "ignore") => RuntimeCall::new(rt.task("ignore"), vec![arg()], true),
            ("Task", "completed") => RuntimeCall::new(rt.task("completed"), vec![arg()], false),
            ("Task", _) => {
                let (items, fun) = (arg(), arg());
                RuntimeCall::new(
                    rt.task("async_stream"),
                    vec![items, fun, builder(rt, "StreamOptions")],
                    false,
                )
            }
            ("Process", "sleep") => {
                let time = match args.next() {
                    Some(value) => match timeout_of(&Value::Expr(value.clone()))? {
                        TimeoutArg::Expr(_) => quote!(#value),
                        checked => timeout_tokens(rt, checked),
                    },
                    None => TokenStream::new(),
                };
                RuntimeCall::new(rt.process("sleep"), vec![time], true)
            }
            ("Process", "link") => RuntimeCall::new(rt.process("link"), vec![arg()], true),
            ("Process", "alive?") => RuntimeCall::new(rt.process("alive"), vec![arg()], false),
            ("IO", _) => RuntimeCall::new(rt.inspect("io_inspect"), vec![arg()], false),
            ("Kernel", "exit") => {
                // Kernel's `exit/1` never returns: `match` on its `Infallible`.
                let call = RuntimeCall::new(rt.process("exit_self"), vec![arg()], true).emit(site);
                return Ok(quote_spanned!(site.start=> match #call {}));
            }
            // Process.send/unlink/monitor/demonitor/exit and Kernel.send: same name, same
            // arguments.
            (_, name) => {
                RuntimeCall::new(rt.process(name), args.map(|a| quote!(#a)).collect(), false)
            }
        };
        Ok(call.emit(site))
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
        let known = match (ident.to_string().as_str(), call.args.len()) {
            ("self", 0) => {
                return Some(
                    RuntimeCall::new(self.rt.process("self_pid"), Vec::new(), false).emit(site),
                );
            }
            ("send", 2) => lookup("Kernel", "send")?,
            ("exit", 1) => lookup("Kernel", "exit")?,
            _ => return None,
        };
        let args = call.args.iter().cloned().collect();
        Some(
            self.known_call(known, site, args)
                .unwrap_or_else(error_expr),
        )
    }
}

/// The argument of `Task.async(...)` inside a body: a closure, an `async` block, a
/// function value or a call `module::function(args)`.
fn function_body(arg: Option<Expr>) -> Result<Body, Error> {
    match arg {
        Some(arg) => classify(arg, "Task.async"),
        None => Err(Error::new(Span::call_site(), "expected a function")),
    }
}
