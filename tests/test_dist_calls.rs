//! Remote calls and tasks against a real Elixir node (feature `dist`):
//! `cargo test --features dist --test test_dist_calls`. The Rust node
//! `rcalls@127.0.0.1` calls `:exsrv` and runs a task on `:exsup` of the
//! Elixir node running `tests/dist/calls.exs`, which then runs tasks on
//! the Rust node's `TaskSupervisor` `:rsup`. Expected lines are Elixir's
//! own for the same calls between two Elixir nodes.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;

use common::run;
use extask::dist::{self, Options, Remote};
use extask::inspect::{Term, inspect};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{Timeout, process};
use std::time::{Duration, Instant};

const EX: &str = "excalls@127.0.0.1";
const COOKIE: &str = "extask_ci";

async fn call(req: Term, ms: u64) -> String {
    let to = Remote::name("exsrv", EX);
    match dist::call(&to, req, Timeout::Ms(ms)).await {
        Ok(t) => inspect(&t),
        Err(e) => inspect(&e),
    }
}

#[test]
fn rust_calls_and_tasks_with_an_elixir_node() {
    if !cluster::elixir_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    run(async move {
        cluster::start_node(Options::new("rcalls@127.0.0.1", COOKIE), epmd.port).await;
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().name("rsup"))
            .await
            .unwrap();
        let _ = sup;
        dist::register_mfa("Calls", "add", |args: Vec<Term>| async move {
            match args.as_slice() {
                [Term::Int(a), Term::Int(b)] => Term::Int(a + b),
                _ => Term::atom("badarg"),
            }
        });
        dist::register_mfa("Calls", "boom", |_| async { panic!("task boom") });
        let _elixir = cluster::elixir(EX, COOKIE, None, "calls.exs", epmd.port, None);
        cluster::connect(EX).await;
        let started = Instant::now();
        // :exsrv is registered once the script has run its first lines.
        while call(Term::atom("ping"), 1000).await != ":pong" {
            assert!(started.elapsed() < Duration::from_secs(60), "no :exsrv");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let sleep = Term::tuple([Term::atom("sleep"), Term::Int(300)]);
        assert_eq!(
            call(sleep, 100).await,
            r#"{:timeout, {GenServer, :call, [{:exsrv, :"excalls@127.0.0.1"}, {:sleep, 300}, 100]}}"#
        );
        dist::cast(
            &Remote::name("exsrv", EX),
            Term::tuple([Term::atom("set"), Term::Int(7)]),
        );
        assert_eq!(call(Term::atom("get"), 5000).await, "7");
        let missing = Remote::name("nosuch", EX);
        let e = dist::call(&missing, Term::atom("ping"), Timeout::DEFAULT)
            .await
            .unwrap_err();
        assert_eq!(
            inspect(&e),
            r#"{:noproc, {GenServer, :call, [{:nosuch, :"excalls@127.0.0.1"}, :ping, 5000]}}"#
        );
        assert_eq!(
            call(Term::atom("crash"), 5000).await,
            r#"{:boom, {GenServer, :call, [{:exsrv, :"excalls@127.0.0.1"}, :crash, 5000]}}"#
        );
        // Rust → Elixir task.
        let t = dist::async_remote(
            Remote::name("exsup", EX),
            "M",
            "add",
            vec![Term::Int(1), Term::Int(2)],
        )
        .await
        .unwrap();
        assert_eq!(
            dist::await_remote(t, Timeout::DEFAULT).await.unwrap(),
            Term::Int(3)
        );
        // Elixir → Rust tasks.
        let me = process::self_pid();
        dist::send_to(
            "excalls",
            EX,
            Term::tuple([Term::atom("go"), Term::Pid(me)]),
        )
        .unwrap();
        let done = process::receive_with(extask::messages::take::<Term>, Timeout::Ms(60_000))
            .await
            .expect("the Elixir node's task lines");
        assert_eq!(
            inspect(&done),
            r#"{:done, ["3", "{{%RuntimeError{message: \"task boom\"}, [", "{{:undef, [{Calls, :nosuch, [], []}]}, {"]}"#
        );
    });
}
