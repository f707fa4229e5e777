//! Values written the Elixir way, shared by `task!`, `receive!` and task bodies: atoms
//! (`:infinity`, `:brutal_kill`), values (an atom or a Rust expression) and keyword
//! lists (`max_concurrency: 8, on_timeout: :kill_task`). Their model and parsing, and
//! the checks that make a value a timeout or a shutdown, the two every macro takes.

use crate::errors::{error_at, one_of_atoms, suggest};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Error, Expr, Ident, Lit, LitInt, Result, Token, UnOp, bracketed};

/// An argument written either as an Elixir atom or as a Rust expression.
pub(crate) enum Value {
    Atom(Atom),
    Expr(Expr),
}

impl Value {
    pub(crate) fn span(&self) -> Span {
        match self {
            Value::Atom(atom) => atom.span(),
            Value::Expr(expr) => syn::spanned::Spanned::span(expr),
        }
    }
}

/// An Elixir atom `:name`.
#[derive(Clone)]
pub(crate) struct Atom {
    pub(crate) colon: Token![:],
    pub(crate) name: Ident,
}

impl Atom {
    pub(crate) fn span(&self) -> Span {
        self.name.span()
    }

    /// `:name` as tokens, for an error that covers both the colon and the name.
    pub(crate) fn tokens(&self) -> TokenStream {
        let (colon, name) = (&self.colon, &self.name);
        quote!(#colon #name)
    }
}

/// One entry of an Elixir keyword list: `name: value`.
pub(crate) struct KwOption {
    pub(crate) name: Ident,
    pub(crate) value: Value,
}

/// Is the next token an atom `:name` (and not a path's `::`)?
pub(crate) fn peek_atom(input: ParseStream<'_>) -> bool {
    input.peek(Token![:]) && !input.peek(Token![::])
}

pub(crate) fn parse_atom(input: ParseStream<'_>) -> Result<Atom> {
    let colon: Token![:] = input.parse()?;
    if !input.peek(Ident::peek_any) {
        return Err(error_at(
            input,
            "expected an atom name after `:`, as in `:infinity`",
        ));
    }
    let name = Ident::parse_any(input)?;
    Ok(Atom { colon, name })
}

/// An atom or a Rust expression.
pub(crate) fn parse_value(input: ParseStream<'_>) -> Result<Value> {
    if peek_atom(input) {
        parse_atom(input).map(Value::Atom)
    } else if input.is_empty() {
        Err(error_at(input, "expected a value"))
    } else {
        input.parse().map(Value::Expr)
    }
}

/// Is the next entry a keyword option `name: value` (or a bracketed keyword list)?
pub(crate) fn peek_options(input: ParseStream<'_>) -> bool {
    peek_keyword(input) || input.peek(syn::token::Bracket)
}

/// Is the next entry `name:` (and not a path `name::`)?
fn peek_keyword(input: ParseStream<'_>) -> bool {
    input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])
}

/// `name: value, ...` up to the end of the input, or one bracketed list `[name: value, ...]`.
pub(crate) fn parse_options(input: ParseStream<'_>) -> Result<Vec<KwOption>> {
    if input.peek(syn::token::Bracket) {
        let content;
        bracketed!(content in input);
        let options = parse_option_list(&content)?;
        if !input.is_empty() {
            return Err(error_at(input, "unexpected tokens after the keyword list"));
        }
        return Ok(options);
    }
    parse_option_list(input)
}

