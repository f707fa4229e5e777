//! Twin of `keyword_wrapping.exs`: a keyword list too long for one line,
//! from Rust values (`Vec` of `(Atom, _)`) and from `Term`s.

use crate::support::*;
use extask::inspect::{Atom, Term};

pub(crate) async fn run(out: Out) {
    let pairs: Vec<(Atom, String)> = (1..=12)
        .map(|i| (Atom::from_string(format!("key_{i}")), "v".repeat(i)))
        .collect();
    out.inspect(pairs);
    let nested = Term::list([
        Term::tuple([Term::atom("a"), Term::list((1..=40).map(Term::from))]),
        Term::tuple([
            Term::atom("b"),
            Term::Map(vec![(Term::atom("c"), Term::Str("x".repeat(70)))]),
        ]),
    ]);
    out.inspect(nested);
    out.inspect(vec![(Atom::new("ok"), Term::from(1)), (Atom::new("error"), Term::from("short"))]);
}
