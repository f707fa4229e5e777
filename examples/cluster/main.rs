//! An Elixir node and a Rust node working together (feature `dist`):
//! `cargo run --features dist --example cluster`.
//!
//! The Rust node is a worker pool: a `Task.Supervisor` named `:workers` runs
//! `Worker.score/1` (a Rust function) for Elixir's
//! `Task.Supervisor.async({:workers, rust}, Worker, :score, [job])`, and a
//! GenServer `:stats` answers `GenServer.call({:stats, rust}, :summary)`.
//! Each worker calls the Elixir node's GenServer `:ledger` back with
//! `dist::call` before it answers. Jobs, scores and ledger entries are typed
//! Rust structs crossing as Elixir structs through serde (`dist::to_term` /
//! `from_term`). `examples/cluster/app.exs` is the Elixir side, started here
//! as a child process once this node is up; EPMD is started if absent (the
//! attribute's `node = ..`), on `ERL_EPMD_PORT` if set.

use extask::dist::{self, Remote};
use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Return, Server};
use extask::inspect::{Doc, Inspect, Term, inspect};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{Pid, Timeout};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;

const RUST: &str = "rust@127.0.0.1";
const ELIXIR: &str = "ex@127.0.0.1";
const COOKIE: &str = "extask_cluster";

/// `%Job{id: 1, text: ".."}` on the Elixir side.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename = "Elixir.Job")]
struct Job {
    id: u32,
    text: String,
}

/// What a worker answers: `%Score{id: 1, words: 4, longest: "..", worker: pid}`.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename = "Elixir.Score")]
struct Score {
    id: u32,
    words: u32,
    longest: String,
    worker: Pid,
}

/// The request to the Elixir ledger: `{:record, id, words}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Ledger {
    Record(u32, u32),
}

/// `{:ok, total}` back from the ledger.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
enum Recorded {
    Ok(u32),
}

/// The `:stats` GenServer: jobs done and words counted, as Elixir asks
/// for them (`:summary` → `%{jobs: n, words: w}`). Its requests are
/// `Term`s, so Elixir's `GenServer.call({:stats, rust}, ..)` reaches it.
#[derive(Default)]
struct Stats {
    jobs: u32,
    words: u32,
}

/// A worker's cast to `:stats`: `{:done, words}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Done {
    Done(u32),
}

#[derive(Serialize)]
struct Summary {
    jobs: u32,
    words: u32,
}

impl Inspect for Stats {
    fn to_doc(&self) -> Doc {
        (self.jobs, self.words).to_doc()
    }
}

impl Protocol for Stats {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

impl GenServer for Stats {
    type Arg = ();
    type Info = ();
    type Continue = ();

    async fn init((): ()) -> Init<Self> {
        Init::Ok(Stats::default())
    }

    async fn handle_call(&mut self, req: Term, _: Caller<Term>) -> CallReturn<Self> {
        let reply = if req.is_atom("summary") {
            let summary = Summary {
                jobs: self.jobs,
                words: self.words,
            };
            dist::to_term(&summary).expect("a summary is a term")
        } else {
            Term::tuple([Term::atom("unknown"), req])
        };
        CallReturn::Reply(reply)
    }

    /// `{:done, words}` from a worker.
    async fn handle_cast(&mut self, msg: Term) -> Return<Self> {
        if let Ok(Done::Done(words)) = dist::from_term(&msg) {
            self.jobs += 1;
            self.words += words;
        }
        Return::NoReply
    }
}

/// `Worker.score(job)`: counts the job's words, records them with the
/// Elixir node's ledger, tells `:stats`, and answers a `%Score{}`.
async fn score(args: Vec<Term>, stats: Server<Stats>) -> Term {
    let job: Job = match args.as_slice() {
        [job] => match dist::from_term(job) {
            Ok(job) => job,
            Err(e) => return Term::tuple([Term::atom("error"), Term::from(e.to_string())]),
        },
        _ => return Term::tuple([Term::atom("error"), Term::atom("badarity")]),
    };
    let words: Vec<&str> = job.text.split_whitespace().collect();
    let longest = words.iter().max_by_key(|w| w.len()).copied().unwrap_or("");
    let count = words.len() as u32;
    let request = dist::to_term(&Ledger::Record(job.id, count)).expect("a request is a term");
    let ledger = Remote::name("ledger", ELIXIR);
    let total = match dist::call(&ledger, request, Timeout::Ms(5_000)).await {
        Ok(reply) => match dist::from_term::<Recorded>(&reply) {
            Ok(Recorded::Ok(total)) => total.to_string(),
            Err(e) => format!("a reply of the wrong shape ({e})"),
        },
        Err(reason) => format!("no ledger ({})", inspect(&reason)),
    };
    println!(
        "rust: job {} scored {count} words, the ledger's total is now {total}",
        job.id
    );
    gen_server::cast(&stats, dist::to_term(&Done::Done(count)).expect("a term"));
    let score = Score {
        id: job.id,
        words: count,
        longest: longest.to_owned(),
        worker: extask::process::self_pid(),
    };
    dist::to_term(&score).expect("a score is a term")
}

#[extask::main(node = "rust@127.0.0.1", cookie = "extask_cluster")]
async fn main() {
    let _workers = TaskSupervisor::start_link(SupervisorOptions::new().name("workers"))
        .await
        .expect("the worker supervisor starts");
    let stats = gen_server::start_link::<Stats>((), gen_server::StartOptions::new().name("stats"))
        .await
        .expect(":stats starts");
    dist::register_mfa("Worker", "score", move |args| score(args, stats.clone()));
    println!(
        "rust: node {} up, :workers and :stats ready",
        dist::node().name()
    );

    // The Elixir side: its node connects to this one and sends the work.
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cluster/app.exs");
    let mut elixir = Command::new("elixir")
        .args(["--name", ELIXIR, "--cookie", COOKIE])
        .arg(&app)
        .env("RUST_NODE", RUST)
        .spawn()
        .expect("elixir is installed (apt-get install elixir)");
    let status = tokio::task::spawn_blocking(move || elixir.wait())
        .await
        .expect("the wait runs")
        .expect("the Elixir node's status");
    println!("rust: the Elixir node is done ({status})");
    if !status.success() {
        std::process::exit(1);
    }
}
