//! Arguments written the Elixir way: atoms (`:infinity`, `:brutal_kill`), timeouts and
//! keyword lists (`max_concurrency: 8, on_timeout: :kill_task`). Parsing, and the
//! checks that turn them into what the runtime takes.

use crate::ast::{Atom, KwOption, Value, Verb};
use crate::suggest::{closest, one_of};
use crate::tokens::error_at;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Error, Expr, Ident, Lit, LitInt, Result, Token, UnOp, bracketed};

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
    (input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::]))
        || input.peek(syn::token::Bracket)
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
        if !(input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])) {
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

/// What to do with a task that timed out (`on_timeout:`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OnTimeout {
    Exit,
    KillTask,
    Ignore,
    Nothing,
}

impl OnTimeout {
    const ALL: [OnTimeout; 4] = [
        OnTimeout::Exit,
        OnTimeout::KillTask,
        OnTimeout::Ignore,
        OnTimeout::Nothing,
    ];

    pub(crate) fn atom(self) -> &'static str {
        match self {
            OnTimeout::Exit => "exit",
            OnTimeout::KillTask => "kill_task",
            OnTimeout::Ignore => "ignore",
            OnTimeout::Nothing => "nothing",
        }
    }

    /// The runtime's variant name: `OnTimeout::KillTask`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            OnTimeout::Exit => "Exit",
            OnTimeout::KillTask => "KillTask",
            OnTimeout::Ignore => "Ignore",
            OnTimeout::Nothing => "Nothing",
        }
    }
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
            "u32" => Ok(TimeoutArg::Expr(expr.clone())),
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

/// Checks `on_timeout:`'s value against the atoms `verb` accepts.
pub(crate) fn on_timeout_of(value: &Value, allowed: &[OnTimeout]) -> Result<OnTimeout> {
    let names = allowed.iter().map(|o| o.atom());
    match value {
        Value::Atom(atom) => {
            let name = atom.name.unraw().to_string();
            allowed
                .iter()
                .copied()
                .find(|o| o.atom() == name)
                .ok_or_else(|| {
                    let known = OnTimeout::ALL.iter().any(|o| o.atom() == name);
                    let mut message = format!(
                        "{} `:{name}` for `on_timeout`, expected {}",
                        if known {
                            "unsupported value"
                        } else {
                            "unknown value"
                        },
                        one_of_atoms(names.clone())
                    );
                    if let Some(close) = closest(&name, names) {
                        message.push_str(&format!("\nhelp: did you mean `:{close}`?"));
                    }
                    Error::new_spanned(atom_tokens(atom), message)
                })
        }
        Value::Expr(expr) => Err(Error::new_spanned(
            expr,
            format!("`on_timeout` takes an atom: {}", one_of_atoms(names)),
        )),
    }
}

/// Checks a value that must be an integer greater than zero (a literal `0` or a
/// negative one is refused; any other expression is left to the type checker).
pub(crate) fn positive_of(value: &Value, name: &str) -> Result<Expr> {
    let message = format!("`{name}` must be an integer greater than zero");
    match value {
        Value::Atom(atom) => Err(Error::new_spanned(atom_tokens(atom), message)),
        Value::Expr(expr) => match literal(expr) {
            Some(Lit::Int(int)) => match int.base10_parse::<u64>() {
                Ok(n) if n > 0 => Ok(expr.clone()),
                _ => Err(Error::new_spanned(int, message)),
            },
            Some(lit) => Err(Error::new_spanned(
                lit,
                format!("{message}, found {}", describe(lit)),
            )),
            None if is_negative_literal(expr) => Err(Error::new_spanned(expr, message)),
            None => Ok(expr.clone()),
        },
    }
}

/// Checks a boolean value (`true`/`false` or an expression).
pub(crate) fn bool_of(value: &Value, name: &str) -> Result<Expr> {
    let message = format!("`{name}` is `true` or `false`");
    match value {
        Value::Atom(atom) => Err(Error::new_spanned(atom_tokens(atom), message)),
        Value::Expr(expr) => match literal(expr) {
            None | Some(Lit::Bool(_)) => Ok(expr.clone()),
            Some(lit) => Err(Error::new_spanned(
                lit,
                format!("{message}, found {}", describe(lit)),
            )),
        },
    }
}

