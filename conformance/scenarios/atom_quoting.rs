//! Twin of `atom_quoting.exs`: `Atom`'s printing quotes what Elixir quotes.

use crate::support::*;
use extask::inspect::Term;

pub(crate) async fn run(out: Out) {
    let atoms = [
        "ok", "café", "Ünïcode", "über?", "ok!", "a@b", "日本", "_", "_foo", "Foo",
        "héllo world", "a-b", "1a", "foo?bar", "ab?c", "$callers", "", "Élixir.Foo",
    ];
    for a in atoms {
        out.show(&format!("atom {a}"), &Term::atom(a));
    }
    let ops = [
        "+", "==", "@", "%{}", "<>", "->", "\\\\", "..//", "=>", "::", "//", "<|>", "^^^",
    ];
    for a in ops {
        out.show(&format!("op {a}"), &Term::atom(a));
    }
    let pair = |k: &'static str, v: i64| Term::tuple([Term::atom(k), Term::from(v)]);
    out.show(
        "keyword",
        &Term::list([pair("café", 1), pair("über?", 2), pair("a-b", 3)]),
    );
    let ops = [pair("+", 1), pair("=>", 2), pair("nil", 3), pair("true", 4)];
    out.show("keyword ops", &Term::list(ops));
    out.show(
        "alias key",
        &Term::list([pair("ok", 1), pair("Elixir.Foo", 2)]),
    );
    let map = |pairs: &[(&'static str, i64)]| {
        Term::Map(
            pairs
                .iter()
                .map(|&(k, v)| (Term::atom(k), Term::from(v)))
                .collect(),
        )
    };
    out.show("map", &map(&[("a-b", 1), ("ok", 2)]));
    out.show("map alias key", &map(&[("Elixir.Foo", 1)]));
    // The same rule for Rust values: a tuple led by an atom-like value.
    out.show("rust keyword", &vec![(None::<u8>, 1), (None, 2)]);
}
