//! Whole-form checks between parsing and expansion: arities, option names and values,
//! duplicates. All problems are reported together.

use crate::ast::{Args, Body, Form, KwOption, Value, Verb};
use crate::options::{check_option, shutdown_of, timeout_of};
use quote::quote;
use syn::ext::IdentExt;
use syn::{Error, Result};

pub(crate) fn validate(form: &Form) -> Result<()> {
    let mut errors = Errors::default();
    match &form.args {
        Args::Spawn(body) => errors.check(arity(body, 0, form.verb)),
        Args::Subject {
            second: Some(value),
            ..
        } => match form.verb {
            Verb::Shutdown => errors.check(shutdown_of(value).map(drop)),
            _ => errors.check(timeout_of(value).map(drop)),
        },
        Args::Subject { second: None, .. } => {}
        Args::YieldMany {
            timeout, options, ..
        } => {
            if let Some(value) = timeout {
                errors.check(timeout_of(value).map(drop));
            }
            check_options(&mut errors, form.verb, options, timeout.as_ref());
        }
        Args::AsyncStream { fun, options, .. } => {
            errors.check(arity(fun, 1, form.verb));
            check_options(&mut errors, form.verb, options, None);
        }
    }
    errors.finish()
}

fn check_options(
    errors: &mut Errors,
    verb: Verb,
    options: &[KwOption],
    positional_timeout: Option<&Value>,
) {
    let mut seen: Vec<String> = Vec::new();
    if positional_timeout.is_some() {
        seen.push("timeout".to_owned());
    }
    for option in options {
        let name = option.name.unraw().to_string();
        if seen.contains(&name) {
            let also = if name == "timeout" && positional_timeout.is_some() {
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
        errors.check(check_option(verb, option).map(drop));
    }
}

/// Checks that the task function takes `expected` arguments.
fn arity(body: &Body, expected: usize, verb: Verb) -> Result<()> {
    let (found, tokens) = match body {
        Body::Fn(f) => {
            let (fn_token, params, arrow) = (&f.fn_token, &f.params, &f.arrow);
            (params.len(), quote!(#fn_token #(#params)* #arrow))
        }
        Body::Closure(c) => {
            let (begin, inputs, end) = (&c.inputs_begin, &c.inputs, &c.inputs_end);
            (inputs.len(), quote!(#begin #inputs #end))
        }
        Body::Future(block) if expected > 0 => {
            let token = &block.async_token;
            return Err(Error::new_spanned(
                token,
                format!(
                    "`{}` runs a function of one argument on each item, found an `async` block\n\
                     help: write `fn x -> ... end` or a closure `|x| async move {{ ... }}`",
                    verb.name()
                ),
            ));
        }
        Body::Call(call) if expected > 0 => {
            let func = &call.call.func;
            return Err(Error::new_spanned(
                &call.call,
                format!(
                    "`{}` runs a function on each item, found a call\nhelp: pass the function itself: `{}`",
                    verb.name(),
                    quote!(#func).to_string().replace(' ', "")
                ),
            ));
        }
        Body::Future(_) | Body::Call(_) | Body::FnValue(_) => return Ok(()),
    };
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

/// Collects errors to report them all at once.
#[derive(Default)]
pub(crate) struct Errors {
    first: Option<Error>,
}

impl Errors {
    pub(crate) fn push(&mut self, error: Error) {
        match &mut self.first {
            Some(first) => first.combine(error),
            None => self.first = Some(error),
        }
    }

    pub(crate) fn check(&mut self, result: Result<()>) {
        if let Err(error) = result {
            self.push(error);
        }
    }

    pub(crate) fn finish(self) -> Result<()> {
        self.first.map_or(Ok(()), Err)
    }
}