/// The keyword options each verb takes.
pub(crate) fn option_names(verb: Verb) -> &'static [&'static str] {
    match verb {
        Verb::AsyncStream => &[
            "max_concurrency",
            "ordered",
            "timeout",
            "on_timeout",
            "zip_input_on_exit",
        ],
        Verb::YieldMany => &["timeout", "limit", "on_timeout"],
        _ => &[],
    }
}

/// The `on_timeout:` atoms each verb takes.
pub(crate) fn on_timeout_values(verb: Verb) -> &'static [OnTimeout] {
    match verb {
        Verb::AsyncStream => &[OnTimeout::Exit, OnTimeout::KillTask],
        _ => &[OnTimeout::Nothing, OnTimeout::Ignore, OnTimeout::KillTask],
    }
}

/// A checked option: the builder method to call and its argument.
pub(crate) enum OptionValue {
    Expr(Expr),
    Timeout(TimeoutArg),
    OnTimeout(OnTimeout, Span),
}

/// Checks one option of `verb`.
pub(crate) fn check_option(verb: Verb, option: &KwOption) -> Result<OptionValue> {
    let name = option.name.unraw().to_string();
    match name.as_str() {
        "max_concurrency" | "limit" if option_names(verb).contains(&name.as_str()) => {
            positive_of(&option.value, &name).map(OptionValue::Expr)
        }
        "ordered" | "zip_input_on_exit" if option_names(verb).contains(&name.as_str()) => {
            bool_of(&option.value, &name).map(OptionValue::Expr)
        }
        "timeout" => timeout_of(&option.value).map(OptionValue::Timeout),
        "on_timeout" => {
            let span = value_span(&option.value);
            on_timeout_of(&option.value, on_timeout_values(verb))
                .map(|o| OptionValue::OnTimeout(o, span))
        }
        _ => {
            let names = option_names(verb);
            let mut message = format!(
                "unknown option `{name}` for `{}`, expected {}",
                verb.name(),
                one_of(names.iter().copied())
            );
            if let Some(close) = closest(&name, names.iter().copied()) {
                message.push_str(&format!("\nhelp: did you mean `{close}`?"));
            }
            Err(Error::new_spanned(&option.name, message))
        }
    }
}

fn value_span(value: &Value) -> Span {
    match value {
        Value::Atom(atom) => atom.span(),
        Value::Expr(expr) => syn::spanned::Spanned::span(expr),
    }
}

/// `:name` as tokens, for an error that covers both the colon and the name.
pub(crate) fn atom_tokens(atom: &Atom) -> TokenStream {
    let (colon, name) = (&atom.colon, &atom.name);
    quote!(#colon #name)
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
    if let Some(close) = closest(&name, expected.iter().copied()) {
        message.push_str(&format!("\nhelp: did you mean `:{close}`?"));
    }
    Error::new_spanned(atom_tokens(atom), message)
}

fn one_of_atoms<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let atoms: Vec<String> = names.into_iter().map(|n| format!(":{n}")).collect();
    one_of(atoms.iter().map(String::as_str))
}

/// The literal an expression is, looking through parentheses and groups.
fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(lit) => Some(&lit.lit),
        Expr::Paren(p) => literal(&p.expr),
        Expr::Group(g) => literal(&g.expr),
        _ => None,
    }
}

fn is_negative_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Unary(u) => matches!(u.op, UnOp::Neg(_)) && literal(&u.expr).is_some(),
        Expr::Paren(p) => is_negative_literal(&p.expr),
        Expr::Group(g) => is_negative_literal(&g.expr),
        _ => false,
    }
}

fn describe(lit: &Lit) -> String {
    match lit {
        Lit::Str(_) | Lit::ByteStr(_) | Lit::CStr(_) => "a string".to_owned(),
        Lit::Float(_) => "a float".to_owned(),
        Lit::Bool(b) => format!("`{}`", b.value),
        Lit::Char(_) | Lit::Byte(_) => "a character".to_owned(),
        _ => format!("`{}`", lit.to_token_stream()),
    }
}