fn parse_option_list(input: ParseStream<'_>) -> Result<Vec<KwOption>> {
    let mut options = Vec::new();
    while !input.is_empty() {
        if !peek_keyword(input) {
            return Err(error_at(input, "expected an option `name: value`"));
        }
        let name = Ident::parse_any(input)?;
        input.parse::<Token![:]>()?;
        let value = parse_value(input)?;
        options.push(KwOption { name, value });
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(options)
}

/// A checked timeout.
pub(crate) enum TimeoutArg {
    /// Not given: `Timeout::DEFAULT` (5000 ms).
    Default,
    /// `:infinity`.
    Infinity(Span),
    /// A literal number of milliseconds.
    Ms(LitInt),
    /// Any other expression, converted with `Into<Timeout>`.
    Expr(Expr),
}

/// `Task.shutdown/2`'s second argument, checked.
pub(crate) enum ShutdownArg {
    Timeout(TimeoutArg),
    BrutalKill(Span),
}

const TIMEOUT_HELP: &str = "a timeout is a number of milliseconds (`5_000`) or `:infinity`";

/// Checks a timeout argument.
pub(crate) fn timeout_of(value: &Value) -> Result<TimeoutArg> {
    match value {
        Value::Atom(atom) => {
            if atom.name == "infinity" {
                return Ok(TimeoutArg::Infinity(atom.span()));
            }
            Err(unknown_atom(atom, "a timeout", &["infinity"]))
        }
        Value::Expr(expr) => timeout_of_expr(expr),
    }
}

/// Checks an optional timeout argument: `TimeoutArg::Default` when not given.
pub(crate) fn optional_timeout(value: Option<&Value>) -> Result<TimeoutArg> {
    value.map_or(Ok(TimeoutArg::Default), timeout_of)
}

fn timeout_of_expr(expr: &Expr) -> Result<TimeoutArg> {
    match literal(expr) {
        Some(Lit::Int(int)) => match int.suffix() {
            "" | "u64" => match int.base10_parse::<u64>() {
                Ok(_) => Ok(TimeoutArg::Ms(int.clone())),
                Err(_) => Err(Error::new_spanned(
                    int,
                    "timeout does not fit in `u64` milliseconds",
                )),
            },
            // Any other integer type converts at run time, as Elixir takes any
            // integer (rustc checks the literal fits its type).
            "u8" | "u16" | "u32" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
            | "isize" => Ok(TimeoutArg::Expr(expr.clone())),
            _ => Err(Error::new_spanned(
                int,
                format!(
                    "expected a timeout in milliseconds, found a `{}`\nhelp: {TIMEOUT_HELP}",
                    int.suffix()
                ),
            )),
        },
        Some(lit) => Err(Error::new_spanned(
            lit,
            format!(
                "expected a timeout, found {}\nhelp: {TIMEOUT_HELP}",
                describe(lit)
            ),
        )),
        None if is_negative_literal(expr) => Err(Error::new_spanned(
            expr,
            format!("a timeout cannot be negative\nhelp: {TIMEOUT_HELP}"),
        )),
        None => Ok(TimeoutArg::Expr(expr.clone())),
    }
}

/// Checks `shutdown`'s second argument: a timeout or `:brutal_kill`.
pub(crate) fn shutdown_of(value: &Value) -> Result<ShutdownArg> {
    match value {
        Value::Atom(atom) if atom.name == "brutal_kill" => Ok(ShutdownArg::BrutalKill(atom.span())),
        Value::Atom(atom) if atom.name == "infinity" => {
            Ok(ShutdownArg::Timeout(TimeoutArg::Infinity(atom.span())))
        }
        Value::Atom(atom) => Err(unknown_atom(
            atom,
            "a shutdown",
            &["brutal_kill", "infinity"],
        )),
        Value::Expr(expr) => timeout_of_expr(expr).map(ShutdownArg::Timeout),
    }
}

/// Checks an optional shutdown argument: the default timeout when not given.
pub(crate) fn optional_shutdown(value: Option<&Value>) -> Result<ShutdownArg> {
    value.map_or(Ok(ShutdownArg::Timeout(TimeoutArg::Default)), shutdown_of)
}

fn unknown_atom(atom: &Atom, what: &str, expected: &[&str]) -> Error {
    let name = atom.name.unraw().to_string();
    let mut message = format!(
        "expected {what}, found the atom `:{name}`\nhelp: {}",
        if expected.len() == 1 {
            TIMEOUT_HELP.to_owned()
        } else {
            format!("expected {}", one_of_atoms(expected.iter().copied()))
        }
    );
    suggest(&mut message, &name, expected.iter().copied(), |close| {
        format!(":{close}")
    });
    Error::new_spanned(atom.tokens(), message)
}

/// The literal an expression is, looking through parentheses and groups.
pub(crate) fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(lit) => Some(&lit.lit),
        Expr::Paren(p) => literal(&p.expr),
        Expr::Group(g) => literal(&g.expr),
        _ => None,
    }
}

pub(crate) fn is_negative_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Unary(u) => matches!(u.op, UnOp::Neg(_)) && literal(&u.expr).is_some(),
        Expr::Paren(p) => is_negative_literal(&p.expr),
        Expr::Group(g) => is_negative_literal(&g.expr),
        _ => false,
    }
}

/// A literal as a message names it: "a string", "`true`".
pub(crate) fn describe(lit: &Lit) -> String {
    match lit {
        Lit::Str(_) | Lit::ByteStr(_) | Lit::CStr(_) => "a string".to_owned(),
        Lit::Float(_) => "a float".to_owned(),
        Lit::Bool(b) => format!("`{}`", b.value),
        Lit::Char(_) | Lit::Byte(_) => "a character".to_owned(),
        _ => format!("`{}`", lit.to_token_stream()),
    }
}
