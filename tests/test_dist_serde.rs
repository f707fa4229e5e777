//! Rust types as Elixir terms against a real Elixir node (feature `dist`):
//! `cargo test --features dist --test test_dist_serde`. A `Job` of every
//! kind of field goes to Elixir by serde, Elixir prints what it got with
//! `inspect` (compared with docs/distribution.md's form) and sends back
//! that term and terms of its own (`%MyApp.User{}`, variants), which
//! `from_term` reads into the Rust types. Skipped with a reason without
//! elixir or epmd, failing when `CI` is set.
#![cfg(feature = "dist")]

mod common;

use common::run;
use extask::dist::{self, Options};
use extask::inspect::{Atom, Term};
use extask::{Pid, Timeout, process};
use serde::{Deserialize, Serialize};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn missing(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .map_or(true, |s| !s.success())
}

#[test]
fn typed_values_cross_to_elixir_and_back() {
    if missing("elixir") || missing("epmd") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set: elixir and epmd must be installed"
        );
        eprintln!("skipped: elixir or epmd not installed (apt-get install -y elixir)");
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _epmd = Reaped(
        Command::new("epmd")
            .args(["-address", "127.0.0.1", "-port", &port.to_string()])
            .spawn()
            .expect("epmd starts"),
    );
    let out = std::env::temp_dir().join(format!("extask-dist-serde-{port}.out"));
    let log = std::fs::File::create(&out).unwrap();
    run(async move {
        let up = Instant::now();
        let opts = Options::new("rusts@127.0.0.1", COOKIE).epmd_port(port);
        while let Err(e) = dist::start_with(opts.clone()).await {
            assert!(up.elapsed() < Duration::from_secs(30), "no start: {e}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/dist/serde.exs");
        let mut elixir = Reaped(
            Command::new("elixir")
                .args(["--name", EX, "--cookie", COOKIE, script])
                .env("ERL_EPMD_PORT", port.to_string())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("elixir starts"),
        );
        let started = Instant::now();
        while !dist::connect(EX).await {
            assert!(started.elapsed() < Duration::from_secs(60), "no connection");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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
        let started = Instant::now();
        let status = loop {
            if let Some(s) = elixir.0.try_wait().unwrap() {
                break s;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "elixir did not end"
            );
            // Not thread::sleep: `:done` must still leave from this runtime.
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        let _ = std::fs::remove_file(&out);
        assert!(status.success(), "{text}");
        let expected = r#"got %{id: 7, kind: :batch, none: nil, owner: %MyApp.User{age: 30, name: "jo"}, pair: {-1, true}, status: {:failed, %{reason: "boom"}}, tags: ["a", "b"]}"#;
        assert!(text.lines().any(|l| l == expected), "{text}");
        assert!(text.contains("done"), "{text}");
    });
}
