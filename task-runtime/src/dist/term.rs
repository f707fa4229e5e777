//! The term codec: extask's [`Term`] ⇄ `eetf::Term`, at the connection
//! boundary only (docs/distribution.md, "Terms").
//!
//! Decoding never fails: what `Term` has no variant for (funs, ports, big
//! integers beyond `i64`, improper lists, bitstrings) becomes
//! [`Term::Opaque`], its bytes kept so it goes back unchanged. Encoding
//! fails only for what cannot exist on the BEAM: a [`Term::Doc`] (a layout,
//! not a value) and a float that is NaN or infinite.

use super::nodes;
use crate::inspect::{Atom, Opaque, RemoteRef, Term};
use crate::{Pid, Ref};
use eetf::{
    Atom as EAtom, BigInteger, Binary, FixInteger, Float, List, Map, Pid as EPid, Reference,
    Term as ETerm, Tuple,
};
use std::collections::HashMap;
use std::fmt;

/// This node, as pids and refs it mints carry it.
#[derive(Clone, Debug)]
pub(crate) struct Local {
    pub(crate) name: Atom,
    pub(crate) creation: u32,
}

/// A [`Term`] that cannot go over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    /// A [`Term::Doc`]: text laid out for printing, not a value.
    Doc,
    /// NaN or an infinity: the BEAM has no such floats.
    Float,
    /// A [`Term::Opaque`] whose bytes do not decode.
    Opaque,
    /// A remote pid whose node index is unknown.
    UnknownNode,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EncodeError::Doc => "a Term::Doc cannot cross nodes",
            EncodeError::Float => "NaN and infinities do not exist on the BEAM",
            EncodeError::Opaque => "an opaque term's bytes do not decode",
            EncodeError::UnknownNode => "a pid of an unknown node",
        })
    }
}

impl std::error::Error for EncodeError {}

/// `t` as the external term format's value.
pub(crate) fn encode(t: &Term, local: &Local) -> Result<ETerm, EncodeError> {
    Ok(match t {
        Term::Atom(a) => EAtom::from(a.name()).into(),
        Term::Int(i) => match i32::try_from(*i) {
            Ok(small) => FixInteger::from(small).into(),
            Err(_) => BigInteger::from(*i).into(),
        },
        Term::Float(x) => Float::try_from(*x).map_err(|_| EncodeError::Float)?.into(),
        Term::Str(s) => Binary::from(s.as_bytes()).into(),
        Term::Bytes(b) => Binary::from(b.as_slice()).into(),
        Term::Tuple(items) => Tuple::from(encode_all(items, local)?).into(),
        Term::List(items) => List::from(encode_all(items, local)?).into(),
        Term::Map(pairs) => {
            let mut map = HashMap::with_capacity(pairs.len());
            for (k, v) in pairs {
                map.insert(encode(k, local)?, encode(v, local)?);
            }
            Map::from(map).into()
        }
        Term::Pid(p) => encode_pid(*p, local)?,
        Term::Ref(r) => Reference {
            node: EAtom::from(local.name.name()),
            id: r.wire_words().to_vec(),
            creation: local.creation,
        }
        .into(),
        Term::RemoteRef(r) => Reference {
            node: EAtom::from(r.node.name()),
            id: r.words.clone(),
            creation: r.creation,
        }
        .into(),
        Term::Opaque(o) => ETerm::decode(o.etf.as_slice()).map_err(|_| EncodeError::Opaque)?,
        Term::Doc(_) => return Err(EncodeError::Doc),
    })
}

fn encode_all(items: &[Term], local: &Local) -> Result<Vec<ETerm>, EncodeError> {
    items.iter().map(|t| encode(t, local)).collect()
}

/// A pid as it travels: a local one names this node, a remote one the node
/// its index stands for; `Pid::NIL` is Elixir's `nil`.
pub(crate) fn encode_pid(p: Pid, local: &Local) -> Result<ETerm, EncodeError> {
    if p.is_nil() {
        return Ok(EAtom::from("nil").into());
    }
    Ok(epid(p, local)?.into())
}

