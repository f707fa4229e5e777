//! The Rust ⇄ term mapping (`ser.rs`, `de.rs`): each rule of
//! docs/distribution.md's "Rust types as terms", printed as Elixir prints
//! the term, and back.

use super::{from_term, to_term};
use crate::Pid;
use crate::inspect::{Atom, Term, inspect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Status {
    Ok,
    NotFound,
    #[serde(rename = "EXIT")]
    Exit,
    Retry(u32),
    Moved(String, u16),
    Failed {
        reason: String,
    },
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename = "Elixir.MyApp.User")]
struct User {
    name: String,
    age: u8,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Job {
    id: u64,
    owner: Option<User>,
    tags: Vec<String>,
    pair: (i32, bool),
    status: Status,
    from: Pid,
    kind: Atom,
}

fn round<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(v: T) -> String {
    let t = to_term(&v).unwrap();
    assert_eq!(from_term::<T>(&t).unwrap(), v);
    inspect(&t)
}

#[test]
fn variants_are_atoms_and_tagged_tuples() {
    assert_eq!(round(Status::Ok), ":ok");
    assert_eq!(round(Status::NotFound), ":not_found");
    assert_eq!(round(Status::Exit), ":EXIT");
    assert_eq!(round(Status::Retry(3)), "{:retry, 3}");
    assert_eq!(round(Status::Moved("x".into(), 2)), r#"{:moved, "x", 2}"#);
    assert_eq!(
        round(Status::Failed {
            reason: "boom".into()
        }),
        r#"{:failed, %{reason: "boom"}}"#
    );
}

#[test]
fn structs_are_maps_with_atom_keys_or_elixir_structs() {
    let pid = Pid::local_from_wire(77, 0).unwrap();
    let job = Job {
        id: 1,
        owner: Some(User {
            name: "jo".into(),
            age: 30,
        }),
        tags: vec!["a".into()],
        pair: (-1, true),
        status: Status::Ok,
        from: pid,
        kind: Atom::new("batch"),
    };
    assert_eq!(
        round(job),
        r#"%{from: #PID<0.77.0>, id: 1, kind: :batch, owner: %MyApp.User{age: 30, name: "jo"}, pair: {-1, true}, status: :ok, tags: ["a"]}"#
    );
}

#[test]
fn plain_values() {
    assert_eq!(round(None::<u8>), "nil");
    assert_eq!(round(Some(1.5)), "1.5");
    assert_eq!(round(()), "nil");
    assert_eq!(round('é'), r#""é""#);
    let m: BTreeMap<String, Vec<u8>> = [("k".to_owned(), vec![1, 2])].into();
    assert_eq!(round(m), r#"%{"k" => [1, 2]}"#);
    let t = to_term(&serde_bytes_like(&[255, 0])).unwrap();
    assert_eq!(inspect(&t), "<<255, 0>>");
    assert!(
        to_term(&u64::MAX)
            .unwrap_err()
            .to_string()
            .contains("beyond")
    );
}

/// `serialize_bytes`, as `serde_bytes` calls it.
fn serde_bytes_like(b: &[u8]) -> impl Serialize + '_ {
    struct B<'a>(&'a [u8]);
    impl Serialize for B<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    B(b)
}

#[test]
fn a_mismatch_names_the_field_and_the_term_found() {
    let mut t = to_term(&User {
        name: "jo".into(),
        age: 30,
    })
    .unwrap();
    if let Term::Map(pairs) = &mut t {
        for (k, v) in pairs.iter_mut() {
            if k.is_atom("age") {
                *v = Term::from(300);
            }
        }
    }
    assert_eq!(
        from_term::<User>(&t).unwrap_err().to_string(),
        "at age: 300 does not fit in u8"
    );
    let plain = Term::Map(vec![
        (Term::atom("name"), Term::from("jo")),
        (Term::atom("age"), Term::from(1)),
    ]);
    assert_eq!(
        from_term::<User>(&plain).unwrap_err().to_string(),
        r#"expected a %MyApp.User{}, found %{name: "jo", age: 1}"#
    );
    let e =
        from_term::<Vec<Status>>(&Term::list([Term::atom("ok"), Term::atom("nope")])).unwrap_err();
    assert_eq!(e.path(), ["[1]"]);
    assert!(
        e.message()
            .starts_with("expected one of :ok, :not_found, :EXIT"),
        "{e}"
    );
    let e = from_term::<Status>(&Term::tuple([Term::atom("retry"), Term::from("x")])).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"at Retry: expected an integer (u32), found "x""#
    );
    let e = from_term::<User>(&Term::Map(vec![
        (
            Term::atom("__struct__"),
            Term::Atom(Atom::new("Elixir.MyApp.User")),
        ),
        (Term::atom("name"), Term::from("jo")),
    ]))
    .unwrap_err();
    assert_eq!(e.to_string(), "missing field `age`");
}
