//! The model of `#[derive(Task)]`: the `#[task(..)]` options, checked here
//! so that `expand.rs` only emits. Options: `restart = permanent | transient
//! | temporary`, `shutdown = brutal_kill | infinity | <ms>`, `crate = "path"`.

use crate::errors::{Errors, one_of, suggest};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{DeriveInput, Error, Ident, LitInt, LitStr, Result, Token};

const OPTIONS: [&str; 3] = ["restart", "shutdown", "crate"];
const RESTARTS: [&str; 3] = ["permanent", "transient", "temporary"];

pub(crate) struct UseTask {
    /// The facade: `::extask`, or the user's `crate = "path"`.
    pub(crate) krate: TokenStream,
    /// The module atom, `Elixir.` and the type's name.
    pub(crate) module: String,
    pub(crate) restart: Option<Restart>,
    pub(crate) shutdown: Option<Shutdown>,
}

#[derive(Clone, Copy)]
pub(crate) enum Restart {
    Permanent,
    Transient,
    Temporary,
}

pub(crate) enum Shutdown {
    BrutalKill,
    Infinity,
    Ms(u64),
}

impl UseTask {
    pub(crate) fn from_item(item: &DeriveInput) -> Result<UseTask> {
        let mut errors = Errors::default();
        let mut model = UseTask {
            krate: quote!(::extask),
            module: format!("Elixir.{}", item.ident.to_string().trim_start_matches("r#")),
            restart: None,
            shutdown: None,
        };
        for attr in item.attrs.iter().filter(|a| a.path().is_ident("task")) {
            let parsed = attr.parse_nested_meta(|meta| option(&mut model, &meta));
            if let Err(error) = parsed {
                errors.push(error);
            }
        }
        errors.finish_with(model)
    }
}

fn option(model: &mut UseTask, meta: &ParseNestedMeta<'_>) -> Result<()> {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    match name.as_str() {
        "restart" => {
            let value = value_ident(meta, &name)?;
            model.restart = Some(match value.to_string().as_str() {
                "permanent" => Restart::Permanent,
                "transient" => Restart::Transient,
                "temporary" => Restart::Temporary,
                other => {
                    let mut message = format!(
                        "unknown restart `{other}`, expected one of {}",
                        one_of(RESTARTS)
                    );
                    suggest(&mut message, other, RESTARTS, str::to_owned);
                    return Err(Error::new(value.span(), message));
                }
            });
        }
        "shutdown" => {
            let input = meta.value()?;
            check_no_colon(input, &name)?;
            model.shutdown = Some(if input.peek(LitInt) {
                let ms: LitInt = input.parse()?;
                Shutdown::Ms(ms.base10_parse()?)
            } else {
                let value: Ident = input.parse().map_err(|e| {
                    Error::new(
                        e.span(),
                        "expected `brutal_kill`, `infinity` or a number of milliseconds",
                    )
                })?;
                match value.to_string().as_str() {
                    "brutal_kill" => Shutdown::BrutalKill,
                    "infinity" => Shutdown::Infinity,
                    other => {
                        return Err(Error::new(
                            value.span(),
                            format!(
                                "unknown shutdown `{other}`, expected `brutal_kill`, \
                                 `infinity` or a number of milliseconds"
                            ),
                        ));
                    }
                }
            });
        }
        "crate" => {
            let value: LitStr = meta.value()?.parse()?;
            let path: syn::Path = value.parse()?;
            model.krate = quote!(#path);
        }
        _ => {
            let mut message = format!("unknown option `{name}`, expected {}", one_of(OPTIONS));
            suggest(&mut message, &name, OPTIONS, str::to_owned);
            return Err(Error::new(meta.path.span(), message));
        }
    }
    Ok(())
}

/// `key = ident`, with a `help:` for Elixir's `key: :atom` habit.
fn value_ident(meta: &ParseNestedMeta<'_>, name: &str) -> Result<Ident> {
    let input = meta.value()?;
    check_no_colon(input, name)?;
    input.parse()
}

fn check_no_colon(input: syn::parse::ParseStream<'_>, name: &str) -> Result<()> {
    if input.peek(Token![:]) {
        let colon: Token![:] = input.parse()?;
        let value = input
            .fork()
            .parse::<Ident>()
            .map_or(String::new(), |i| i.to_string());
        return Err(Error::new(
            colon.span(),
            format!(
                "an option's value is written without the atom's colon\n\
                 help: write `{name} = {value}`"
            ),
        ));
    }
    Ok(())
}
