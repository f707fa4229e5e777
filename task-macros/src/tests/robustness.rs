//! The macros never panic: 100,000 random and mutated token streams go through the
//! expansion functions, and each must come back as a compile error or a valid expansion
//! (an expression for `task!`/`receive!`, items for the attributes) — never a panic.

use crate::attr::Kind;
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use std::fs;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Token snippets the generators draw from: the DSL's words, Elixir habits, Rust
/// punctuation and literals of every kind.
const SNIPPETS: &[&str] = &[
    "async",
    "start_link",
    "start",
    "await",
    "yield",
    "shutdown",
    "ignore",
    "completed",
    "await_many",
    "yield_many",
    "async_stream",
    "fn",
    "end",
    "do",
    "->",
    "=>",
    "Task",
    "Process",
    "IO",
    "Kernel",
    ".",
    "sleep",
    "alive",
    "?",
    "self",
    "send",
    "exit",
    "inspect",
    "x",
    "t",
    "after",
    "if",
    "when",
    "move",
    "|",
    "||",
    ":",
    "::",
    ",",
    ";",
    "=",
    "-",
    "*",
    "&",
    "^",
    "@",
    "!",
    "#",
    "..",
    "'a",
    "infinity",
    "brutal_kill",
    "kill_task",
    "max_concurrency",
    "ordered",
    "timeout",
    "on_timeout",
    "limit",
    "zip_input_on_exit",
    "0",
    "5_000",
    "1.5",
    "\"s\"",
    "true",
    "99999999999999999999999",
    "7u32",
    "1i8",
    "'c'",
    "let",
    "mut",
    "ref",
    "match",
    "crate",
    "flavor",
    "worker_threads",
    "current_thread",
    "main",
    "r#async",
    "_",
    "i32",
    "Exit",
    "Ref",
    "extask",
];

fn snippet(i: usize) -> TokenStream {
    SNIPPETS[i % SNIPPETS.len()]
        .parse()
        .expect("snippets tokenize")
}

/// A random token tree shape: snippets and nested groups.
#[derive(Clone, Debug)]
enum Tok {
    Snippet(usize),
    Group(u8, Vec<Tok>),
}

fn tok() -> impl Strategy<Value = Tok> {
    let leaf = any::<usize>().prop_map(Tok::Snippet);
    leaf.prop_recursive(2, 16, 5, |inner| {
        (0u8..4, prop::collection::vec(inner, 0..6)).prop_map(|(d, v)| Tok::Group(d, v))
    })
}

fn delimiter(d: u8) -> Delimiter {
    match d % 4 {
        0 => Delimiter::Parenthesis,
        1 => Delimiter::Bracket,
        2 => Delimiter::Brace,
        _ => Delimiter::None,
    }
}

fn render(toks: &[Tok]) -> TokenStream {
    let mut out = TokenStream::new();
    for t in toks {
        match t {
            Tok::Snippet(i) => out.extend(snippet(*i)),
            Tok::Group(d, inner) => {
                out.extend([TokenTree::Group(Group::new(delimiter(*d), render(inner)))])
            }
        }
    }
    out
}

/// One edit of a token stream; indexes are taken modulo the length.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Insert(usize, usize),
    Replace(usize, usize),
    Swap(usize, usize),
    Duplicate(usize),
    Truncate(usize),
    /// Apply the edit inside the group at this index, if it is one.
    Inside(usize, Box<Edit>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let flat = prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Replace(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        any::<usize>().prop_map(Edit::Duplicate),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    flat.prop_recursive(2, 4, 1, |inner| {
        (any::<usize>(), inner).prop_map(|(i, e)| Edit::Inside(i, Box::new(e)))
    })
}

fn apply(tokens: TokenStream, edit: &Edit) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let len = trees.len();
    match edit {
        Edit::Insert(at, s) => {
            let at = at % (len + 1);
            let inserted: Vec<TokenTree> = snippet(*s).into_iter().collect();
            trees.splice(at..at, inserted);
        }
        _ if len == 0 => {}
        Edit::Delete(at) => {
            trees.remove(at % len);
        }
        Edit::Replace(at, s) => {
            let at = at % len;
            let replacement: Vec<TokenTree> = snippet(*s).into_iter().collect();
            trees.splice(at..=at, replacement);
        }
        Edit::Swap(a, b) => trees.swap(a % len, b % len),
        Edit::Duplicate(at) => {
            let tt = trees[at % len].clone();
            trees.insert(at % len, tt);
        }
        Edit::Truncate(at) => trees.truncate(at % len),
        Edit::Inside(at, inner) => {
            if let TokenTree::Group(g) = &trees[at % len] {
                let mut group = Group::new(g.delimiter(), apply(g.stream(), inner));
                group.set_span(g.span());
                trees[at % len] = TokenTree::Group(group);
            }
        }
    }
    trees.into_iter().collect()
}

/// Seed sources by directory.
type SeedCache = Vec<(&'static str, Vec<String>)>;

/// Valid input number `index` (modulo their count) to mutate: the snapshot inputs of
/// one directory, read once.
fn seed(dir: &'static str, index: usize) -> TokenStream {
    static CACHE: OnceLock<Mutex<SeedCache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Mutex::default)
        .lock()
        .expect("seed cache");
    if !cache.iter().any(|(d, _)| *d == dir) {
        let read = read_seeds(dir);
        cache.push((dir, read));
    }
    let sources = &cache.iter().find(|(d, _)| *d == dir).expect("cached").1;
    sources[index % sources.len()]
        .parse()
        .expect("seeds tokenize")
}

