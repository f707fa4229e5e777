//! `syn::parse::Parse` for `task_impl!{ KRATE; FORM }`.

use crate::ast::{Args, Body, Form, TaskInput, Value, Verb};
use crate::options::{parse_options, parse_value, peek_options};
use crate::parse_body::parse_body;
use crate::suggest::closest;
use crate::tokens::{ELIXIR_MODULES, error_at, name_of};
use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Expr, Ident, Result, Token};

impl Parse for TaskInput {
    fn parse(input: ParseStream<'_>) -> Result<TaskInput> {
        let krate = parse_krate(input)?;
        let form = input.parse()?;
        Ok(TaskInput { krate, form })
    }
}

/// The facade path the wrapper passes (`$crate`), and its `;`.
pub(crate) fn parse_krate(input: ParseStream<'_>) -> Result<TokenStream> {
    let wrong = |input: ParseStream<'_>| {
        error_at(
            input,
            "expected `$crate;` first: use the `extask::task!` and `extask::receive!` wrappers",
        )
    };
    let path = syn::Path::parse_mod_style(input).map_err(|_| wrong(input))?;
    if !input.peek(Token![;]) {
        return Err(wrong(input));
    }
    input.parse::<Token![;]>()?;
    Ok(quote!(#path))
}

impl Parse for Form {
    fn parse(input: ParseStream<'_>) -> Result<Form> {
        if input.is_empty() {
            return Err(Error::new(
                input.span(),
                format!(
                    "empty `task!` invocation\nhelp: start with a verb: {}",
                    verb_list()
                ),
            ));
        }
        if !input.peek(Ident::peek_any) {
            return Err(error_at(input, format!("expected a verb: {}", verb_list())));
        }
        if input.peek2(Token![.]) && !input.peek2(Token![..]) {
            return Err(elixir_call(input));
        }
        let verb_ident = Ident::parse_any(input)?;
        let name = name_of(&verb_ident);
        let Some(verb) = Verb::from_name(&name) else {
            return Err(unknown_verb(&verb_ident, &name));
        };
        let args = parse_args(input, verb, &name)?;
        Ok(Form {
            verb_ident,
            verb,
            args,
        })
    }
}

fn verb_list() -> String {
    crate::suggest::one_of(Verb::ALL.iter().map(|v| v.name()))
}

fn unknown_verb(ident: &Ident, name: &str) -> Error {
    let mut message = format!("unknown `task!` verb `{name}`");
    match closest(name, Verb::ALL.iter().map(|v| v.name())) {
        Some(close) => {
            let verb = Verb::from_name(close).unwrap_or(Verb::Async);
            message.push_str(&format!(
                "\nhelp: did you mean `{close}`? as in `{}`",
                verb.example()
            ));
        }
        None => message.push_str(&format!("\nhelp: the verbs are {}", verb_list())),
    }
    Error::new_spanned(ident, message)
}

/// `Task.async(...)` written literally where `task!` expects its verb.
fn elixir_call(input: ParseStream<'_>) -> Error {
    let fork = input.fork();
    let module = fork.call(Ident::parse_any).ok();
    let _ = fork.parse::<Token![.]>();
    let function = fork.call(Ident::parse_any).ok();
    let (Some(module), Some(function)) = (module, function) else {
        return error_at(input, format!("expected a verb: {}", verb_list()));
    };
    let shown = format!("{module}.{}", name_of(&function));
    let help = match Verb::from_name(&name_of(&function)) {
        Some(verb) if module == "Task" => {
            format!("`task!` takes the verb first: write `{}`", verb.example())
        }
        _ if ELIXIR_MODULES.contains(&module.to_string().as_str()) => {
            format!(
                "`{shown}` is not a `task!` form; inside a task body it is written as a plain call"
            )
        }
        _ => format!("`task!` starts with a verb: {}", verb_list()),
    };
    Error::new_spanned(
        quote!(#module . #function),
        format!("`{shown}(...)` is Elixir's call syntax, not a `task!` form\nhelp: {help}"),
    )
}

fn parse_args(input: ParseStream<'_>, verb: Verb, name: &str) -> Result<Args> {
    match verb {
        Verb::Async | Verb::StartLink | Verb::Start => {
            let body = parse_body(input, name)?;
            let place = match body {
                Body::Fn(_) => "after `end`",
                _ => "after the function",
            };
            expect_end(input, place)?;
            Ok(Args::Spawn(body))
        }
        Verb::Ignore | Verb::Completed => {
            let subject = parse_subject(input, verb)?;
            expect_end(input, "")?;
            Ok(Args::Subject {
                subject,
                second: None,
            })
        }
        Verb::Await | Verb::Yield | Verb::Shutdown | Verb::AwaitMany => {
            let subject = parse_subject(input, verb)?;
            let second = parse_second(input)?;
            expect_end(input, "")?;
            Ok(Args::Subject { subject, second })
        }
        Verb::YieldMany => {
            let tasks = parse_subject(input, verb)?;
            let mut timeout = None;
            let mut options = Vec::new();
            if comma(input)? {
                if !peek_options(input) {
                    timeout = Some(parse_value(input)?);
                    comma(input)?;
                }
                if !input.is_empty() {
                    options = parse_options(input)?;
                }
            }
            Ok(Args::YieldMany {
                tasks,
                timeout,
                options,
            })
        }
        Verb::AsyncStream => {
            let items = parse_subject(input, verb)?;
            if input.is_empty() {
                return Err(error_at(
                    input,
                    "expected `,` and the function to run on each item\nhelp: write \
                     `task!(async_stream items, fn x -> ... end)`",
                ));
            }
            input.parse::<Token![,]>()?;
            let fun = parse_body(input, name)?;
            let mut options = Vec::new();
            if comma(input)? && !input.is_empty() {
                options = parse_options(input)?;
            }
            Ok(Args::AsyncStream {
                items,
                fun,
                options,
            })
        }
    }
}

fn parse_subject(input: ParseStream<'_>, verb: Verb) -> Result<Expr> {
    if input.is_empty() || input.peek(Token![,]) {
        let what = match verb {
            Verb::Completed => "a value",
            Verb::AwaitMany | Verb::YieldMany => "a `Vec` of tasks",
            Verb::AsyncStream => "the items to stream",
            _ => "a task",
        };
        return Err(error_at(
            input,
            format!(
                "expected {what} after `{}`\nhelp: write `{}`",
                verb.name(),
                verb.example()
            ),
        ));
    }
    input.parse()
}

fn parse_second(input: ParseStream<'_>) -> Result<Option<Value>> {
    if comma(input)? && !input.is_empty() {
        return parse_value(input).map(Some);
    }
    Ok(None)
}

/// Parses a `,` if there is one.
fn comma(input: ParseStream<'_>) -> Result<bool> {
    if input.is_empty() {
        return Ok(false);
    }
    input.parse::<Token![,]>()?;
    Ok(true)
}

fn expect_end(input: ParseStream<'_>, place: &str) -> Result<()> {
    if input.is_empty() {
        return Ok(());
    }
    let rest: TokenStream = input.parse()?;
    let message = if place.is_empty() {
        "unexpected tokens".to_owned()
    } else {
        format!("unexpected tokens {place}")
    };
    Err(Error::new_spanned(rest, message))
}
