//! The layouts `#[derive(Inspect)]` (the facade's `extask::inspect::Inspect`)
//! expands to: not public API, named only by the expansion through
//! `__private::rt::inspect::derive`. Each is the container Elixir's
//! `Inspect` implementation uses for the same value, so derived values wrap
//! at 80 columns exactly as `IO.inspect/2` wraps a struct, map or tuple.

use super::{Atom, Doc, Inspect};

/// `%Name{a: 1, b: 2}`: `open` is `"%Name{"`; one field per line when it
/// does not fit (Elixir's `break: :strict`).
pub fn structure(open: &'static str, fields: Vec<Doc>) -> Doc {
    Doc::container(open, fields, "}", true)
}

/// `#Name<a: 1, ...>`, a struct with skipped fields, as Elixir prints one
/// derived with `@derive {Inspect, except: [..]}`: `open` is `"#Name<"`.
pub fn except(open: &'static str, mut fields: Vec<Doc>) -> Doc {
    fields.push(Doc::text("..."));
    Doc::container(open, fields, ">", true)
}

/// `key: value` inside a struct or map; `key` is `"name: "`.
pub fn field(key: &'static str, value: Doc) -> Doc {
    Doc::Concat(vec![Doc::text(key), value])
}

/// `%{a: 1}`: a struct variant's fields, keys already sorted.
pub fn map(fields: Vec<Doc>) -> Doc {
    Doc::container("%{", fields, "}", true)
}

/// The atom `:name`, quoted if Elixir would quote it.
pub fn atom(name: &'static str) -> Doc {
    Atom::new(name).to_doc()
}

/// `{:tag, item, ..}`, a tuple led by an atom.
pub fn tagged(tag: &'static str, items: Vec<Doc>) -> Doc {
    let mut all = Vec::with_capacity(items.len() + 1);
    all.push(atom(tag));
    all.extend(items);
    Doc::container("{", all, "}", false)
}

/// The keyword pair of `{:tag, value}` (see [`Inspect::keyword_pair`]).
pub fn pair(tag: &'static str, value: Doc) -> Option<(String, Doc)> {
    super::term::keyword_key(tag).map(|key| (key, value))
}