fn read_seeds(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/expand")
        .join(dir);
    let mut paths: Vec<_> = fs::read_dir(&root)
        .expect("tests/expand exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.to_string_lossy().ends_with(".expanded.rs"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| fs::read_to_string(p).expect("readable"))
        .collect()
}

fn krate() -> TokenStream {
    super::support::tokens(&format!("{};", super::support::KRATE))
}

/// The property: an expression comes back, whatever went in.
fn expands_to_an_expression(
    expand: fn(TokenStream) -> TokenStream,
    input: TokenStream,
) -> Result<(), TestCaseError> {
    let out = expand(input.clone());
    prop_assert!(
        syn::parse2::<syn::Expr>(out.clone()).is_ok(),
        "not an expression:\n{out}\nfrom:\n{input}"
    );
    Ok(())
}

/// `cases` runs, nothing written to disk, and the cheap XorShift generator (ChaCha
/// dominates the run time in debug builds otherwise).
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    }
}

fn with_krate(body: TokenStream) -> TokenStream {
    let mut input = krate();
    input.extend(body);
    input
}

proptest! {
    #![proptest_config(config(30_000))]
    #[test]
    fn random_task_streams(toks in prop::collection::vec(tok(), 0..12), keep_krate in any::<bool>()) {
        let body = render(&toks);
        let input = if keep_krate { with_krate(body) } else { body };
        expands_to_an_expression(crate::expand::expand, input)?;
    }
}

proptest! {
    #![proptest_config(config(40_000))]
    #[test]
    fn mutated_task_inputs(index in any::<usize>(), edits in prop::collection::vec(edit(), 1..4)) {
        let mut body = seed("task", index);
        for e in &edits {
            body = apply(body, e);
        }
        expands_to_an_expression(crate::expand::expand, with_krate(body))?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]
    #[test]
    fn random_receive_streams(toks in prop::collection::vec(tok(), 0..12)) {
        expands_to_an_expression(crate::receive::expand, with_krate(render(&toks)))?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]
    #[test]
    fn mutated_receive_inputs(index in any::<usize>(), edits in prop::collection::vec(edit(), 1..4)) {
        let mut body = seed("receive", index);
        for e in &edits {
            body = apply(body, e);
        }
        expands_to_an_expression(crate::receive::expand, with_krate(body))?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]
    #[test]
    fn mutated_attributes(
        test in any::<bool>(),
        args in prop::collection::vec(tok(), 0..5),
        index in any::<usize>(),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        // The seed's function without its attribute line: `#[...]` is its first two trees.
        let mut item: TokenStream = seed("attr", index).into_iter().skip(2).collect();
        for e in &edits {
            item = apply(item, e);
        }
        let kind = if test { Kind::Test } else { Kind::Main };
        let out = crate::attr::expand(kind, render(&args), item.clone());
        prop_assert!(syn::parse2::<syn::File>(out.clone()).is_ok(), "not items:\n{out}\nfrom:\n{item}");
    }
}

proptest! {
    #![proptest_config(config(5_000))]
    #[test]
    fn mutated_gen_server_blocks(
        args in prop::collection::vec(tok(), 0..4),
        index in any::<usize>(),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        let mut item = seed("gen_server", index);
        for e in &edits {
            item = apply(item, e);
        }
        let out = crate::gen_server::expand(render(&args), item.clone());
        prop_assert!(syn::parse2::<syn::File>(out.clone()).is_ok(), "not items:\n{out}\nfrom:\n{item}");
    }
}

/// Found by `mutated_task_inputs`: an error replacing `Process.sleep` at the
/// start of a statement used to end the statement there, leaving `| (2_000)`
/// to parse as a closure and the expansion as no expression at all.
#[test]
fn an_error_at_the_start_of_a_statement_keeps_the_statement_whole() {
    for body in [
        "async fn -> Process.sleep | (2_000); \"blah\" end",
        "async fn -> Process.sleep(1, 2) | 3; 4 end",
        "async fn -> Task.yield - 1; 2 end",
    ] {
        let input = with_krate(super::support::tokens(body));
        let out = crate::expand::expand(input.clone());
        assert!(
            syn::parse2::<syn::Expr>(out.clone()).is_ok(),
            "not an expression:\n{out}\nfrom:\n{input}"
        );
        assert!(out.to_string().contains("compile_error"), "{out}");
    }
}

/// Found by `random_task_streams`: `async crate()` parses as a call, but `crate` names
/// a module, and the expansion re-emitted `crate ()`, which is no expression.
#[test]
fn a_module_keyword_called_as_a_function_is_an_error() {
    for body in ["async crate()", "async super()", "start_link a::super()"] {
        let input = with_krate(super::support::tokens(body));
        let out = crate::expand::expand(input.clone());
        assert!(
            syn::parse2::<syn::Expr>(out.clone()).is_ok(),
            "not an expression:\n{out}\nfrom:\n{input}"
        );
        assert!(out.to_string().contains("compile_error"), "{out}");
    }
}
