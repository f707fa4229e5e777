//! Rust types as Elixir terms against a real Elixir node (feature `dist`):
//! `cargo test --features dist --test test_dist_serde`. A `Job` of every
//! kind of field goes to Elixir by serde, Elixir prints what it got with
//! `inspect` (compared with docs/distribution.md's form) and sends back
//! that term and terms of its own (`%MyApp.User{}`, variants), which
//! `from_term` reads into the Rust types. Skipped with a reason without
//! elixir or epmd, failing when `CI` is set.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;

use common::run;
use extask::dist::{self, Options};
use extask::inspect::{Atom, Term};
use extask::{Pid, Timeout, process};
use serde::{Deserialize, Serialize};
use std::time::Duration;

const EX: &str = "exs@127.0.0.1";
const COOKIE: &str = "extask_serde";

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
    kind: Atom,
    none: Option<u8>,
}

#[test]
fn typed_values_cross_to_elixir_and_back() {
    if !cluster::elixir_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    let out = std::env::temp_dir().join(format!("extask-dist-serde-{}.out", epmd.port));
    run(async move {
        cluster::start_node(Options::new("rusts@127.0.0.1", COOKIE), epmd.port).await;
        let mut elixir = cluster::elixir(EX, COOKIE, None, "serde.exs", epmd.port, Some(&out));
        cluster::connect(EX).await;
        let job = Job {
            id: 7,
            owner: Some(User {
                name: "jo".into(),
                age: 30,
            }),
            tags: vec!["a".into(), "b".into()],
            pair: (-1, true),
            status: Status::Failed {
                reason: "boom".into(),
            },
            kind: Atom::new("batch"),
            none: None,
        };
        let me = process::self_pid();
        let msg = dist::to_term(&(Atom::new("job"), me, &job)).unwrap();
        // :exsrv may not be registered yet: resend until answered (bounded).
        let mut back = None;
        for _ in 0..120 {
            dist::send_to("exsrv", EX, msg.clone()).unwrap();
            back = common::recv::<Term>(Timeout::Ms(500)).await;
            if back.is_some() {
                break;
            }
        }
        let back = back.expect("an answer from Elixir within 60 s");
        let (tag, job_back, user, statuses, ex): (Atom, Job, User, Vec<Status>, Pid) =
            dist::from_term(&back).unwrap();
        assert_eq!(tag.name(), "back");
        assert_eq!(job_back, job);
        assert_eq!(
            user,
            User {
                name: "ex".into(),
                age: 41
            }
        );
        assert_eq!(
            statuses,
            [
                Status::Ok,
                Status::NotFound,
                Status::Exit,
                Status::Retry(2),
                Status::Moved("y".into(), 9),
                Status::Failed { reason: "x".into() }
            ]
        );
        assert!(ex.is_remote());
        dist::send(ex, &Atom::new("done")).unwrap();
        // `:done` must still leave from this runtime.
        let (status, text) =
            cluster::wait_for_exit(&mut elixir, &out, Duration::from_secs(120)).await;
        let status = status.expect("elixir did not end in 120 s");
        assert!(status.success(), "{text}");
        let expected = r#"got %{id: 7, kind: :batch, none: nil, owner: %MyApp.User{age: 30, name: "jo"}, pair: {-1, true}, status: {:failed, %{reason: "boom"}}, tags: ["a", "b"]}"#;
        assert!(text.lines().any(|l| l == expected), "{text}");
        assert!(text.contains("done"), "{text}");
    });
}
