//! Rust values as Elixir terms: a serde `Serializer` whose output is an
//! [`inspect::Term`](Term) (docs/distribution.md, "Rust types as terms").
//!
//! The mapping, Elixir's conventions:
//! - `bool` → `true`/`false`; integers → integers; floats → floats;
//!   `String`/`&str`/`char` → a binary (`"text"`); bytes (`serde_bytes`,
//!   `Vec<u8>` through `serialize_bytes`) → a binary.
//! - `None` and `()` → `nil`; `Some(x)` → `x`.
//! - tuples and tuple structs → tuples; `Vec`/sets → lists; maps → maps.
//! - a struct → a map with atom keys; a struct named `"Elixir.Mod"`
//!   (`#[serde(rename = "Elixir.MyApp.User")]`) → `%MyApp.User{..}`.
//! - a unit variant → an atom, its name in snake_case (`Status::NotFound`
//!   → `:not_found`); a name that is not CamelCase (`#[serde(rename =
//!   "EXIT")]` is, `rename = "ok"` is not) stays as written;
//!   newtype/tuple variants → `{:variant, a, ..}`; struct variants →
//!   `{:variant, %{field: ..}}`.
//! - [`Pid`] → a pid, [`Atom`] → an atom, [`Term`] → itself.

use crate::Pid;
use crate::inspect::{Atom, Term};
use serde::ser::{self, Serialize};
use std::fmt;

/// The newtype names by which [`Pid`], [`Atom`] and [`Term`] tell this
/// format what they are (any other serde format sees a number, a string).
pub(super) const PID: &str = "$extask::Pid";
pub(super) const ATOM: &str = "$extask::Atom";

/// Why a value has no term, or a term is not of the shape a type needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermError {
    pub(super) message: String,
    /// Where it went wrong, outermost first (`user`, `age`, `[2]`).
    pub(super) path: Vec<String>,
}

impl TermError {
    pub(super) fn new(message: impl Into<String>) -> TermError {
        TermError {
            message: message.into(),
            path: Vec::new(),
        }
    }

    /// What did not match, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The field names and list/tuple positions leading to it, outermost
    /// first: `["user", "age"]`.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    pub(super) fn at(mut self, segment: String) -> TermError {
        self.path.insert(0, segment);
        self
    }
}

impl fmt::Display for TermError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(&self.message);
        }
        write!(f, "at {}: {}", self.path.join("."), self.message)
    }
}

impl std::error::Error for TermError {}

impl ser::Error for TermError {
    fn custom<T: fmt::Display>(msg: T) -> TermError {
        TermError::new(msg.to_string())
    }
}

/// `value` as an Elixir term.
///
/// ```
/// use serde::Serialize;
/// use task_runtime::{dist, inspect::inspect};
/// #[derive(Serialize)]
/// #[serde(rename = "Elixir.MyApp.User")]
/// struct User { name: String, age: u32, tags: Vec<Status> }
/// #[derive(Serialize)]
/// enum Status { Active, Banned { reason: String } }
/// let banned = Status::Banned { reason: "spam".into() };
/// let u = User { name: "jo".into(), age: 3, tags: vec![Status::Active, banned] };
/// assert_eq!(
///     inspect(&dist::to_term(&u)?),
///     r#"%MyApp.User{age: 3, name: "jo", tags: [:active, {:banned, %{reason: "spam"}}]}"#
/// );
/// # Ok::<(), dist::TermError>(())
/// ```
pub fn to_term<T: Serialize + ?Sized>(value: &T) -> Result<Term, TermError> {
    value.serialize(TermSerializer)
}

/// An atom for a Rust name: CamelCase (`NotFound`) → snake_case
/// (`not_found`); anything else as written.
pub(super) fn atom_name(name: &'static str) -> Atom {
    let camel = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().any(|c| c.is_ascii_lowercase());
    if !camel {
        return Atom::new(name);
    }
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Atom::from_string(out)
}

struct TermSerializer;

type R = Result<Term, TermError>;