pub(crate) fn epid(p: Pid, local: &Local) -> Result<EPid, EncodeError> {
    let (id, serial) = p.wire_parts();
    if !p.is_remote() {
        return Ok(EPid::new(local.name.name(), id, serial, local.creation));
    }
    let (node, creation) = nodes::entry(p.node_index()).ok_or(EncodeError::UnknownNode)?;
    Ok(EPid::new(node.name(), id, serial, creation))
}

/// A term from the wire as extask's [`Term`].
pub(crate) fn decode(t: ETerm, local: &Local) -> Term {
    match t {
        ETerm::Atom(a) => Term::Atom(Atom::from_string(a.name)),
        ETerm::FixInteger(i) => Term::Int(i.value.into()),
        ETerm::BigInteger(ref b) => match i64::try_from(&b.value) {
            Ok(i) => Term::Int(i),
            Err(_) => opaque(t),
        },
        ETerm::Float(x) => Term::Float(x.value),
        ETerm::Binary(b) => match String::from_utf8(b.bytes) {
            Ok(s) => Term::Str(s),
            Err(e) => Term::Bytes(e.into_bytes()),
        },
        // A list of small integers arrives as STRING_EXT (`[1, 2]`, `'hi'`).
        ETerm::ByteList(l) => {
            Term::List(l.bytes.into_iter().map(|b| Term::Int(b.into())).collect())
        }
        ETerm::List(l) => Term::List(l.elements.into_iter().map(|t| decode(t, local)).collect()),
        ETerm::Tuple(t) => Term::Tuple(t.elements.into_iter().map(|t| decode(t, local)).collect()),
        ETerm::Map(m) => {
            let mut pairs: Vec<(Term, Term)> = m
                .map
                .into_iter()
                .map(|(k, v)| (decode(k, local), decode(v, local)))
                .collect();
            // A HashMap's order is random: sort as the BEAM prints maps.
            pairs.sort_by_cached_key(|(k, _)| crate::inspect::term_order(k));
            Term::Map(pairs)
        }
        ETerm::Pid(ref p) => match decode_pid(p, local) {
            Some(pid) => Term::Pid(pid),
            None => opaque(t),
        },
        ETerm::Reference(r) => {
            if r.node.name == local.name.name()
                && r.creation == local.creation
                && let Some(local_ref) = Ref::from_wire_words(&r.id)
            {
                return Term::Ref(local_ref);
            }
            Term::RemoteRef(Box::new(RemoteRef {
                node: Atom::from_string(r.node.name),
                creation: r.creation,
                words: r.id,
            }))
        }
        other => opaque(other),
    }
}

/// A pid from the wire: this node's own (same creation) comes back as the
/// local pid; any other gets its node's index.
pub(crate) fn decode_pid(p: &EPid, local: &Local) -> Option<Pid> {
    if p.node.name == local.name.name() && p.creation == local.creation {
        return Pid::local_from_wire(p.id, p.serial);
    }
    let index = nodes::index_of(&Atom::from_string(p.node.name.clone()), p.creation)?;
    Pid::remote(index, p.id, p.serial)
}

