//! The identifiers a pattern binds: `receive!` moves them out of its matcher and
//! rebinds them for the arm's expression.

use proc_macro2::Ident;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Pat, Result};

/// One binding of a pattern.
#[derive(Clone)]
pub(crate) struct Binding {
    pub(crate) ident: Ident,
    pub(crate) mutable: bool,
}

/// The bindings of `pat`, in order. `ref` bindings are refused: `receive!` binds by
/// value. An identifier that starts with an uppercase letter and has no sub-pattern is
/// taken as a constant or unit variant (`None`, `MAX`), as rustc reads it when such an
/// item is in scope.
pub(crate) fn bindings(pat: &Pat) -> Result<Vec<Binding>> {
    let mut out = Vec::new();
    collect(pat, &mut out)?;
    Ok(out)
}

fn collect(pat: &Pat, out: &mut Vec<Binding>) -> Result<()> {
    match pat {
        Pat::Ident(p) => {
            if let Some(by_ref) = &p.by_ref {
                return Err(Error::new_spanned(
                    by_ref,
                    "`receive!` binds by value: remove `ref`\nhelp: the message is yours once received",
                ));
            }
            let constant_like = p.ident.to_string().starts_with(|c: char| c.is_uppercase());
            if !constant_like || p.subpat.is_some() {
                out.push(Binding {
                    ident: p.ident.clone(),
                    mutable: p.mutability.is_some(),
                });
            }
            if let Some((_, sub)) = &p.subpat {
                collect(sub, out)?;
            }
            Ok(())
        }
        // Every alternative binds the same names (rustc checks it).
        Pat::Or(p) => p.cases.first().map_or(Ok(()), |first| collect(first, out)),
        Pat::Paren(p) => collect(&p.pat, out),
        Pat::Reference(p) => collect(&p.pat, out),
        Pat::Type(p) => collect(&p.pat, out),
        Pat::Slice(p) => p.elems.iter().try_for_each(|e| collect(e, out)),
        Pat::Tuple(p) => p.elems.iter().try_for_each(|e| collect(e, out)),
        Pat::TupleStruct(p) => p.elems.iter().try_for_each(|e| collect(e, out)),
        Pat::Struct(p) => p.fields.iter().try_for_each(|f| collect(&f.pat, out)),
        Pat::Const(_)
        | Pat::Lit(_)
        | Pat::Path(_)
        | Pat::Range(_)
        | Pat::Rest(_)
        | Pat::Wild(_) => Ok(()),
        other => Err(Error::new_spanned(
            other,
            "this pattern is not supported in `receive!`: use plain Rust patterns",
        )),
    }
}

/// The pattern without `mut` on its bindings: the matcher only moves the values out.
pub(crate) fn without_mut(pat: &Pat) -> Pat {
    struct StripMut;
    impl VisitMut for StripMut {
        fn visit_pat_ident_mut(&mut self, p: &mut syn::PatIdent) {
            p.mutability = None;
            visit_mut::visit_pat_ident_mut(self, p);
        }
    }
    let mut pat = pat.clone();
    StripMut.visit_pat_mut(&mut pat);
    pat
}

/// The pattern with each binding replaced by what it binds to (`_`, or its
/// sub-pattern for `x @ P`), by the same rule as [`bindings`]: matched against the
/// message in place (`match *value { .. }`), it tests what the pattern tests and
/// moves nothing, so `receive!` can ask it under the mailbox lock. It accepts what
/// the pattern accepts: a name the rule takes for a binding but rustc for a constant
/// (a lowercase `const`) would not compile as `receive!` rebinds it for the arm.
pub(crate) fn wildcarded(pat: &Pat) -> Pat {
    struct Wild;
    impl VisitMut for Wild {
        fn visit_field_pat_mut(&mut self, f: &mut syn::FieldPat) {
            // `Msg { n, .. }` is `Msg { n: n, .. }`, so that `n` can become `_`.
            f.colon_token.get_or_insert_with(Default::default);
            visit_mut::visit_field_pat_mut(self, f);
        }

        fn visit_pat_mut(&mut self, pat: &mut Pat) {
            if let Pat::Ident(p) = pat {
                let constant_like = p.ident.to_string().starts_with(|c: char| c.is_uppercase());
                if !constant_like || p.subpat.is_some() {
                    *pat = match p.subpat.take() {
                        Some((_, sub)) => *sub,
                        None => Pat::Wild(syn::PatWild {
                            attrs: Vec::new(),
                            underscore_token: syn::Token![_](p.ident.span()),
                        }),
                    };
                    return self.visit_pat_mut(pat);
                }
            }
            visit_mut::visit_pat_mut(self, pat);
        }
    }
    let mut pat = pat.clone();
    Wild.visit_pat_mut(&mut pat);
    pat
}
