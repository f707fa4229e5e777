//! Reporting, shared by every macro: the collector that reports all the errors of an
//! invocation at once, what an invocation or a body expression with errors expands to,
//! and "did you mean ...?".

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::ParseStream;
use syn::{Error, Result};

/// Collects errors to report them all at once, in the order they were found.
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

    /// The value of `result`, or `None` with its error kept.
    pub(crate) fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// `value`, unless an error was kept.
    pub(crate) fn finish_with<T>(self, value: T) -> Result<T> {
        self.first.map_or(Ok(value), Err)
    }

    pub(crate) fn finish(self) -> Result<()> {
        self.finish_with(())
    }
}

/// Both values, or the errors of both (the first's first).
pub(crate) fn both<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut first), Err(second)) => {
            first.combine(second);
            Err(first)
        }
        (Err(error), Ok(_)) | (Ok(_), Err(error)) => Err(error),
    }
}

/// The expansion of a `task!` or `receive!` invocation that has errors: the
/// `compile_error!`s in a block, an expression rustc types as an error, so nothing else
/// is reported about it. (The attributes have their own, `attr.rs::fallback`.)
pub(crate) fn fallback(error: Error) -> TokenStream {
    let errors = error.into_compile_error();
    quote!({ #errors })
}

/// An error standing where an expression of a body was: parenthesised, because syn's
/// `compile_error!{..}` at the start of a statement would end the statement there
/// (`Process.sleep | x` must stay one expression).
pub(crate) fn error_expr(error: Error) -> TokenStream {
    let error = error.to_compile_error();
    quote!((#error))
}

/// An error at the next token, or at the end of the input: like `ParseStream::error`
/// without its "unexpected end of input, " prefix, which would hide the `help:`.
pub(crate) fn error_at(input: ParseStream<'_>, message: impl std::fmt::Display) -> Error {
    Error::new(input.span(), message)
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a
/// plausible typo (at most a third of the name's length, and at least 1 edit allowed).
/// A candidate that the name is a prefix of (`:brutal` for `:brutal_kill`) also counts.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            let prefix = name.chars().count() >= 3 && c.starts_with(name);
            (if prefix { 1 } else { edit_distance(name, c) }, c)
        })
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Adds "help: did you mean `SHOWN`?" to `message` when a candidate is close to `name`;
/// `show` writes the candidate as the user would (`:kill_task`, `Process.sleep`).
pub(crate) fn suggest<'a>(
    message: &mut String,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    show: impl FnOnce(&str) -> String,
) {
    if let Some(close) = closest(name, candidates) {
        message.push_str(&format!("\nhelp: did you mean `{}`?", show(close)));
    }
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            row.push(substitute.min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

/// "`a`, `b` or `c`".
pub(crate) fn one_of<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "`:a`, `:b` or `:c`", from the atoms' names.
pub(crate) fn one_of_atoms<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let atoms: Vec<String> = names.into_iter().map(|n| format!(":{n}")).collect();
    one_of(atoms.iter().map(String::as_str))
}
