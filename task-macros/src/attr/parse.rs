//! Parsing the attribute's options into the [`Config`] model: each key, its value's
//! kind (a string or an integer) and the flavor's name. Whole-model rules are
//! `validate.rs`'s.

use super::Kind;
use super::model::{Config, Flavor, Opt};
use crate::errors::{one_of, suggest};
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::Parser;
use syn::{Error, LitInt, LitStr, Result};

pub(super) const OPTIONS: [&str; 7] = [
    "flavor",
    "worker_threads",
    "crate",
    "node",
    "cookie",
    "ticktime",
    "epmd_port",
];

pub(super) fn config(kind: Kind, args: TokenStream) -> Result<Config> {
    let mut config = Config::default();
    let parser = syn::meta::parser(|meta| {
        let name = meta.path.to_token_stream().to_string();
        match name.as_str() {
            "flavor" => {
                let value: LitStr = meta.value()?.parse()?;
                let flavor = value.value();
                let names = Flavor::ALL.map(Flavor::name);
                let Some(known) = Flavor::ALL.into_iter().find(|f| f.name() == flavor) else {
                    let mut message =
                        format!("unknown flavor `{flavor}`, expected {}", one_of(names));
                    suggest(&mut message, &flavor, names, str::to_owned);
                    return Err(Error::new_spanned(&value, message));
                };
                config.flavor = Some(known);
            }
            "worker_threads" => config.worker_threads = Some(meta.value()?.parse()?),
            "crate" => {
                let value: LitStr = meta.value()?.parse()?;
                config.krate = Some(value.parse()?);
            }
            "node" | "cookie" => {
                let value: LitStr = meta.value()?.parse().map_err(|e| {
                    Error::new(
                        e.span(),
                        format!("`{name}` takes a string, `{name} = \"..\"`"),
                    )
                })?;
                let opt = Some(Opt {
                    key: meta.path.clone(),
                    value,
                });
                match name.as_str() {
                    "node" => config.node = opt,
                    _ => config.cookie = opt,
                }
            }
            "ticktime" | "epmd_port" => {
                let value: LitInt = meta.value()?.parse().map_err(|e| {
                    Error::new(e.span(), format!("`{name}` takes an integer, `{name} = N`"))
                })?;
                let opt = Some(Opt {
                    key: meta.path.clone(),
                    value,
                });
                match name.as_str() {
                    "ticktime" => config.ticktime = opt,
                    _ => config.epmd_port = opt,
                }
            }
            _ => {
                let mut message = format!(
                    "unknown option `{name}` for `{}`, expected {}",
                    kind.attr(),
                    one_of(OPTIONS)
                );
                suggest(&mut message, &name, OPTIONS, str::to_owned);
                return Err(meta.error(message));
            }
        }
        Ok(())
    });
    parser.parse2(args)?;
    Ok(config)
}
