//! Helpers shared by the in-process tests.

use proc_macro2::TokenStream;

/// The facade path the tests expand with (the wrapper passes `$crate`).
pub(crate) const KRATE: &str = "::extask";

pub(crate) fn tokens(src: &str) -> TokenStream {
    src.parse()
        .unwrap_or_else(|e| panic!("test input does not tokenize: {e}\n{src}"))
}

/// `task_impl!{ ::extask; SRC }`.
pub(crate) fn expand_task(src: &str) -> TokenStream {
    crate::expand::expand(tokens(&format!("{KRATE}; {src}")))
}

/// `receive_impl!{ ::extask; SRC }`.
pub(crate) fn expand_receive(src: &str) -> TokenStream {
    crate::receive::expand(tokens(&format!("{KRATE}; {src}")))
}

/// The messages of the `compile_error!`s in an expansion, in order.
pub(crate) fn errors(expansion: &TokenStream) -> Vec<String> {
    let mut found = Vec::new();
    collect_errors(expansion.clone(), &mut found);
    found
}

fn collect_errors(tokens: TokenStream, found: &mut Vec<String>) {
    let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            proc_macro2::TokenTree::Ident(ident) if ident == "compile_error" => {
                if let Some(proc_macro2::TokenTree::Group(g)) = trees.get(i + 2)
                    && let Ok(lit) = syn::parse2::<syn::LitStr>(g.stream())
                {
                    found.push(lit.value());
                }
            }
            proc_macro2::TokenTree::Group(g) => collect_errors(g.stream(), found),
            _ => {}
        }
    }
}

/// The single error message of an expansion; panics if there is none or several.
pub(crate) fn error_of(expansion: &TokenStream) -> String {
    match errors(expansion).as_slice() {
        [one] => one.clone(),
        other => panic!("expected one error, found {other:?} in\n{expansion}"),
    }
}

/// The expansion as compact text, for `contains` checks.
pub(crate) fn text(expansion: &TokenStream) -> String {
    expansion.to_string().replace(' ', "")
}
