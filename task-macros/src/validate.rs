//! Whole-form checks between parsing and expansion, converting as they check: a `Form`
//! comes out as a `Checked` form, its timeouts, shutdowns and options as the runtime
//! takes them, so `expand` checks nothing again. Arities, option names and values,
//! duplicates; all the problems of a form are reported together.

use crate::ast::{
    Args, Body, Checked, CheckedArgs, CheckedOption, FnBody, Form, OnTimeout, OptionValue,
    StreamFun, Verb,
};
use crate::errors::{Errors, both, one_of, one_of_atoms, suggest};
use crate::values::{
    KwOption, Value, describe, is_negative_literal, literal, optional_shutdown, optional_timeout,
    timeout_of,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Error, Expr, ExprClosure, Lit, Result};

pub(crate) fn validate(form: Form) -> Result<Checked> {
    let Form { verb_ident, args } = form;
    let args = match args {
        Args::Async(body) => CheckedArgs::Async(spawned(body, Verb::Async)?),
        Args::StartLink(body) => CheckedArgs::StartLink(spawned(body, Verb::StartLink)?),
        Args::Start(body) => CheckedArgs::Start(spawned(body, Verb::Start)?),
        Args::Await { task, timeout } => CheckedArgs::Await {
            task,
            timeout: optional_timeout(timeout.as_ref())?,
        },
        Args::Yield { task, timeout } => CheckedArgs::Yield {
            task,
            timeout: optional_timeout(timeout.as_ref())?,
        },
        Args::Shutdown { task, how } => CheckedArgs::Shutdown {
            task,
            how: optional_shutdown(how.as_ref())?,
        },
        Args::Ignore { task } => CheckedArgs::Ignore { task },
        Args::Completed { value } => CheckedArgs::Completed { value },
        Args::AwaitMany { tasks, timeout } => CheckedArgs::AwaitMany {
            tasks,
            timeout: optional_timeout(timeout.as_ref())?,
        },
        Args::YieldMany {
            tasks,
            timeout,
            options,
        } => {
            let positional = timeout.is_some();
            let (timeout, options) = both(
                timeout.as_ref().map(timeout_of).transpose(),
                check_options(Verb::YieldMany, options, positional),
            )?;
            CheckedArgs::YieldMany {
                tasks,
                timeout,
                options,
            }
        }
        Args::AsyncStream {
            items,
            fun,
            options,
        } => {
            let (fun, options) = both(
                stream_fun(fun),
                check_options(Verb::AsyncStream, options, false),
            )?;
            CheckedArgs::AsyncStream {
                items,
                fun,
                options,
            }
        }
    };
    Ok(Checked { verb_ident, args })
}

/// The options of `verb`, each checked, none twice (a positional timeout counts as
/// `timeout:`).
fn check_options(
    verb: Verb,
    options: Vec<KwOption>,
    positional_timeout: bool,
) -> Result<Vec<CheckedOption>> {
    let mut errors = Errors::default();
    let mut seen: Vec<String> = Vec::new();
    if positional_timeout {
        seen.push("timeout".to_owned());
    }
    let mut checked = Vec::new();
    for option in options {
        let name = option.name.unraw().to_string();
        if seen.contains(&name) {
            let also = if name == "timeout" && positional_timeout {
                " (the timeout was also given before the options)"
            } else {
                ""
            };
            errors.push(Error::new_spanned(
                &option.name,
                format!("duplicate option `{name}`{also}"),
            ));
            continue;
        }
        seen.push(name);
        if let Some(value) = errors.take(check_option(verb, &option)) {
            checked.push(CheckedOption {
                name: option.name,
                value,
            });
        }
    }
    errors.finish_with(checked)
}

/// The keyword options each verb takes.
fn option_names(verb: Verb) -> &'static [&'static str] {
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
fn on_timeout_values(verb: Verb) -> &'static [OnTimeout] {
    match verb {
        Verb::AsyncStream => &[OnTimeout::Exit, OnTimeout::KillTask],
        _ => &[OnTimeout::Nothing, OnTimeout::Ignore, OnTimeout::KillTask],
    }
}

/// Checks one option of `verb`.
fn check_option(verb: Verb, option: &KwOption) -> Result<OptionValue> {
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
            let span = option.value.span();
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
            suggest(&mut message, &name, names.iter().copied(), str::to_owned);
            Err(Error::new_spanned(&option.name, message))
        }
    }
}

