//! Elixir terms as Rust values: a serde `Deserializer` reading an
//! [`inspect::Term`](Term), the mapping of `ser.rs` read backwards. A
//! term of the wrong shape is a [`TermError`] naming the field or position
//! and the term found there, never a panic.

use super::ser::{ATOM, PID, TermError, atom_name};
use crate::Pid;
use crate::inspect::{Atom, Term, inspect};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;

impl de::Error for TermError {
    fn custom<T: fmt::Display>(msg: T) -> TermError {
        TermError::new(msg.to_string())
    }
}

/// The `T` an Elixir term stands for (the mapping of [`to_term`](super::to_term)).
///
/// ```
/// use serde::Deserialize;
/// use task_runtime::{dist, inspect::Term};
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Job { id: u32, kind: Kind }
/// #[derive(Deserialize, Debug, PartialEq)]
/// enum Kind { Fast, Slow }
/// let t = Term::Map(vec![(Term::atom("id"), Term::from(7)), (Term::atom("kind"), Term::atom("slow"))]);
/// assert_eq!(dist::from_term::<Job>(&t)?, Job { id: 7, kind: Kind::Slow });
/// let bad = Term::Map(vec![(Term::atom("id"), Term::from("7")), (Term::atom("kind"), Term::atom("fast"))]);
/// assert_eq!(dist::from_term::<Job>(&bad).unwrap_err().to_string(), r#"at id: expected an integer (u32), found "7""#);
/// # Ok::<(), dist::TermError>(())
/// ```
pub fn from_term<T: DeserializeOwned>(term: &Term) -> Result<T, TermError> {
    T::deserialize(TermDe(term))
}

struct TermDe<'a>(&'a Term);

fn mismatch(expected: &str, found: &Term) -> TermError {
    TermError::new(format!("expected {expected}, found {}", inspect(found)))
}

