//! The runtime paths expansions call: `KRATE::__private::rt::...` (docs/design.md).
//!
//! Every path the macros emit is built here, so the contract with `task-runtime`
//! is one screenful.

use crate::errors::error_at;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::ParseStream;
use syn::{Result, Token};

/// The facade path the expansion starts from: `$crate` (from the `macro_rules!`
/// wrapper) or `::extask` (attributes) or a user's `crate = "path"`.
#[derive(Clone)]
pub(crate) struct Rt {
    krate: TokenStream,
}

impl Rt {
    pub(crate) fn new(krate: TokenStream) -> Rt {
        Rt { krate }
    }

    /// The facade path the `task!`/`receive!` wrappers hand over first (`$crate`), and
    /// its `;`.
    pub(crate) fn parse_handed_over(input: ParseStream<'_>) -> Result<Rt> {
        let wrong = |input: ParseStream<'_>| {
            error_at(
                input,
                "expected `$crate;` first: use the `extask::task!` and `extask::receive!` wrappers",
            )
        };
        let path = syn::Path::parse_mod_style(input).map_err(|_| wrong(input))?;
        if !input.peek(Token![;]) {
            return Err(wrong(input));
        }
        input.parse::<Token![;]>()?;
        Ok(Rt::new(quote!(#path)))
    }

    /// `KRATE::__private::rt`
    pub(crate) fn rt(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__private::rt)
    }

    /// `KRATE::__private::rt::task::NAME`
    pub(crate) fn task(&self, name: &str) -> TokenStream {
        self.item("task", name)
    }

    /// `KRATE::__private::rt::process::NAME`
    pub(crate) fn process(&self, name: &str) -> TokenStream {
        self.item("process", name)
    }

    /// `KRATE::__private::rt::inspect::NAME`
    pub(crate) fn inspect(&self, name: &str) -> TokenStream {
        self.item("inspect", name)
    }

    /// `KRATE::__private::rt::root::NAME`
    pub(crate) fn root(&self, name: &str) -> TokenStream {
        self.item("root", name)
    }

    /// `KRATE::__private::rt::Timeout`
    pub(crate) fn timeout_ty(&self) -> TokenStream {
        let rt = self.rt();
        quote!(#rt::Timeout)
    }

    /// `KRATE::__private::rt::Message`: the mailbox's boxed message type.
    pub(crate) fn message_ty(&self) -> TokenStream {
        let rt = self.rt();
        quote!(#rt::Message)
    }

    /// `KRATE::__private::rt::messages::Guards`: what `receive!`'s guards run through.
    pub(crate) fn guards_ty(&self) -> TokenStream {
        self.item("messages", "Guards")
    }

    /// `KRATE::__private::rt::inspect::Atom::new("NAME")`, spanned at `span`.
    pub(crate) fn atom(&self, name: TokenStream, span: Span) -> TokenStream {
        let atom = self.inspect("Atom");
        quote_spanned!(span=> #atom::new(#name))
    }

    fn item(&self, module: &str, name: &str) -> TokenStream {
        let rt = self.rt();
        let module = proc_macro2::Ident::new(module, Span::call_site());
        let name = proc_macro2::Ident::new(name, Span::call_site());
        quote!(#rt::#module::#name)
    }
}

/// `::std::boxed::Box::new(())`: the stand-in `receive!` leaves in a mailbox slot while
/// it inspects the message (the runtime's `Message` is a `Box<dyn Any + Send>`).
pub(crate) fn unit_box() -> TokenStream {
    quote!(::std::boxed::Box::new(()))
}
