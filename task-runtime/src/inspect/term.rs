//! [`Term`]: a dynamically typed Elixir value, for exit reasons and other
//! places where Elixir allows "any term".

use super::{Doc, Inspect, impl_debug_via_inspect};
use crate::{Pid, Ref};
use std::borrow::Cow;

/// An Elixir atom: `:ok`, `:normal`, `nil`, or a module alias such as `Task`
/// (Elixir stores aliases as atoms prefixed with `Elixir.`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(Cow<'static, str>);

impl Atom {
    /// The atom with this name (`Atom::new("ok")` is `:ok`).
    pub const fn new(name: &'static str) -> Atom {
        Atom(Cow::Borrowed(name))
    }

    /// An atom made at run time.
    pub fn from_string(name: String) -> Atom {
        Atom(Cow::Owned(name))
    }

    /// A module name as Elixir writes it: a capitalised alias (`"Enum"`,
    /// `"MyApp.Worker"`) is Elixir's `Elixir.Enum` and prints bare, `Enum`;
    /// anything else is a plain atom (`"erlang"` prints `:erlang`).
    ///
    /// ```
    /// use task_runtime::inspect::{inspect, Atom};
    /// assert_eq!(inspect(&Atom::module("Enum")), "Enum");
    /// assert_eq!(inspect(&Atom::module("erlang")), ":erlang");
    /// ```
    pub fn module(name: &'static str) -> Atom {
        if is_alias(name) {
            Atom::from_string(format!("Elixir.{name}"))
        } else {
            Atom::new(name)
        }
    }

    /// The name without the colon.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl_debug_via_inspect!(Atom);

impl Inspect for Atom {
    fn to_doc(&self) -> Doc {
        let name = self.name();
        if let Some(alias) = name.strip_prefix("Elixir.") {
            return Doc::text(alias.to_owned());
        }
        if matches!(name, "nil" | "true" | "false") {
            return Doc::text(name.to_owned());
        }
        if is_plain_atom(name) || OPERATORS.contains(&name) {
            Doc::text(format!(":{name}"))
        } else {
            Doc::text(format!(":{}", quote(name)))
        }
    }
}

/// An Elixir alias written as in Elixir source: dot-separated segments, each
/// capitalised (`MyApp.Worker`); `Elixir.MyApp.Worker` is the atom already.
pub(crate) fn is_alias(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with("Elixir.")
        && name.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_uppercase())
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Atoms that print without quotes, and keyword keys that do: an identifier
/// as Elixir's tokenizer takes one (Unicode's UAX #31: `:ok`, `:café`,
/// `:Foo`), with `@` allowed after the first character (`:a@b`, as node
/// names are), and an optional trailing `?` or `!`. `:"$callers"` and
/// `:"a-b"` need quotes.
pub(crate) fn is_plain_atom(name: &str) -> bool {
    let body = name
        .strip_suffix('?')
        .or_else(|| name.strip_suffix('!'))
        .unwrap_or(name);
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(|c| c == '@' || unicode_ident::is_xid_continue(c))
}

/// How an atom prints as a keyword key (`ok: 1`, `+: 1`, `"a-b": 1`), or
/// `None` for an alias (`Elixir.Foo`), which makes the whole list or map
/// print with `=>`/tuples, as Elixir's `Inspect.List.keyword?/1` decides.
pub(crate) fn keyword_key(name: &str) -> Option<String> {
    if name.starts_with("Elixir.") {
        None
    } else if is_plain_atom(name) || OPERATORS.contains(&name) {
        Some(name.to_owned())
    } else {
        Some(quote(name))
    }
}

/// The operators and special forms that Elixir 1.14 prints as atoms without
/// quotes (`:+`, `:==`, `:%{}`), recorded from its `inspect`; others made of
/// the same characters (`:"=>"`, `:"::"`, `:"//"`) keep their quotes.
const OPERATORS: &[&str] = &[
    "@", ".", "+", "-", "!", "^", "*", "/", "**", "++", "--", "+++", "---", "..", "...", "<>",
    "|>", "<<<", ">>>", "<<~", "~>>", "<~", "~>", "<~>", "<", ">", "<=", ">=", "==", "!=", "=~",
    "===", "!==", "&&", "&&&", "||", "|||", "=", "|", "<-", "\\\\", "&", "%", "%{}", "{}", "<<>>",
    "->", "..//",
];

/// An Elixir string literal with Elixir's escapes.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\0' => out.push_str("\\0"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Any Elixir value. Used where Elixir allows any term: custom exit reasons
/// (`exit({:shutdown, 1})`), the arguments recorded in an exit reason.
///
/// ```
/// use task_runtime::inspect::{inspect, Term};
/// let t = Term::tuple([Term::atom("shutdown"), Term::from(1)]);
/// assert_eq!(inspect(&t), "{:shutdown, 1}");
/// assert_eq!(inspect(&Term::list([Term::from(100)])), "'d'");
/// ```
///
/// New kinds of term may come (a node of a cluster can send any), so a
/// `match` on a `Term` outside this crate needs a `_` arm.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum Term {
    /// `:ok`, `nil`, `Task`.
    Atom(Atom),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A binary string, `"blah"`.
    Str(String),
    /// `{a, b}`.
    Tuple(Vec<Term>),
    /// `[a, b]`; a list of printable character codes prints as a charlist.
    List(Vec<Term>),
    /// `#PID<0.N.0>`.
    Pid(Pid),
    /// `#Reference<...>`.
    Ref(Ref),
    /// Already laid out by another [`Inspect`] value (a `%Task{}`, an exit
    /// reason); compared by its one-line text. It cannot cross nodes.
    Doc(Box<Doc>),
    /// `%{k => v}`, in the order given (a map from another node arrives
    /// sorted by its keys' printed form). A struct is a map with a
    /// `:__struct__` key, as in Elixir.
    Map(Vec<(Term, Term)>),
    /// A binary that is not UTF-8 text, `<<255, 0>>`.
    Bytes(Vec<u8>),
    /// A reference made on another node (`#Reference<N.a.b.c>`).
    RemoteRef(Box<RemoteRef>),
    /// A value from another node that has no variant of its own (a fun, a
    /// port, a big integer, an improper list, a bitstring): kept as its
    /// external term format bytes, so it goes back unchanged.
    Opaque(Box<Opaque>),
}

