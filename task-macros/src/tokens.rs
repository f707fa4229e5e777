//! Token-level helpers: the Elixir shapes that are not Rust syntax (`fn ... end`,
//! `Task.async`), handled before syn sees them. Every token keeps its span.

use crate::elixir::{KEYWORD_FUNCTIONS, is_module};
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::ParseStream;

/// Rewrites `Module . keyword` into `Module . r#keyword` at every depth.
pub(crate) fn raw_keyword_calls(tokens: TokenStream) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    for tt in tokens {
        let tt = match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), raw_keyword_calls(g.stream()));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            TokenTree::Ident(ident) if follows_module_dot(&out) => {
                let name = ident.to_string();
                if KEYWORD_FUNCTIONS.contains(&name.as_str()) {
                    TokenTree::Ident(Ident::new_raw(&name, ident.span()))
                } else {
                    TokenTree::Ident(ident)
                }
            }
            other => other,
        };
        out.push(tt);
    }
    out.into_iter().collect()
}

fn follows_module_dot(before: &[TokenTree]) -> bool {
    match before {
        [.., TokenTree::Ident(module), TokenTree::Punct(dot)] => {
            dot.as_char() == '.'
                && dot.spacing() == Spacing::Alone
                && is_module(&module.to_string())
        }
        _ => false,
    }
}

/// Is `tt` the identifier `name` (not raw)?
pub(crate) fn is_ident(tt: &TokenTree, name: &str) -> bool {
    matches!(tt, TokenTree::Ident(i) if i == name)
}

/// Takes the token trees up to the first top-level `end` identifier, and that `end`.
/// Without an `end`, takes everything and returns `None`.
pub(crate) fn take_until_end(
    input: ParseStream<'_>,
) -> syn::Result<(Vec<TokenTree>, Option<Ident>)> {
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut taken = Vec::new();
        while let Some((tt, next)) = rest.token_tree() {
            if let TokenTree::Ident(ident) = &tt
                && ident == "end"
            {
                return Ok(((taken, Some(ident.clone())), next));
            }
            taken.push(tt);
            rest = next;
        }
        Ok(((taken, None), rest))
    })
}

/// Splits `tokens` at the first top-level `->`: (before, the two puncts, after).
pub(crate) fn split_at_arrow(
    tokens: &[TokenTree],
) -> Option<(&[TokenTree], [Punct; 2], &[TokenTree])> {
    tokens.windows(2).position(is_arrow).and_then(|at| {
        let (TokenTree::Punct(minus), TokenTree::Punct(gt)) = (&tokens[at], &tokens[at + 1]) else {
            return None;
        };
        Some((
            &tokens[..at],
            [minus.clone(), gt.clone()],
            &tokens[at + 2..],
        ))
    })
}

fn is_arrow(pair: &[TokenTree]) -> bool {
    matches!(
        pair,
        [TokenTree::Punct(a), TokenTree::Punct(b)]
            if a.as_char() == '-' && a.spacing() == Spacing::Joint && b.as_char() == '>'
    )
}

/// The tokens in a group with the given delimiter and span, to parse with syn so that
/// errors at the end of the tokens point at `span` rather than at the macro call.
pub(crate) fn delimited(
    delimiter: Delimiter,
    tokens: &[TokenTree],
    span: proc_macro2::Span,
) -> TokenStream {
    let mut group = Group::new(delimiter, tokens.iter().cloned().collect());
    group.set_span(span);
    TokenTree::Group(group).into()
}

/// The identifier's name without `r#`.
pub(crate) fn name_of(ident: &Ident) -> String {
    ident.unraw().to_string()
}
