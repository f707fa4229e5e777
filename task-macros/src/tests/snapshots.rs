//! Expansion snapshots: each input under the workspace's `tests/expand/` is expanded
//! in-process, pretty-printed with prettyplease, and compared with the checked-in
//! `NAME.expanded.rs` beside it. `EXTASK_BLESS=1 cargo test -p task-macros` rewrites
//! the snapshots; review the diff before committing it.
//!
//! The files live in the facade's `tests/expand/` (read here through
//! `CARGO_MANIFEST_DIR/../tests/expand`), beside the behaviour tests they document,
//! while the test runs here: the expansion functions are private to this crate, and a
//! proc-macro crate exports nothing else.
//!
//! - `tests/expand/task/NAME.rs`: the tokens of `task!( ... )`;
//! - `tests/expand/receive/NAME.rs`: the tokens of `receive!{ ... }`;
//! - `tests/expand/attr/NAME.rs`: one function under `#[extask::main(...)]` or
//!   `#[extask::test(...)]`;
//! - `tests/expand/derive/NAME.rs`: one item under `#[derive(Inspect)]` (the
//!   derive attribute itself left out);
//! - `tests/expand/gen_server/NAME.rs`: one `impl` block under
//!   `#[extask::gen_server]` (the attribute left out).

use super::support::{KRATE, tokens};
use crate::attr::Kind;
use proc_macro2::TokenStream;
use quote::quote;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/expand")
}

/// The inputs of one directory, sorted.
fn inputs(dir: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("tests/expand/{dir}: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && !p.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    found.sort();
    found
}

/// An expression expansion as a function, so prettyplease can print it.
fn in_function(expansion: TokenStream) -> TokenStream {
    quote!(async fn expansion() { #expansion; })
}

fn pretty(file_tokens: TokenStream, input: &Path) -> String {
    let file: syn::File = syn::parse2(file_tokens.clone()).unwrap_or_else(|e| {
        panic!(
            "{}: the expansion is not valid Rust: {e}\n{file_tokens}",
            input.display()
        )
    });
    prettyplease::unparse(&file)
}

/// Compares (or, with `EXTASK_BLESS=1`, writes) the snapshot of each input; reports
/// every mismatch at once.
fn check(dir: &str, expand: impl Fn(&Path, &str) -> TokenStream) {
    let bless = std::env::var_os("EXTASK_BLESS").is_some_and(|v| v == "1");
    let mut mismatches = Vec::new();
    let cases = inputs(dir);
    assert!(!cases.is_empty(), "no inputs in tests/expand/{dir}");
    for input in cases {
        let source = fs::read_to_string(&input).expect("readable input");
        let actual = pretty(expand(&input, &source), &input);
        let snapshot = input.with_extension("expanded.rs");
        if bless {
            fs::write(&snapshot, &actual).expect("writable snapshot");
            continue;
        }
        match fs::read_to_string(&snapshot) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => mismatches.push(format!(
                "{} differs from the expansion:\n--- expected\n{expected}\n--- actual\n{actual}",
                snapshot.display()
            )),
            Err(_) => mismatches.push(format!(
                "{} is missing; run with EXTASK_BLESS=1",
                snapshot.display()
            )),
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[test]
fn task_forms() {
    check("task", |_, source| {
        in_function(crate::expand::expand(tokens(&format!("{KRATE}; {source}"))))
    });
}

#[test]
fn receive_forms() {
    check("receive", |_, source| {
        in_function(crate::receive::expand(tokens(&format!(
            "{KRATE}; {source}"
        ))))
    });
}

#[test]
fn attributes() {
    check("attr", |input, source| {
        let mut item: syn::ItemFn = syn::parse_str(source)
            .unwrap_or_else(|e| panic!("{}: not a function: {e}", input.display()));
        let attr = item.attrs.remove(0);
        let kind = match attr
            .path()
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .as_deref()
        {
            Some("main") => Kind::Main,
            Some("test") => Kind::Test,
            other => panic!(
                "{}: expected #[extask::main] or #[extask::test], found {other:?}",
                input.display()
            ),
        };
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => TokenStream::new(),
        };
        // As the facade with `dist` expands them (`node = ..` needs it).
        let features = crate::attr::Features { dist: true };
        crate::attr::expand_with(kind, args, quote!(#item), features)
    });
}

#[test]
fn derives() {
    check("derive", |_, source| crate::derive::expand(tokens(source)));
}

#[test]
fn gen_servers() {
    check("gen_server", |_, source| {
        crate::gen_server::expand(TokenStream::new(), tokens(source))
    });
}

/// A block with errors keeps to the user's `crate = "path"` in its stand-in impls,
/// so a renamed facade gets only the block's own errors.
#[test]
fn gen_server_stand_ins_name_the_renamed_facade() {
    let block = tokens("impl Counter { #[call] fn reset(&mut self) {} }");
    let out = crate::gen_server::expand(tokens(r#"crate = "tasks""#), block).to_string();
    assert!(
        out.contains("impl tasks :: __private :: rt :: gen_server :: GenServer for Counter"),
        "{out}"
    );
    assert!(!out.contains(":: extask"), "{out}");
}