/// A reference minted by another node: its node, that node's incarnation
/// (creation) and its words, as the external term format carries them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RemoteRef {
    /// The node that made it, `:"ex@127.0.0.1"`.
    pub node: Atom,
    /// The node's creation when it made the ref.
    pub creation: u32,
    /// The ref's words, lowest first (the BEAM makes three).
    pub words: Vec<u32>,
}

/// A term kept in the external term format (without the version byte) and
/// the text it prints as (Erlang's notation: `#Fun<..>`, `[1|2]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Opaque {
    /// The encoded term.
    pub etf: Vec<u8>,
    /// How it prints.
    pub text: String,
}

impl Term {
    /// The atom `:name`.
    pub fn atom(name: &'static str) -> Term {
        Term::Atom(Atom::new(name))
    }

    /// A tuple.
    pub fn tuple(items: impl IntoIterator<Item = Term>) -> Term {
        Term::Tuple(items.into_iter().collect())
    }

    /// A list.
    pub fn list(items: impl IntoIterator<Item = Term>) -> Term {
        Term::List(items.into_iter().collect())
    }

    /// The term of any [`Inspect`] value, by its layout.
    pub fn of<T: Inspect + ?Sized>(value: &T) -> Term {
        Term::Doc(Box::new(value.to_doc()))
    }

    /// `true` for the atom `:name`.
    pub fn is_atom(&self, name: &str) -> bool {
        matches!(self, Term::Atom(a) if a.name() == name)
    }
}

impl_debug_via_inspect!(Term);

impl Inspect for Term {
    fn to_doc(&self) -> Doc {
        match self {
            Term::Atom(a) => a.to_doc(),
            Term::Int(i) => Doc::text(i.to_string()),
            Term::Float(x) => x.to_doc(),
            Term::Str(s) => Doc::text(quote(s)),
            Term::Tuple(items) => {
                Doc::container("{", items.iter().map(Inspect::to_doc).collect(), "}", false)
            }
            Term::List(items) => list_doc(items),
            Term::Pid(p) => p.to_doc(),
            Term::Ref(r) => r.to_doc(),
            Term::Doc(d) => (**d).clone(),
            Term::Map(pairs) => map_doc(pairs),
            Term::Bytes(bytes) => {
                let items = bytes.iter().map(|b| Doc::text(b.to_string())).collect();
                Doc::container("<<", items, ">>", false)
            }
            Term::RemoteRef(r) => {
                let words: Vec<String> = r.words.iter().rev().map(u32::to_string).collect();
                // No node table index for refs: the creation stands in for it.
                Doc::text(format!("#Reference<{}.{}>", r.creation, words.join(".")))
            }
            Term::Opaque(o) => Doc::text(o.text.clone()),
        }
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        match self {
            Term::Tuple(kv) if is_keyword_pair(self) => {
                let Term::Atom(key) = &kv[0] else {
                    return None;
                };
                Some((key.name().to_owned(), kv[1].to_doc()))
            }
            _ => None,
        }
    }
}

