//! `syn::parse::Parse` for `task_impl!{ KRATE; FORM }`.

use crate::ast::{Args, Body, Form, TaskInput, Verb};
use crate::elixir::is_module;
use crate::errors::{closest, error_at, one_of};
use crate::parse_body::parse_body;
use crate::paths::Rt;
use crate::tokens::name_of;
use crate::values::{Value, parse_options, parse_value, peek_options};
use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Expr, Ident, Result, Token};

impl Parse for TaskInput {
    fn parse(input: ParseStream<'_>) -> Result<TaskInput> {
        let rt = Rt::parse_handed_over(input)?;
        let form = input.parse()?;
        Ok(TaskInput { rt, form })
    }
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
        Ok(Form { verb_ident, args })
    }
}

fn verb_list() -> String {
    one_of(Verb::ALL.iter().map(|v| v.name()))
}

fn unknown_verb(ident: &Ident, name: &str) -> Error {
    let mut message = format!("unknown `task!` verb `{name}`");
    match closest(name, Verb::ALL.iter().map(|v| v.name())).and_then(Verb::from_name) {
        Some(verb) => {
            message.push_str(&format!(
                "\nhelp: did you mean `{}`? as in `{}`",
                verb.name(),
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
        _ if is_module(&module.to_string()) => {
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
    Ok(match verb {
        Verb::Async => Args::Async(parse_spawned(input, name)?),
        Verb::StartLink => Args::StartLink(parse_spawned(input, name)?),
        Verb::Start => Args::Start(parse_spawned(input, name)?),
        Verb::Await => {
            let (task, timeout) = parse_subject_and_second(input, verb)?;
            Args::Await { task, timeout }
        }
        Verb::Yield => {
            let (task, timeout) = parse_subject_and_second(input, verb)?;
            Args::Yield { task, timeout }
        }
        Verb::Shutdown => {
            let (task, how) = parse_subject_and_second(input, verb)?;
            Args::Shutdown { task, how }
        }
        Verb::AwaitMany => {
            let (tasks, timeout) = parse_subject_and_second(input, verb)?;
            Args::AwaitMany { tasks, timeout }
        }
        Verb::Ignore => Args::Ignore {
            task: parse_subject_alone(input, verb)?,
        },
        Verb::Completed => Args::Completed {
            value: parse_subject_alone(input, verb)?,
        },
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
            Args::YieldMany {
                tasks,
                timeout,
                options,
            }
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
            Args::AsyncStream {
                items,
                fun,
                options,
            }
        }
    })
}

/// The function of `async`, `start_link` or `start`, and nothing after it.
fn parse_spawned(input: ParseStream<'_>, name: &str) -> Result<Body> {
    let body = parse_body(input, name)?;
    let place = match body {
        Body::Fn(_) => "after `end`",
        _ => "after the function",
    };
    expect_end(input, place)?;
    Ok(body)
}

/// `SUBJECT` and nothing after it (`ignore`, `completed`).
fn parse_subject_alone(input: ParseStream<'_>, verb: Verb) -> Result<Expr> {
    let subject = parse_subject(input, verb)?;
    expect_end(input, "")?;
    Ok(subject)
}

/// `SUBJECT[, VALUE]` and nothing after it (`await`, `yield`, `shutdown`, `await_many`).
fn parse_subject_and_second(input: ParseStream<'_>, verb: Verb) -> Result<(Expr, Option<Value>)> {
    let subject = parse_subject(input, verb)?;
    let second = parse_second(input)?;
    expect_end(input, "")?;
    Ok((subject, second))
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
