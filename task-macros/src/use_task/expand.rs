//! The code of `#[derive(Task)]`: an inherent `child_spec(self)` that hands
//! the module, the argument, the options and `Self::run` to the runtime's
//! `supervisor::__use_task`. Every path is absolute (`KRATE::__private::rt`,
//! `::core`).

use super::model::{Restart, Shutdown, UseTask};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{DeriveInput, Error};

pub(crate) fn emit(model: &UseTask, item: &DeriveInput) -> TokenStream {
    let krate = &model.krate;
    let rt = quote!(#krate::__private::rt);
    let module = &model.module;
    let restart = match model.restart {
        None => quote!(::core::option::Option::None),
        Some(r) => {
            let variant = match r {
                Restart::Permanent => quote!(Permanent),
                Restart::Transient => quote!(Transient),
                Restart::Temporary => quote!(Temporary),
            };
            quote!(::core::option::Option::Some(#rt::supervisor::Restart::#variant))
        }
    };
    let shutdown = match &model.shutdown {
        None => quote!(::core::option::Option::None),
        Some(Shutdown::BrutalKill) => {
            quote!(::core::option::Option::Some(#rt::task::Shutdown::BrutalKill))
        }
        Some(Shutdown::Infinity) => quote!(::core::option::Option::Some(
            #rt::task::Shutdown::Timeout(#rt::Timeout::Infinity)
        )),
        Some(Shutdown::Ms(ms)) => quote!(::core::option::Option::Some(
            #rt::task::Shutdown::Timeout(#rt::Timeout::ms(#ms))
        )),
    };
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    // Spanned at the type: a missing `run` is reported on the user's item.
    let run = quote_spanned!(ident.span()=> Self::run);
    quote! {
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// The child spec of `use Task` (`child_spec/1`): this value is
            /// the argument of `run`, the task of each (re)start.
            pub fn child_spec(self) -> #rt::supervisor::ChildSpec {
                #rt::supervisor::__use_task(#module, self, #restart, #shutdown, #run)
            }
        }
    }
}

/// What an item with errors expands to: the errors, and a `child_spec` that
/// type-checks, so the only errors shown are the derive's own.
pub(crate) fn fallback(item: &DeriveInput, error: Error) -> TokenStream {
    let errors = error.into_compile_error();
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    quote! {
        #errors
        impl #impl_generics #ident #ty_generics #where_clause {
            #[allow(dead_code)]
            pub fn child_spec(self) -> ::extask::__private::rt::supervisor::ChildSpec {
                ::core::unreachable!()
            }
        }
    }
}
