//! `receive_impl!{ KRATE; ARMS }`: Erlang's selective receive with typed arms.
//!
//! ```text
//! PAT: TYPE [if GUARD] => EXPR,
//! ...
//! [after TIMEOUT => EXPR]
//! ```
//!
//! The same stages as `task!`: the model (here), parse (`parse.rs`), validate (here:
//! each pattern's bindings, `bindings.rs`, and the `after` timeout), expand
//! (`expand.rs`).

pub(crate) mod bindings;
mod expand;
mod parse;

use crate::errors::{Errors, fallback};
use crate::paths::Rt;
use crate::tokens::raw_keyword_calls;
use crate::values::{TimeoutArg, Value, timeout_of};
use bindings::{Binding, bindings};
use proc_macro2::{Ident, TokenStream};
use syn::{Expr, Pat, Result, Token, Type};

/// `receive_impl!{ KRATE; ARMS }` → the expansion, or `compile_error!`s in a block.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = raw_keyword_calls(input);
    syn::parse2::<ReceiveInput>(input)
        .and_then(validate)
        .map(expand::expand)
        .unwrap_or_else(fallback)
}

/// A `receive!` as parsed.
pub(crate) struct ReceiveInput {
    pub(crate) rt: Rt,
    pub(crate) arms: Vec<ReceiveArm>,
    pub(crate) after: Option<AfterArm>,
}

/// `PAT: TYPE [if GUARD] => BODY`.
pub(crate) struct ReceiveArm {
    pub(crate) pat: Pat,
    pub(crate) ty: Type,
    pub(crate) guard: Option<(Token![if], Expr)>,
    pub(crate) body: Expr,
}

/// `after TIMEOUT => BODY`.
pub(crate) struct AfterArm {
    pub(crate) after: Ident,
    pub(crate) timeout: Value,
    pub(crate) body: Expr,
}

/// A `receive!` as checked: each arm with the names its pattern binds, the `after`
/// timeout converted.
pub(crate) struct Receive {
    pub(crate) rt: Rt,
    pub(crate) arms: Vec<Arm>,
    pub(crate) after: Option<(TimeoutArg, Expr)>,
}

pub(crate) struct Arm {
    pub(crate) arm: ReceiveArm,
    pub(crate) bindings: Vec<Binding>,
}

/// Every pattern's bindings (all their errors together), then the `after` timeout.
fn validate(input: ReceiveInput) -> Result<Receive> {
    let mut errors = Errors::default();
    let arms: Vec<Arm> = input
        .arms
        .into_iter()
        .filter_map(|arm| {
            let bindings = errors.take(bindings(&arm.pat))?;
            Some(Arm { arm, bindings })
        })
        .collect();
    let arms = errors.finish_with(arms)?;
    let after = match input.after {
        Some(after) => Some((timeout_of(&after.timeout)?, after.body)),
        None => None,
    };
    Ok(Receive {
        rt: input.rt,
        arms,
        after,
    })
}
