//! The model of a derived item: its shape, its printed names, and the
//! `#[inspect(..)]` options, checked here so that `expand.rs` only emits.
//!
//! Options: on the item, `crate = "path"` (a renamed facade) and `transparent`
//! (a struct of one field prints as that field); on a struct's named field,
//! `skip` (Elixir's `@derive {Inspect, except: [..]}`: `#Name<a: 1, ...>`).

use super::underscore;
use crate::errors::{Errors, one_of, suggest};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Error, Fields, Ident, LitStr, Member, Result};

const ITEM_OPTIONS: [&str; 2] = ["crate", "transparent"];
const FIELD_OPTIONS: [&str; 1] = ["skip"];

pub(crate) struct Input {
    /// The facade: `::extask`, or the user's `crate = "path"`.
    pub(crate) krate: TokenStream,
    pub(crate) shape: Shape,
}

pub(crate) enum Shape {
    /// `%Name{a: 1}` (named), `{:name, 1, 2}` (tuple), `%Name{}` (unit).
    Struct {
        name: String,
        fields: Body,
    },
    /// A struct of one field that prints as the field.
    Transparent(Member),
    Enum(Vec<Variant>),
}

pub(crate) struct Variant {
    pub(crate) ident: Ident,
    /// The atom: the variant's name in snake case.
    pub(crate) atom: String,
    pub(crate) fields: Body,
}

pub(crate) enum Body {
    Named(Vec<Field>),
    /// The span of each element's type, where a missing `Inspect` is reported.
    Tuple(Vec<Span>),
    Unit,
}

pub(crate) struct Field {
    pub(crate) ident: Ident,
    /// The key as Elixir prints it: the name without `r#`.
    pub(crate) key: String,
    pub(crate) skip: bool,
    /// The field's type, where a missing `Inspect` is reported.
    pub(crate) ty: Span,
}

/// The options found on one attribute list.
#[derive(Default)]
struct Options {
    krate: Option<TokenStream>,
    transparent: Option<Span>,
    skip: Option<Span>,
}

impl Input {
    pub(crate) fn from_item(item: &DeriveInput) -> Result<Input> {
        let mut errors = Errors::default();
        let item_options = errors
            .take(options(&item.attrs, &ITEM_OPTIONS))
            .unwrap_or_default();
        let krate = item_options.krate.unwrap_or_else(|| quote!(::extask));
        let shape = match &item.data {
            Data::Union(union) => {
                errors.push(Error::new(
                    union.union_token.span,
                    "`#[derive(Inspect)]` does not support unions: Elixir has no value \
                     that is one of several fields at once\n\
                     help: implement `Inspect` by hand, or use an enum",
                ));
                None
            }
            Data::Struct(data) => {
                let fields = errors.take(body(&data.fields, true));
                match (item_options.transparent, fields) {
                    (Some(span), Some(fields)) => {
                        errors.take(transparent(span, &data.fields, &fields))
                    }
                    (None, Some(fields)) => Some(Shape::Struct {
                        name: item.ident.unraw_name(),
                        fields,
                    }),
                    (_, None) => None,
                }
            }
            Data::Enum(data) => {
                if let Some(span) = item_options.transparent {
                    errors.push(Error::new(
                        span,
                        "`transparent` applies to a struct of one field, not to an enum",
                    ));
                }
                let variants: Vec<Variant> = data
                    .variants
                    .iter()
                    .filter_map(|variant| {
                        // Variants take no options yet: any `#[inspect(..)]` is an error.
                        errors.take(options(&variant.attrs, &[]));
                        let fields = errors.take(body(&variant.fields, false))?;
                        Some(Variant {
                            ident: variant.ident.clone(),
                            atom: underscore(&variant.ident.unraw_name()),
                            fields,
                        })
                    })
                    .collect();
                Some(Shape::Enum(variants))
            }
        };
        let shape = errors.finish_with(shape)?;
        Ok(Input {
            krate,
            shape: shape.expect("no error, so a shape"),
        })
    }
}

trait UnrawName {
    fn unraw_name(&self) -> String;
}

impl UnrawName for Ident {
    fn unraw_name(&self) -> String {
        let name = self.to_string();
        name.strip_prefix("r#").map_or(name.clone(), str::to_owned)
    }
}

fn body(fields: &Fields, skippable: bool) -> Result<Body> {
    let mut errors = Errors::default();
    let body = match fields {
        Fields::Named(named) => Body::Named(
            named
                .named
                .iter()
                .map(|field| {
                    let options = errors.take(options(&field.attrs, &FIELD_OPTIONS));
                    let skip = options.and_then(|o| o.skip);
                    if let (Some(span), false) = (skip, skippable) {
                        errors.push(Error::new(
                            span,
                            "`skip` applies to the fields of a struct, not of an enum variant",
                        ));
                    }
                    let ident = field.ident.clone().expect("a named field has a name");
                    Field {
                        key: ident.unraw_name(),
                        ident,
                        skip: skip.is_some(),
                        ty: field.ty.span(),
                    }
                })
                .collect(),
        ),
        Fields::Unnamed(unnamed) => {
            for field in &unnamed.unnamed {
                if let Some(Options {
                    skip: Some(span), ..
                }) = errors.take(options(&field.attrs, &FIELD_OPTIONS))
                {
                    errors.push(Error::new(
                        span,
                        "`skip` applies to named fields: a tuple's elements are positional",
                    ));
                }
            }
            Body::Tuple(unnamed.unnamed.iter().map(|f| f.ty.span()).collect())
        }
        Fields::Unit => Body::Unit,
    };
    errors.finish_with(body)
}

fn transparent(span: Span, fields: &Fields, body: &Body) -> Result<Shape> {
    let field = match (fields.len(), body) {
        (1, Body::Named(named)) if named[0].skip => None,
        (1, Body::Named(named)) => Some(Member::Named(named[0].ident.clone())),
        (1, Body::Tuple(_)) => Some(Member::Unnamed(0.into())),
        _ => None,
    };
    field.map(Shape::Transparent).ok_or_else(|| {
        Error::new(
            span,
            format!(
                "`transparent` needs a struct of exactly one printed field, found {}",
                match fields.len() {
                    1 => "one skipped field".to_owned(),
                    n => format!("{n} fields"),
                }
            ),
        )
    })
}

/// The `#[inspect(..)]` options among `attrs`, with only `allowed` accepted.
fn options(attrs: &[Attribute], allowed: &[&str]) -> Result<Options> {
    let mut errors = Errors::default();
    let mut found = Options::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("inspect")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let name = meta.path.to_token_stream().to_string().replace(' ', "");
            let span = meta.path.span();
            match name.as_str() {
                "crate" if allowed.contains(&"crate") => {
                    let value: LitStr = meta.value()?.parse()?;
                    let path: syn::Path = value.parse()?;
                    found.krate = Some(quote!(#path));
                }
                "transparent" if allowed.contains(&"transparent") => found.transparent = Some(span),
                "skip" if allowed.contains(&"skip") => found.skip = Some(span),
                _ => {
                    let mut message = match allowed {
                        [] => format!(
                            "unknown option `{name}`: a variant takes no `#[inspect(..)]` options"
                        ),
                        _ => format!(
                            "unknown option `{name}` here, expected {}",
                            one_of(allowed.iter().copied())
                        ),
                    };
                    suggest(&mut message, &name, allowed.iter().copied(), str::to_owned);
                    return Err(meta.error(message));
                }
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    errors.finish_with(found)
}