impl ser::Serializer for TermSerializer {
    type Ok = Term;
    type Error = TermError;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = MapSer;
    type SerializeStruct = StructSer;
    type SerializeStructVariant = StructSer;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Term::atom(if v { "true" } else { "false" }))
    }
    fn serialize_i8(self, v: i8) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> R {
        Ok(Term::Int(v))
    }
    fn serialize_u8(self, v: u8) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> R {
        Ok(Term::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> R {
        i64::try_from(v)
            .map(Term::Int)
            .map_err(|_| TermError::new(format!("{v} is beyond the integers a Term holds (i64)")))
    }
    fn serialize_f32(self, v: f32) -> R {
        Ok(Term::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> R {
        Ok(Term::Float(v))
    }
    fn serialize_char(self, v: char) -> R {
        Ok(Term::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> R {
        Ok(Term::Str(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        // A binary either way; one that is text arrives as Elixir's string.
        Ok(match std::str::from_utf8(v) {
            Ok(s) => Term::Str(s.to_owned()),
            Err(_) => Term::Bytes(v.to_vec()),
        })
    }
    fn serialize_none(self) -> R {
        Ok(Term::atom("nil"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Term::atom("nil"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        Ok(Term::atom("nil"))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        Ok(Term::Atom(atom_name(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> R {
        match (name, value.serialize(TermSerializer)?) {
            (PID, Term::Int(n)) => Ok(Term::Pid(Pid::from_number(n as u64))),
            (ATOM, Term::Str(s)) => Ok(Term::Atom(Atom::from_string(s))),
            (_, t) => Ok(t),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        Ok(Term::Tuple(vec![
            Term::Atom(atom_name(variant)),
            value.serialize(TermSerializer)?,
        ]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, TermError> {
        Ok(Seq::new(None, len.unwrap_or(0), false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, TermError> {
        Ok(Seq::new(None, len, true))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, TermError> {
        Ok(Seq::new(None, len, true))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, TermError> {
        Ok(Seq::new(Some(atom_name(variant)), len, true))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapSer, TermError> {
        Ok(MapSer {
            pairs: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<StructSer, TermError> {
        let mut pairs = Vec::with_capacity(len + 1);
        if name.starts_with("Elixir.") {
            pairs.push((Term::atom("__struct__"), Term::Atom(Atom::new(name))));
        }
        Ok(StructSer {
            variant: None,
            pairs,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<StructSer, TermError> {
        Ok(StructSer {
            variant: Some(atom_name(variant)),
            pairs: Vec::with_capacity(len),
        })
    }
}

/// A list, or a tuple (led by the variant's atom for a tuple variant).
struct Seq {
    items: Vec<Term>,
    tuple: bool,
}

impl Seq {
    fn new(tag: Option<Atom>, len: usize, tuple: bool) -> Seq {
        let mut items = Vec::with_capacity(len + 1);
        items.extend(tag.map(Term::Atom));
        Seq { items, tuple }
    }
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        let at = self.items.len();
        let t = value
            .serialize(TermSerializer)
            .map_err(|e| e.at(format!("[{at}]")))?;
        self.items.push(t);
        Ok(())
    }
    fn done(self) -> R {
        Ok(if self.tuple {
            Term::Tuple(self.items)
        } else {
            Term::List(self.items)
        })
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Term;
    type Error = TermError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        self.push(value)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Term;
    type Error = TermError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        self.push(value)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Term;
    type Error = TermError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        self.push(value)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Term;
    type Error = TermError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        self.push(value)
    }
    fn end(self) -> R {
        self.done()
    }
}

struct MapSer {
    pairs: Vec<(Term, Term)>,
    key: Option<Term>,
}

impl ser::SerializeMap for MapSer {
    type Ok = Term;
    type Error = TermError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TermError> {
        self.key = Some(key.serialize(TermSerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TermError> {
        let key = self.key.take().unwrap_or(Term::atom("nil"));
        let v = value
            .serialize(TermSerializer)
            .map_err(|e| e.at(crate::inspect::inspect(&key)))?;
        self.pairs.push((key, v));
        Ok(())
    }
    fn end(self) -> R {
        Ok(sorted_map(self.pairs))
    }
}

/// A map as one from the wire is: pairs in (approximate) term order, so a
/// value equals what comes back from Elixir and prints as Elixir prints it.
fn sorted_map(mut pairs: Vec<(Term, Term)>) -> Term {
    pairs.sort_by_cached_key(|(k, _)| crate::inspect::term_order(k));
    Term::Map(pairs)
}

/// A struct's map (atom keys); a struct variant's `{:variant, %{..}}`.
struct StructSer {
    variant: Option<Atom>,
    pairs: Vec<(Term, Term)>,
}

impl StructSer {
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TermError> {
        let v = value
            .serialize(TermSerializer)
            .map_err(|e| e.at(key.to_owned()))?;
        self.pairs.push((Term::Atom(Atom::new(key)), v));
        Ok(())
    }
    fn done(self) -> R {
        let map = sorted_map(self.pairs);
        Ok(match self.variant {
            Some(tag) => Term::Tuple(vec![Term::Atom(tag), map]),
            None => map,
        })
    }
}

impl ser::SerializeStruct for StructSer {
    type Ok = Term;
    type Error = TermError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TermError> {
        self.field(key, value)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeStructVariant for StructSer {
    type Ok = Term;
    type Error = TermError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TermError> {
        self.field(key, value)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl Serialize for Pid {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(PID, &(self.number() as i64))
    }
}

impl Serialize for Atom {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(ATOM, self.name())
    }
}

/// `send(pid, value)` of a Rust value: `value` as a [`Term`] to `pid`,
/// local or remote, so the receiver (an Elixir process, or a Rust one with a
/// `Term` arm and [`from_term`](super::from_term)) gets the same term either
/// way. `process::send` of the value itself stays the free local send.
pub fn send<T: Serialize + ?Sized>(pid: Pid, value: &T) -> Result<(), TermError> {
    crate::process::send(pid, to_term(value)?);
    Ok(())
}