/// Checks `on_timeout:`'s value against the atoms `verb` accepts.
fn on_timeout_of(value: &Value, allowed: &[OnTimeout]) -> Result<OnTimeout> {
    let names = allowed.iter().map(|o| o.atom_name());
    match value {
        Value::Atom(atom) => {
            let name = atom.name.unraw().to_string();
            allowed
                .iter()
                .copied()
                .find(|o| o.atom_name() == name)
                .ok_or_else(|| {
                    let known = OnTimeout::ALL.iter().any(|o| o.atom_name() == name);
                    let mut message = format!(
                        "{} `:{name}` for `on_timeout`, expected {}",
                        if known {
                            "unsupported value"
                        } else {
                            "unknown value"
                        },
                        one_of_atoms(names.clone())
                    );
                    suggest(&mut message, &name, names, |close| format!(":{close}"));
                    Error::new_spanned(atom.tokens(), message)
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
fn positive_of(value: &Value, name: &str) -> Result<Expr> {
    let message = format!("`{name}` must be an integer greater than zero");
    match value {
        Value::Atom(atom) => Err(Error::new_spanned(atom.tokens(), message)),
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
fn bool_of(value: &Value, name: &str) -> Result<Expr> {
    let message = format!("`{name}` is `true` or `false`");
    match value {
        Value::Atom(atom) => Err(Error::new_spanned(atom.tokens(), message)),
        Value::Expr(expr) => match literal(expr) {
            None | Some(Lit::Bool(_)) => Ok(expr.clone()),
            Some(lit) => Err(Error::new_spanned(
                lit,
                format!("{message}, found {}", describe(lit)),
            )),
        },
    }
}

/// The function of `async`, `start_link` or `start`: it takes no arguments.
fn spawned(body: Body, verb: Verb) -> Result<Body> {
    match &body {
        Body::Fn(f) => check_arity(f.params.len(), fn_params(f), 0, verb)?,
        Body::Closure(c) => check_arity(c.inputs.len(), closure_params(c), 0, verb)?,
        Body::FnValue(_) | Body::Future(_) | Body::Call(_) => {}
    }
    Ok(body)
}

/// The function `async_stream` runs on each item: one argument, so not an `async`
/// block or a call.
fn stream_fun(body: Body) -> Result<StreamFun> {
    let verb = Verb::AsyncStream.name();
    match body {
        Body::Fn(f) => {
            check_arity(f.params.len(), fn_params(&f), 1, Verb::AsyncStream)?;
            Ok(StreamFun::Fn(f))
        }
        Body::Closure(c) => {
            check_arity(c.inputs.len(), closure_params(&c), 1, Verb::AsyncStream)?;
            Ok(StreamFun::Closure(c))
        }
        Body::FnValue(value) => Ok(StreamFun::FnValue(value)),
        Body::Future(block) => Err(Error::new_spanned(
            block.async_token,
            format!(
                "`{verb}` runs a function of one argument on each item, found an `async` block\n\
                 help: write `fn x -> ... end` or a closure `|x| async move {{ ... }}`"
            ),
        )),
        Body::Call(call) => {
            let func = &call.func;
            Err(Error::new_spanned(
                &call,
                format!(
                    "`{verb}` runs a function on each item, found a call\nhelp: pass the function itself: `{}`",
                    quote!(#func).to_string().replace(' ', "")
                ),
            ))
        }
    }
}

/// `fn PARAMS ->`, where an arity error points.
fn fn_params(f: &FnBody) -> TokenStream {
    let (fn_token, params, arrow) = (&f.fn_token, &f.params, &f.arrow);
    quote!(#fn_token #(#params)* #arrow)
}

/// `|PARAMS|`, where an arity error points.
fn closure_params(c: &ExprClosure) -> TokenStream {
    let (begin, inputs, end) = (&c.inputs_begin, &c.inputs, &c.inputs_end);
    quote!(#begin #inputs #end)
}

/// Checks that the task function takes `expected` arguments.
fn check_arity(found: usize, tokens: TokenStream, expected: usize, verb: Verb) -> Result<()> {
    if found == expected {
        return Ok(());
    }
    let message = match expected {
        0 => format!(
            "`{}` runs a function of no arguments, this one takes {found}\nhelp: write `fn -> ... end`",
            verb.name()
        ),
        _ => {
            let mut m = format!(
                "`{}` runs a function of one argument (the item), this one takes {found}",
                verb.name()
            );
            if found > 1 {
                m.push_str(
                    "\nhelp: to take a pair apart, use a tuple pattern: `fn (a, b) -> ... end`",
                );
            }
            m
        }
    };
    Err(Error::new_spanned(tokens, message))
}
