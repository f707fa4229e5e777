//! The code of `#[derive(Inspect)]`: one `impl Inspect` whose `to_doc` builds
//! the layout through the runtime's `inspect::derive` helpers (so the output
//! is pretty-printed by the same `Doc` algebra as every other value), and a
//! `keyword_pair` for the shapes that are `{atom, value}` pairs. Every path is
//! absolute (`KRATE::__private::rt`, `::core`, `::std`); the bindings it
//! introduces are `mixed_site`, so nothing the user names can break it.

use super::model::{Body, Field, Input, Shape, Variant};
use super::underscore;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, Error, Generics, Ident};

/// The `impl` for a model that passed its checks.
pub(crate) fn emit(input: &Input, item: &DeriveInput) -> TokenStream {
    let rt = {
        let krate = &input.krate;
        quote!(#krate::__private::rt::inspect)
    };
    let (to_doc, keyword_pair) = match &input.shape {
        Shape::Struct { name, fields } => struct_body(&rt, name, fields),
        Shape::Transparent(member) => (
            quote!(#rt::Inspect::to_doc(&self.#member)),
            Some(quote!(#rt::Inspect::keyword_pair(&self.#member))),
        ),
        Shape::Enum(variants) => enum_body(&rt, variants),
    };
    let keyword_pair = keyword_pair.map(|body| {
        quote! {
            fn keyword_pair(&self) -> ::core::option::Option<(::std::string::String, #rt::Doc)> {
                #body
            }
        }
    });
    let header = header(&rt, item);
    quote! {
        #[automatically_derived]
        #header {
            fn to_doc(&self) -> #rt::Doc {
                #to_doc
            }
            #keyword_pair
        }
    }
}

/// What an item with errors expands to: the errors, and an `impl Inspect`
/// that type-checks, so the only errors shown are the derive's own.
pub(crate) fn fallback(item: &DeriveInput, error: Error) -> TokenStream {
    let errors = error.into_compile_error();
    let rt = quote!(::extask::__private::rt::inspect);
    let header = header(&rt, item);
    quote! {
        #errors
        #header {
            fn to_doc(&self) -> #rt::Doc {
                ::core::unreachable!()
            }
        }
    }
}

/// `impl<..> Inspect for Name<..> where .., T: Inspect`: every type
/// parameter must print for the value to print.
fn header(rt: &TokenStream, item: &DeriveInput) -> TokenStream {
    let mut generics: Generics = item.generics.clone();
    let params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let clause = generics.make_where_clause();
    for param in params {
        clause
            .predicates
            .push(syn::parse_quote!(#param: #rt::Inspect));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let ident = &item.ident;
    quote!(impl #impl_generics #rt::Inspect for #ident #ty_generics #where_clause)
}

fn struct_body(rt: &TokenStream, name: &str, fields: &Body) -> (TokenStream, Option<TokenStream>) {
    match fields {
        Body::Named(fields) => {
            let printed: Vec<&Field> = fields.iter().filter(|f| !f.skip).collect();
            let docs = printed.iter().map(|f| {
                let ident = &f.ident;
                field_doc(rt, &f.key, quote!(&self.#ident), f.ty)
            });
            let (helper, open) = if printed.len() < fields.len() {
                (quote!(except), format!("#{name}<"))
            } else {
                (quote!(structure), format!("%{name}{{"))
            };
            (
                quote!(#rt::derive::#helper(#open, ::std::vec![#(#docs),*])),
                None,
            )
        }
        Body::Unit => {
            let text = format!("%{name}{{}}");
            (quote!(#rt::Doc::text(#text)), None)
        }
        // A record, as Erlang keeps one: `{:name, field0, field1}`.
        Body::Tuple(types) => {
            let tag = underscore(name);
            let docs: Vec<TokenStream> = types
                .iter()
                .enumerate()
                .map(|(i, &ty)| {
                    let member = syn::Index::from(i);
                    to_doc(rt, quote!(&self.#member), ty)
                })
                .collect();
            let pair = (types.len() == 1).then(|| {
                let value = &docs[0];
                quote!(#rt::derive::pair(#tag, #value))
            });
            (
                quote!(#rt::derive::tagged(#tag, ::std::vec![#(#docs),*])),
                pair,
            )
        }
    }
}

fn field_doc(rt: &TokenStream, key: &str, value: TokenStream, ty: Span) -> TokenStream {
    let key = format!("{key}: ");
    let doc = to_doc(rt, value, ty);
    quote!(#rt::derive::field(#key, #doc))
}

/// `Inspect::to_doc(value)`, spanned at the field's type: a type that does
/// not print is reported there, not at the derive.
fn to_doc(rt: &TokenStream, value: TokenStream, ty: Span) -> TokenStream {
    // The whole call takes the span (rustc reports the bound at the argument
    // and the path): an absolute path, the user's `crate = "path"` and `self`
    // resolve the same from the user's tokens. Only top-level tokens are
    // respanned; the argument's group keeps the `mixed_site` bindings inside.
    quote!(#rt::Inspect::to_doc(#value))
        .into_iter()
        .map(|mut token| {
            token.set_span(ty);
            token
        })
        .collect()
}

fn enum_body(rt: &TokenStream, variants: &[Variant]) -> (TokenStream, Option<TokenStream>) {
    if variants.is_empty() {
        return (quote!(match *self {}), None);
    }
    let mut doc_arms = Vec::new();
    let mut pair_arms = Vec::new();
    for variant in variants {
        let ident = &variant.ident;
        let tag = &variant.atom;
        let (pattern, items) = match &variant.fields {
            Body::Unit => {
                doc_arms.push(quote!(Self::#ident => #rt::derive::atom(#tag),));
                continue;
            }
            Body::Tuple(types) => {
                let bindings: Vec<Ident> = (0..types.len()).map(binding).collect();
                let docs: Vec<TokenStream> = bindings
                    .iter()
                    .zip(types)
                    .map(|(b, &ty)| to_doc(rt, quote!(#b), ty))
                    .collect();
                (quote!(Self::#ident(#(#bindings),*)), docs)
            }
            // `{:tag, %{a: 1}}`: a map, its keys sorted as Elixir prints a map's.
            Body::Named(fields) => {
                let bindings: Vec<Ident> = (0..fields.len()).map(binding).collect();
                let idents = fields.iter().map(|f| &f.ident);
                let mut sorted: Vec<(&Field, &Ident)> = fields.iter().zip(&bindings).collect();
                sorted.sort_by(|a, b| a.0.key.cmp(&b.0.key));
                let docs = sorted
                    .iter()
                    .map(|(f, b)| field_doc(rt, &f.key, quote!(#b), f.ty));
                let map = quote!(#rt::derive::map(::std::vec![#(#docs),*]));
                (quote!(Self::#ident { #(#idents: #bindings),* }), vec![map])
            }
        };
        if items.len() == 1 {
            let value = &items[0];
            pair_arms.push(quote!(#pattern => #rt::derive::pair(#tag, #value),));
        }
        doc_arms.push(quote!(#pattern => #rt::derive::tagged(#tag, ::std::vec![#(#items),*]),));
    }
    let to_doc = quote!(match self { #(#doc_arms)* });
    let keyword_pair = (!pair_arms.is_empty()).then(|| {
        let rest =
            (pair_arms.len() < variants.len()).then(|| quote!(_ => ::core::option::Option::None,));
        quote!(match self { #(#pair_arms)* #rest })
    });
    (to_doc, keyword_pair)
}

/// The binding of a variant's `i`th field, out of the user's reach.
fn binding(i: usize) -> Ident {
    format_ident!("field_{}", i, span = Span::mixed_site())
}
