//! The function a task runs: `fn PARAMS -> STMTS end`, a Rust closure, an `async`
//! block, a function value, or a call `module::function(args)`.

use crate::ast::{Body, CallBody, FnBody};
use crate::tokens::{delimited, is_ident, split_at_arrow, take_until_end};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Block, Error, Expr, ExprAwait, ExprCall, Pat, PatType, Result, Token};

/// The shapes a task's function may take, for error messages.
const BODY_SHAPES: &str = "`fn -> ... end`, a closure `|| async { ... }`, an `async { ... }` block, \
     a function value, or a call `module::function(args)`";

pub(crate) fn parse_body(input: ParseStream<'_>, verb: &str) -> Result<Body> {
    if input.peek(Token![fn]) {
        return parse_fn(input).map(Body::Fn);
    }
    if input.is_empty() {
        return Err(Error::new(
            input.span(),
            format!(
                "expected a function after `{verb}`: {BODY_SHAPES}\nhelp: write `task!({verb} fn -> ... end)`"
            ),
        ));
    }
    if input.peek(Token![do]) {
        let do_token: Token![do] = input.parse()?;
        return Err(Error::new_spanned(
            do_token,
            format!(
                "expected `fn`, found `do`\nhelp: in Elixir `do ... end` is a block, not a function: \
                 write `task!({verb} fn -> ... end)`"
            ),
        ));
    }
    if input.peek(Token![->]) {
        let arrow: Token![->] = input.parse()?;
        return Err(Error::new_spanned(
            arrow,
            format!("missing `fn` before `->`\nhelp: write `task!({verb} fn -> ... end)`"),
        ));
    }
    if input.peek(syn::token::Brace) {
        let block: Block = input.parse()?;
        return Err(Error::new_spanned(
            quote!(#block),
            format!(
                "expected a function, found a block in braces\nhelp: write the body between `fn ->` \
                 and `end`: `task!({verb} fn -> ... end)`, or make it a future: `async move {{ ... }}`"
            ),
        ));
    }
    let expr: Expr = input.parse()?;
    classify(expr, verb)
}

pub(crate) fn classify(expr: Expr, verb: &str) -> Result<Body> {
    match expr {
        Expr::Closure(closure) => Ok(Body::Closure(closure)),
        Expr::Async(block) => Ok(Body::Future(block)),
        Expr::Path(_) => Ok(Body::FnValue(expr)),
        Expr::Call(call) => match path_call(call, None) {
            Ok(call) => Ok(Body::Call(call)),
            Err(other) => Err(not_a_function(&quote!(#other), verb)),
        },
        Expr::Await(ExprAwait {
            base,
            dot_token,
            await_token,
            ..
        }) => match *base {
            Expr::Call(call) => match path_call(call, Some((dot_token, await_token))) {
                Ok(call) => Ok(Body::Call(call)),
                Err(base) => Err(not_a_function(&quote!(#base .await), verb)),
            },
            base => Err(not_a_function(&quote!(#base .await), verb)),
        },
        other => Err(not_a_function(&quote!(#other), verb)),
    }
}

/// The call as a `CallBody` if its callee is a path (`module::function`), else the call
/// back as it was.
fn path_call(
    call: ExprCall,
    await_suffix: Option<(Token![.], Token![await])>,
) -> std::result::Result<CallBody, ExprCall> {
    let ExprCall {
        attrs,
        func,
        paren_token,
        args,
    } = call;
    match *func {
        // `crate()` / `super()` parse as calls but are no expression to call.
        Expr::Path(func) if func.qself.is_none() && !ends_in_module_keyword(&func) => {
            Ok(CallBody {
                attrs,
                func,
                paren_token,
                args,
                await_suffix,
            })
        }
        func => Err(ExprCall {
            attrs,
            func: Box::new(func),
            paren_token,
            args,
        }),
    }
}

/// `crate` or `super` as a path's last segment: a module, never a function.
fn ends_in_module_keyword(func: &syn::ExprPath) -> bool {
    func.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "crate" || s.ident == "super")
}

fn not_a_function(tokens: &TokenStream, verb: &str) -> Error {
    Error::new_spanned(
        tokens,
        format!(
            "expected a function for `{verb}`: {BODY_SHAPES}\nhelp: write `task!({verb} fn -> ... end)`"
        ),
    )
}

/// `fn PARAMS -> STMTS end`.
pub(crate) fn parse_fn(input: ParseStream<'_>) -> Result<FnBody> {
    let fn_token: Token![fn] = input.parse()?;
    let (inner, end) = take_until_end(input)?;
    let Some(end) = end else {
        return Err(missing_end(&fn_token, &inner));
    };
    let Some((before, [minus, gt], after)) = split_at_arrow(&inner) else {
        let mut message =
            "missing `->` after `fn`\nhelp: write `fn -> BODY end`, or `fn x -> BODY end` \
                           with a parameter"
                .to_owned();
        if inner.first().is_some_and(|tt| is_ident(tt, "do")) {
            message.push_str("\nhelp: Elixir's `do ... end` is not a function body: use `->`");
        }
        return Err(Error::new_spanned(
            quote!(#fn_token #(#inner)* #end),
            message,
        ));
    };
    let arrow = Token![->]([minus.span(), gt.span()]);
    let params = parse_params(before, minus.span())?;
    let block: Block = syn::parse2(delimited(Delimiter::Brace, after, end.span()))
        .map_err(|error| elixir_fn_inside(after).unwrap_or(error))?;
    Ok(FnBody {
        fn_token,
        params,
        arrow,
        block,
    })
}

fn missing_end(fn_token: &Token![fn], inner: &[TokenTree]) -> Error {
    // `fn -> { ... }` or `fn() { ... }`: braces where Elixir closes with `end`.
    if let Some(TokenTree::Group(block)) = inner.last()
        && block.delimiter() == Delimiter::Brace
    {
        return Error::new_spanned(
            block,
            "expected `end`, found a block in braces\nhelp: an Elixir function has no braces: \
             write `fn -> BODY end`",
        );
    }
    Error::new_spanned(
        fn_token,
        "missing `end` for this `fn`\nhelp: close the function with `end`: `fn -> BODY end`",
    )
}

/// An Elixir `fn ... -> ... end` nested in a body that did not parse: it is not Rust, so
/// say what to write instead.
fn elixir_fn_inside(tokens: &[TokenTree]) -> Option<Error> {
    tokens.iter().find_map(|tt| {
        let TokenTree::Group(group) = tt else { return None };
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        let fn_at = inner.iter().position(|t| matches!(t, TokenTree::Ident(i) if i == "fn"))?;
        let rest = &inner[fn_at + 1..];
        let elixir = split_at_arrow(rest).is_some_and(|(_, _, after)| after.iter().any(|t| is_ident(t, "end")));
        if !elixir {
            return elixir_fn_inside(&inner);
        }
        Some(Error::new_spanned(
            &inner[fn_at],
            "an Elixir `fn -> ... end` inside a task body is not Rust\nhelp: start a nested task with \
             `task!(async fn -> ... end)`, or pass a closure: `Task.async(|| async { ... })`",
        ))
    })
}

/// The parameters: Rust patterns separated by commas, each optionally typed
/// (`x`, `(a, b)`, `n: u64`). `()` alone means no parameters, as Elixir's `fn() -> ... end`.
fn parse_params(tokens: &[TokenTree], arrow: proc_macro2::Span) -> Result<Vec<Pat>> {
    if let [TokenTree::Group(g)] = tokens
        && g.delimiter() == Delimiter::Parenthesis
        && g.stream().is_empty()
    {
        return Ok(Vec::new());
    }
    if let Some(TokenTree::Group(g)) = tokens
        .iter()
        .find(|tt| matches!(tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
    {
        return Err(Error::new_spanned(
            g,
            "a Rust tuple pattern is written in parentheses\nhelp: Elixir's `{a, b}` is `(a, b)` here",
        ));
    }
    let parser = |input: ParseStream<'_>| {
        let content;
        syn::parenthesized!(content in input);
        Punctuated::<Pat, Token![,]>::parse_terminated_with(&content, parse_param)
    };
    let params = parser.parse2(delimited(Delimiter::Parenthesis, tokens, arrow))?;
    Ok(params.into_iter().collect())
}

fn parse_param(input: ParseStream<'_>) -> Result<Pat> {
    let pat = Pat::parse_single(input)?;
    if input.peek(Token![:]) {
        return Ok(Pat::Type(PatType {
            attrs: Vec::new(),
            pat: Box::new(pat),
            colon_token: input.parse()?,
            ty: input.parse()?,
        }));
    }
    Ok(pat)
}