fn opaque(t: ETerm) -> Term {
    let text = t.to_string();
    let mut etf = Vec::new();
    // Encoding a term we just decoded cannot fail; if it did, keep the text.
    let _ = t.encode(&mut etf);
    Term::Opaque(Box::new(Opaque { etf, text }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::inspect;

    fn local() -> Local {
        Local {
            name: Atom::new("rust@127.0.0.1"),
            creation: 77,
        }
    }

    /// Through the bytes, as a frame carries it.
    fn wire(t: &Term) -> Term {
        let mut bytes = Vec::new();
        encode(t, &local()).unwrap().encode(&mut bytes).unwrap();
        decode(ETerm::decode(bytes.as_slice()).unwrap(), &local())
    }

    #[test]
    fn plain_values_round_trip() {
        let t = Term::tuple([
            Term::atom("ok"),
            Term::Atom(Atom::from_string("ünï".into())),
            Term::from(-1),
            Term::from(1_i64 << 40),
            Term::Float(1.5),
            Term::from("héllo"),
            Term::Bytes(vec![255, 0]),
            Term::list([Term::from(1), Term::from(2)]),
            Term::list([]),
            Term::list([Term::tuple([Term::atom("a"), Term::from(1)])]),
        ]);
        assert_eq!(wire(&t), t);
        assert_eq!(
            inspect(&t),
            r#"{:ok, :ünï, -1, 1099511627776, 1.5, "héllo", <<255, 0>>, [1, 2], [], [a: 1]}"#
        );
    }

    #[test]
    fn maps_arrive_sorted_and_print_as_elixir() {
        let t = Term::Map(vec![
            (Term::from("k"), Term::from(2)),
            (Term::atom("a"), Term::from(1)),
        ]);
        let back = wire(&t);
        assert_eq!(inspect(&back), r#"%{:a => 1, "k" => 2}"#);
        let err = Term::Map(vec![
            (Term::atom("__struct__"), Term::atom("Elixir.RuntimeError")),
            (Term::atom("__exception__"), Term::atom("true")),
            (Term::atom("message"), Term::from("x")),
        ]);
        assert_eq!(inspect(&wire(&err)), r#"%RuntimeError{message: "x"}"#);
    }

    #[test]
    fn local_pids_and_refs_come_back_as_themselves() {
        let pid = Pid::local_from_wire(4242, 0).unwrap();
        let r = crate::make_ref();
        let t = Term::tuple([Term::Pid(pid), Term::Ref(r)]);
        assert_eq!(wire(&t), t);
        // The same numbers with another creation: an earlier incarnation's.
        let old = EPid::new("rust@127.0.0.1", 4242, 0, 76);
        let Term::Pid(p) = decode(old.into(), &local()) else {
            panic!()
        };
        assert!(p.is_remote());
        assert_ne!(p, pid);
    }

    #[test]
    fn remote_pids_keep_their_node_and_print_as_elixir() {
        let theirs = EPid::new("ex@127.0.0.1", 109, 3, 1_796_141_760);
        let Term::Pid(p) = decode(theirs.clone().into(), &local()) else {
            panic!()
        };
        assert!(p.is_remote());
        assert_eq!(std::mem::size_of_val(&p), 8);
        assert_eq!(format!("{p:?}"), format!("#PID<{}.109.3>", p.node_index()));
        assert_eq!(
            encode(&Term::Pid(p), &local()).unwrap(),
            ETerm::from(theirs)
        );
    }

    #[test]
    fn only_pids_with_a_node_index_are_remote() {
        let last_local = Pid::local_from_wire(u32::MAX, 0xFFFF).unwrap();
        assert!(!last_local.is_remote());
        assert!(!Pid::OUTSIDE.is_remote() && !Pid::NIL.is_remote());
        let first = Pid::remote(1, 0, 0).unwrap();
        let last = Pid::remote(0xFFFE, u32::MAX, 0xFFFF).unwrap();
        assert!(first.is_remote() && last.is_remote());
        assert_eq!((first.node_index(), last.node_index()), (1, 0xFFFE));
        assert_eq!(Pid::remote(0xFFFF, 0, 0), None, "the index NIL would have");
        assert_eq!(Pid::remote(1, 0, 0x1_0000), None, "a serial beyond 16 bits");
    }

    #[test]
    fn remote_refs_round_trip() {
        let theirs = Reference {
            node: EAtom::from("ex@127.0.0.1"),
            id: vec![1, 2, 3],
            creation: 9,
        };
        let t = decode(theirs.clone().into(), &local());
        assert_eq!(inspect(&t), "#Reference<9.3.2.1>");
        assert_eq!(encode(&t, &local()).unwrap(), ETerm::from(theirs));
    }

    #[test]
    fn what_term_has_no_variant_for_goes_back_unchanged() {
        let big = ETerm::from(BigInteger::from(u64::MAX));
        let improper = ETerm::from(eetf::ImproperList::from((
            vec![ETerm::from(FixInteger::from(1))],
            ETerm::from(FixInteger::from(2)),
        )));
        for original in [big, improper] {
            let t = decode(original.clone(), &local());
            assert!(matches!(t, Term::Opaque(_)), "{t:?}");
            assert_eq!(encode(&t, &local()).unwrap(), original);
        }
    }

    #[test]
    fn layouts_and_nan_do_not_cross() {
        let doc = Term::of(&crate::ExitReason::Normal);
        assert_eq!(encode(&doc, &local()), Err(EncodeError::Doc));
        assert_eq!(
            encode(&Term::Float(f64::NAN), &local()),
            Err(EncodeError::Float)
        );
    }
}
