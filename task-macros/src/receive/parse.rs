//! `syn::parse::Parse` for `receive_impl!{ KRATE; ARMS }`.

use super::{AfterArm, ReceiveArm, ReceiveInput};
use crate::errors::error_at;
use crate::paths::Rt;
use crate::values::parse_value;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Expr, Ident, Pat, Result, Token, Type};

impl Parse for ReceiveInput {
    fn parse(input: ParseStream<'_>) -> Result<ReceiveInput> {
        let rt = Rt::parse_handed_over(input)?;
        let mut arms = Vec::new();
        let mut after = None;
        if input.is_empty() {
            return Err(Error::new(
                input.span(),
                "empty `receive!`\nhelp: write arms `PATTERN: Type => expr`, and `after ms => expr` \
                 to stop waiting",
            ));
        }
        while !input.is_empty() {
            if input.peek(Ident) && input.fork().parse::<Ident>().is_ok_and(|i| i == "after") {
                let clause = parse_after(input)?;
                if !input.is_empty() {
                    return Err(Error::new_spanned(
                        &clause.after,
                        "`after` must be the last clause of `receive!`",
                    ));
                }
                after = Some(clause);
                break;
            }
            arms.push(parse_arm(input)?);
        }
        Ok(ReceiveInput { rt, arms, after })
    }
}

fn parse_arm(input: ParseStream<'_>) -> Result<ReceiveArm> {
    if input.peek(syn::token::Brace) {
        return Err(error_at(
            input,
            "expected a Rust pattern, found braces\nhelp: Elixir's tuple `{a, b}` is `(a, b)` here, \
             and each arm names the message type: `(a, b): (A, B) => ...`",
        ));
    }
    if input.peek(Token![^]) {
        return Err(error_at(
            input,
            "Rust patterns cannot pin a variable with `^`\nhelp: bind it and compare in a guard: \
             `(r, v): (Ref, T) if r == expected => ...`",
        ));
    }
    let pat = Pat::parse_multi_with_leading_vert(input)?;
    if input.peek(Token![=>]) || input.peek(Token![->]) || input.peek(Token![if]) {
        return Err(Error::new_spanned(
            &pat,
            "this arm does not name its message type\nhelp: write `PATTERN: Type => expr`, \
             e.g. `n: i32 => n + 1`",
        ));
    }
    input.parse::<Token![:]>()?;
    let ty: Type = input.parse()?;
    if input.peek(Ident) && input.fork().parse::<Ident>().is_ok_and(|i| i == "when") {
        let when: Ident = input.parse()?;
        return Err(Error::new_spanned(
            when,
            "expected `if` or `=>`, found `when`\nhelp: a guard is written `if`",
        ));
    }
    let guard = if input.peek(Token![if]) {
        Some((input.parse()?, input.parse()?))
    } else {
        None
    };
    let body = parse_arrow_body(input)?;
    Ok(ReceiveArm {
        pat,
        ty,
        guard,
        body,
    })
}

fn parse_after(input: ParseStream<'_>) -> Result<AfterArm> {
    let after: Ident = input.parse()?;
    if input.peek(Token![=>]) || input.is_empty() {
        return Err(Error::new_spanned(
            &after,
            "expected a timeout after `after`\nhelp: write `after 1_000 => expr` (milliseconds) or \
             `after :infinity => expr`",
        ));
    }
    let timeout = parse_value(input)?;
    let body = parse_arrow_body(input)?;
    Ok(AfterArm {
        after,
        timeout,
        body,
    })
}

/// `=> EXPR` and the `,` that ends an arm (optional after a block or at the end).
fn parse_arrow_body(input: ParseStream<'_>) -> Result<Expr> {
    if input.peek(Token![->]) {
        let arrow: Token![->] = input.parse()?;
        return Err(Error::new_spanned(
            arrow,
            "expected `=>`, found `->`\nhelp: `receive!` arms are written `PATTERN: Type => expr`",
        ));
    }
    input.parse::<Token![=>]>()?;
    let body = Expr::parse_with_earlier_boundary_rule(input)?;
    if input.is_empty() {
        return Ok(body);
    }
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    } else if !matches!(
        body,
        Expr::Block(_)
            | Expr::If(_)
            | Expr::Match(_)
            | Expr::Loop(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Unsafe(_)
    ) {
        return Err(error_at(input, "expected `,` after this arm"));
    }
    Ok(body)
}