macro_rules! int {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
            match self.0 {
                Term::Int(i) => match <$ty>::try_from(*i) {
                    Ok(n) => v.$visit(n),
                    Err(_) => Err(TermError::new(format!(
                        "{i} does not fit in {}", stringify!($ty)))),
                },
                t => Err(mismatch(concat!("an integer (", stringify!($ty), ")"), t)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for TermDe<'_> {
    type Error = TermError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Atom(a) if a.name() == "nil" => v.visit_unit(),
            Term::Atom(a) if a.name() == "true" => v.visit_bool(true),
            Term::Atom(a) if a.name() == "false" => v.visit_bool(false),
            Term::Atom(a) => v.visit_str(a.name()),
            Term::Int(i) => v.visit_i64(*i),
            Term::Float(x) => v.visit_f64(*x),
            Term::Str(s) => v.visit_str(s),
            Term::Bytes(b) => v.visit_bytes(b),
            Term::Tuple(items) | Term::List(items) => v.visit_seq(SeqDe::new(items)),
            Term::Map(pairs) => v.visit_map(MapDe::new(pairs, false)),
            Term::Pid(p) => v.visit_i64(p.number() as i64),
            t => Err(mismatch("a value with a Rust form", t)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Atom(a) if a.name() == "true" => v.visit_bool(true),
            Term::Atom(a) if a.name() == "false" => v.visit_bool(false),
            t => Err(mismatch("a boolean", t)),
        }
    }

    int!(deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        self.deserialize_f64(v)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Float(x) => v.visit_f64(*x),
            // Elixir's `1` where a float is wanted: as `1.0`, like `/`.
            Term::Int(i) => v.visit_f64(*i as f64),
            t => Err(mismatch("a float", t)),
        }
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        self.deserialize_str(v)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Str(s) => v.visit_str(s),
            t => Err(mismatch("a string (binary)", t)),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        self.deserialize_str(v)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Str(s) => v.visit_bytes(s.as_bytes()),
            Term::Bytes(b) => v.visit_bytes(b),
            t => Err(mismatch("a binary", t)),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        self.deserialize_bytes(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Atom(a) if a.name() == "nil" => v.visit_none(),
            _ => v.visit_some(self),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Atom(a) if a.name() == "nil" => v.visit_unit(),
            t => Err(mismatch("nil", t)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, TermError> {
        self.deserialize_unit(v)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, TermError> {
        match (name, self.0) {
            (PID, Term::Pid(p)) => v.visit_i64(p.number() as i64),
            (PID, t) => Err(mismatch("a pid", t)),
            (ATOM, Term::Atom(a)) => v.visit_str(a.name()),
            (ATOM, t) => Err(mismatch("an atom", t)),
            _ => v.visit_newtype_struct(self),
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::List(items) => v.visit_seq(SeqDe::new(items)),
            t => Err(mismatch("a list", t)),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Tuple(items) if items.len() == len => v.visit_seq(SeqDe::new(items)),
            t => Err(mismatch(&format!("a tuple of {len}"), t)),
        }
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, TermError> {
        self.deserialize_tuple(len, v)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Map(pairs) => v.visit_map(MapDe::new(pairs, false)),
            t => Err(mismatch("a map", t)),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, TermError> {
        let Term::Map(pairs) = self.0 else {
            return Err(mismatch("a map", self.0));
        };
        if name.starts_with("Elixir.") {
            let module = pairs.iter().find(|(k, _)| k.is_atom("__struct__"));
            match module {
                Some((_, Term::Atom(m))) if m.name() == name => {}
                _ => {
                    let want = inspect(&Atom::new(name));
                    return Err(mismatch(&format!("a %{want}{{}}"), self.0));
                }
            }
        }
        v.visit_map(MapDe::new(pairs, true))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, TermError> {
        // The atom is the variant's Elixir name: back to the Rust one.
        let pick = |t: &Term| match t {
            Term::Atom(a) => variants
                .iter()
                .find(|name| atom_name(name).name() == a.name())
                .copied()
                .ok_or_else(|| {
                    let known: Vec<String> =
                        variants.iter().map(|n| inspect(&atom_name(n))).collect();
                    mismatch(&format!("one of {}", known.join(", ")), t)
                }),
            t => Err(mismatch("an atom or a tuple led by one", t)),
        };
        match self.0 {
            Term::Atom(_) => v.visit_enum(EnumDe {
                variant: pick(self.0)?,
                body: None,
            }),
            Term::Tuple(items) if !items.is_empty() => v.visit_enum(EnumDe {
                variant: pick(&items[0])?,
                body: Some(&items[1..]),
            }),
            t => Err(mismatch("an atom or a tuple led by one", t)),
        }
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        match self.0 {
            Term::Atom(a) => v.visit_str(a.name()),
            Term::Str(s) => v.visit_str(s),
            t => Err(mismatch("an atom", t)),
        }
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, TermError> {
        v.visit_unit()
    }
}

struct SeqDe<'a> {
    items: std::slice::Iter<'a, Term>,
    at: usize,
}

impl<'a> SeqDe<'a> {
    fn new(items: &'a [Term]) -> SeqDe<'a> {
        SeqDe {
            items: items.iter(),
            at: 0,
        }
    }
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = TermError;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TermError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let at = self.at;
        self.at += 1;
        seed.deserialize(TermDe(item))
            .map(Some)
            .map_err(|e| e.at(format!("[{at}]")))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A map's pairs; for a struct, `__struct__`/`__exception__` are skipped
/// (checked by `deserialize_struct`).
struct MapDe<'a> {
    pairs: std::slice::Iter<'a, (Term, Term)>,
    value: Option<(&'a Term, &'a Term)>,
    strukt: bool,
}

impl<'a> MapDe<'a> {
    fn new(pairs: &'a [(Term, Term)], strukt: bool) -> MapDe<'a> {
        MapDe {
            pairs: pairs.iter(),
            value: None,
            strukt,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = TermError;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TermError> {
        for (k, v) in self.pairs.by_ref() {
            if self.strukt && (k.is_atom("__struct__") || k.is_atom("__exception__")) {
                continue;
            }
            self.value = Some((k, v));
            return seed.deserialize(TermDe(k)).map(Some);
        }
        Ok(None)
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, TermError> {
        let (k, v) = self
            .value
            .take()
            .ok_or_else(|| TermError::new("a map value without its key"))?;
        let segment = match k {
            Term::Atom(a) => a.name().to_owned(),
            k => inspect(k),
        };
        seed.deserialize(TermDe(v)).map_err(|e| e.at(segment))
    }
}

struct EnumDe<'a> {
    variant: &'static str,
    body: Option<&'a [Term]>,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumDe<'a> {
    type Error = TermError;
    type Variant = VariantDe<'a>;
    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, VariantDe<'a>), TermError> {
        let name: de::value::StrDeserializer<'_, TermError> = self.variant.into_deserializer();
        let value = seed.deserialize(name)?;
        Ok((
            value,
            VariantDe {
                variant: self.variant,
                body: self.body,
            },
        ))
    }
}

struct VariantDe<'a> {
    variant: &'static str,
    body: Option<&'a [Term]>,
}

impl VariantDe<'_> {
    fn wrong(&self, expected: &str) -> TermError {
        let found = match self.body {
            None => Term::Atom(atom_name(self.variant)),
            Some(items) => {
                let mut all = vec![Term::Atom(atom_name(self.variant))];
                all.extend(items.iter().cloned());
                Term::Tuple(all)
            }
        };
        mismatch(expected, &found)
    }
}

impl<'de> de::VariantAccess<'de> for VariantDe<'_> {
    type Error = TermError;
    fn unit_variant(self) -> Result<(), TermError> {
        match self.body {
            None => Ok(()),
            Some(_) => Err(self.wrong(&inspect(&atom_name(self.variant)))),
        }
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, TermError> {
        match self.body {
            Some([one]) => seed
                .deserialize(TermDe(one))
                .map_err(|e| e.at(self.variant.to_owned())),
            _ => Err(self.wrong(&format!("{{{}, value}}", inspect(&atom_name(self.variant))))),
        }
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, TermError> {
        match self.body {
            Some(items) if items.len() == len => v
                .visit_seq(SeqDe::new(items))
                .map_err(|e| e.at(self.variant.to_owned())),
            _ => Err(self.wrong(&format!(
                "a tuple of {} led by {}",
                len + 1,
                inspect(&atom_name(self.variant))
            ))),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, TermError> {
        match self.body {
            Some([Term::Map(pairs)]) => v
                .visit_map(MapDe::new(pairs, true))
                .map_err(|e| e.at(self.variant.to_owned())),
            _ => Err(self.wrong(&format!(
                "{{{}, %{{..}}}}",
                inspect(&atom_name(self.variant))
            ))),
        }
    }
}

struct PidVisitor;

impl Visitor<'_> for PidVisitor {
    type Value = Pid;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pid")
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Pid, E> {
        Ok(Pid::from_number(n as u64))
    }
}

impl<'de> de::Deserialize<'de> for Pid {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Pid, D::Error> {
        d.deserialize_newtype_struct(PID, PidVisitor)
    }
}

struct AtomVisitor;

impl Visitor<'_> for AtomVisitor {
    type Value = Atom;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an atom")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Atom, E> {
        Ok(Atom::from_string(s.to_owned()))
    }
}

impl<'de> de::Deserialize<'de> for Atom {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Atom, D::Error> {
        d.deserialize_newtype_struct(ATOM, AtomVisitor)
    }
}
