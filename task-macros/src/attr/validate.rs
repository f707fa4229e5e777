//! Whole-model checks of the attribute: options that contradict each other, the
//! distribution options' values and feature, and the function's signature.

use super::Kind;
use super::model::{Config, Features, Flavor};
use crate::errors::Errors;
use syn::{Error, ItemFn, Result};

pub(super) fn config(kind: Kind, config: &Config, features: Features) -> Result<()> {
    let mut errors = Errors::default();
    if let Some(threads) = &config.worker_threads
        && !threads.base10_parse::<usize>().is_ok_and(|n| n > 0)
    {
        errors.push(Error::new_spanned(
            threads,
            "`worker_threads` must be an integer greater than zero",
        ));
    }
    if let (Some(Flavor::CurrentThread), Some(threads)) = (config.flavor, &config.worker_threads) {
        errors.push(Error::new_spanned(
            threads,
            "`worker_threads` needs the multi-thread runtime, not `flavor = \"current_thread\"`",
        ));
    }
    if let Some(key) = config.dist_keys().next() {
        dist(kind, config, features, key, &mut errors);
    }
    errors.finish()
}

/// The distribution options: only on `main`, only with the `dist` feature, a node
/// name `name@host` with its cookie, and integers in range.
fn dist(kind: Kind, config: &Config, features: Features, first: &syn::Path, errors: &mut Errors) {
    let option = quote::ToTokens::to_token_stream(first).to_string();
    if kind == Kind::Test {
        errors.push(Error::new_spanned(
            first,
            format!(
                "`{option}` is an option of `#[extask::main]`: a node lives as long as the OS \
                 process, which a test binary's tests share\nhelp: call `extask::dist::start` \
                 once in the test"
            ),
        ));
        return;
    }
    if !features.dist {
        errors.push(Error::new_spanned(
            first,
            format!(
                "`{option}` starts an Erlang distribution node, which needs extask's `dist` \
                 feature\nhelp: enable it: `extask = {{ version = \"..\", features = [\"dist\"] }}`"
            ),
        ));
        return;
    }
    match &config.node {
        None => errors.push(Error::new_spanned(
            first,
            format!("`{option}` needs a node name: add `node = \"name@host\"`"),
        )),
        Some(node) => {
            let name = node.value.value();
            let valid = name
                .split_once('@')
                .is_some_and(|(n, h)| !n.is_empty() && !h.is_empty() && !h.contains('@'));
            if !valid {
                errors.push(Error::new_spanned(
                    &node.value,
                    format!("bad node name `{name}`: expected `name@host`, e.g. `rust@127.0.0.1`"),
                ));
            }
            if config.cookie.is_none() {
                errors.push(Error::new_spanned(
                    &node.key,
                    "a node needs its cluster's cookie: add `cookie = \"..\"`",
                ));
            }
        }
    }
    if let Some(t) = &config.ticktime
        && !t.value.base10_parse::<u64>().is_ok_and(|n| n > 0)
    {
        errors.push(Error::new_spanned(
            &t.value,
            "`ticktime` is whole seconds greater than zero, as `-kernel net_ticktime N`",
        ));
    }
    if let Some(p) = &config.epmd_port
        && !p.value.base10_parse::<u16>().is_ok_and(|n| n > 0)
    {
        errors.push(Error::new_spanned(
            &p.value,
            "`epmd_port` must be a port number, 1 to 65535",
        ));
    }
}

pub(super) fn signature(kind: Kind, function: &ItemFn) -> Result<()> {
    let mut errors = Errors::default();
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        errors.push(Error::new_spanned(
            sig.fn_token,
            format!(
                "`{}` runs an `async fn`: the `async` keyword is missing",
                kind.attr()
            ),
        ));
    }
    if !sig.inputs.is_empty() {
        let what = match kind {
            Kind::Main => "`main` takes no arguments",
            Kind::Test => "a test function takes no arguments",
        };
        errors.push(Error::new_spanned(&sig.inputs, what));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(Error::new_spanned(
            &sig.generics,
            format!("`{}` functions cannot be generic", kind.attr()),
        ));
    }
    if kind == Kind::Test
        && let Some(attr) = function.attrs.iter().find(|a| a.path().is_ident("test"))
    {
        errors.push(Error::new_spanned(
            attr,
            "second test attribute: `#[extask::test]` already makes this a test\nhelp: remove `#[test]`",
        ));
    }
    errors.finish()
}