/// `%{a: 1}`, `%{"k" => v}`, `%RuntimeError{message: "x"}` (fields sorted,
/// `__exception__` hidden, as Elixir prints a struct).
fn map_doc(pairs: &[(Term, Term)]) -> Doc {
    let is_key = |t: &Term, k: &str| t.is_atom(k);
    let module = pairs.iter().find_map(|(k, v)| match v {
        Term::Atom(m) if is_key(k, "__struct__") => Some(m.clone()),
        _ => None,
    });
    let shown: Vec<&(Term, Term)> = pairs
        .iter()
        .filter(|(k, _)| {
            module.is_none() || !(is_key(k, "__struct__") || is_key(k, "__exception__"))
        })
        .collect();
    // Elixir uses `key: v` only when every key is an atom, not an alias.
    let keyword = shown
        .iter()
        .all(|(k, _)| matches!(k, Term::Atom(a) if keyword_key(a.name()).is_some()));
    let items = shown
        .into_iter()
        .map(|(k, v)| match (k, keyword) {
            (Term::Atom(a), true) => {
                let key = keyword_key(a.name()).unwrap_or_default();
                Doc::Concat(vec![Doc::text(format!("{key}: ")), v.to_doc()])
            }
            _ => Doc::Concat(vec![k.to_doc(), Doc::text(" => "), v.to_doc()]),
        })
        .collect();
    match module {
        Some(m) => Doc::container(format!("%{}{{", inspect_text(&m)), items, "}", true),
        None => Doc::container("%{", items, "}", true),
    }
}

fn inspect_text(a: &Atom) -> String {
    super::inspect(a).trim_start_matches(':').to_owned()
}

/// Erlang's term order, approximately (exact for the keys a supervisor
/// has): numbers, atoms (by name), references, funs/ports, pids, tuples,
/// maps, lists, binaries. Distribution sorts a map's keys by it too.
pub(crate) fn term_order(t: &Term) -> (u8, i64, String) {
    match t {
        Term::Int(i) => (0, *i, String::new()),
        Term::Float(x) => (0, *x as i64, String::new()),
        Term::Atom(a) => (1, 0, a.name().to_owned()),
        Term::Ref(_) | Term::RemoteRef(_) => (2, 0, super::inspect(t)),
        Term::Opaque(_) => (3, 0, super::inspect(t)),
        Term::Pid(_) => (3, 0, super::inspect(t)),
        Term::Tuple(_) => (4, 0, super::inspect(t)),
        Term::Map(_) => (5, 0, super::inspect(t)),
        Term::List(_) => (6, 0, super::inspect(t)),
        Term::Str(s) => (7, 0, s.clone()),
        Term::Bytes(_) => (7, 0, super::inspect(t)),
        Term::Doc(_) => (8, 0, super::inspect(t)),
    }
}

fn list_doc(items: &[Term]) -> Doc {
    if let Some(chars) = as_charlist(items) {
        return Doc::text(format!("'{chars}'"));
    }
    if !items.is_empty() && items.iter().all(is_keyword_pair) {
        let pairs = items
            .iter()
            .map(|item| {
                let Term::Tuple(kv) = item else {
                    unreachable!("checked by is_keyword_pair")
                };
                let Term::Atom(key) = &kv[0] else {
                    unreachable!("checked by is_keyword_pair")
                };
                let key = keyword_key(key.name()).unwrap_or_default();
                Doc::Concat(vec![Doc::text(format!("{key}: ")), kv[1].to_doc()])
            })
            .collect();
        return Doc::container("[", pairs, "]", true);
    }
    Doc::container("[", items.iter().map(Inspect::to_doc).collect(), "]", false)
}

fn is_keyword_pair(t: &Term) -> bool {
    matches!(t, Term::Tuple(kv) if kv.len() == 2
        && matches!(&kv[0], Term::Atom(a) if keyword_key(a.name()).is_some()))
}

/// Elixir 1.14 prints a list of printable character codes as a charlist.
fn as_charlist(items: &[Term]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut out = String::new();
    for item in items {
        let Term::Int(c) = item else { return None };
        let c = char::from_u32(u32::try_from(*c).ok()?)?;
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\u{1b}' => out.push_str("\\e"),
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            // Elixir 1.14 prints only ASCII-printable lists as charlists:
            // `[200]` stays `[200]`.
            c if (' '..='~').contains(&c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

impl From<i64> for Term {
    fn from(v: i64) -> Term {
        Term::Int(v)
    }
}

impl From<i32> for Term {
    fn from(v: i32) -> Term {
        Term::Int(v.into())
    }
}

impl From<u64> for Term {
    fn from(v: u64) -> Term {
        i64::try_from(v).map_or(Term::Float(v as f64), Term::Int)
    }
}

impl From<&str> for Term {
    fn from(v: &str) -> Term {
        Term::Str(v.to_owned())
    }
}

impl From<String> for Term {
    fn from(v: String) -> Term {
        Term::Str(v)
    }
}

impl From<Atom> for Term {
    fn from(v: Atom) -> Term {
        Term::Atom(v)
    }
}

impl From<Pid> for Term {
    fn from(v: Pid) -> Term {
        Term::Pid(v)
    }
}

impl From<Ref> for Term {
    fn from(v: Ref) -> Term {
        Term::Ref(v)
    }
}
