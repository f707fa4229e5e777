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
use extask::dist::{self, Options, Remote, TermProtocol};
use extask::gen_server::{self, Server};
use extask::inspect::{Term, inspect};
use extask::messages::Down;
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

/// `gen_server::try_call` to `{name, node}`, printed as Elixir prints the
/// result or the exit.
async fn gen_call(to: (&str, &str), req: Term, ms: u64) -> String {
    match gen_server::try_call(to, req, Timeout::Ms(ms)).await {
        Ok(t) => inspect(&t),
        Err(e) => inspect(&e),
    }
}

/// A Rust protocol that cannot cross nodes.
struct Typed;
impl gen_server::Protocol for Typed {
    type Call = u8;
    type Reply = u8;
    type Cast = u8;
}

/// `gen_server::call`/`cast`/`try_call` through `Address`: `{name, node}`
/// and a remote pid, each with Elixir's exits (expected lines are what
/// `GenServer.call` printed between two Elixir nodes).
async fn calls_through_address() {
    let srv = ("exsrv", EX);
    assert_eq!(gen_call(srv, Term::atom("ping"), 5000).await, ":pong");
    gen_server::cast(srv, Term::tuple([Term::atom("set"), Term::Int(9)]));
    // The exiting form, in a process of its own: the reply, then its exit.
    let get = gen_server::call(srv, Term::atom("get"), Timeout::DEFAULT).await;
    assert_eq!(get, Term::Int(9));
    let (p, r) = process::spawn_monitor(async {
        gen_server::call(("nosuch", EX), Term::atom("ping"), Timeout::DEFAULT).await;
    });
    let down = process::receive_with(extask::messages::take::<Down>, Timeout::Ms(10_000))
        .await
        .expect("the caller's :DOWN");
    assert_eq!((down.pid, down.r#ref), (p, r));
    assert_eq!(
        inspect(&down.reason),
        r#"{:noproc, {GenServer, :call, [{:nosuch, :"excalls@127.0.0.1"}, :ping, 5000]}}"#
    );
    assert_eq!(
        gen_call(srv, Term::tuple([Term::atom("sleep"), Term::Int(300)]), 100).await,
        r#"{:timeout, {GenServer, :call, [{:exsrv, :"excalls@127.0.0.1"}, {:sleep, 300}, 100]}}"#
    );
    // The late reply of the timed-out call is dropped, not left in the mailbox.
    assert_eq!(gen_call(srv, Term::atom("ping"), 5000).await, ":pong");
    let late = process::receive_with(|_| Some(()), Timeout::Ms(500)).await;
    assert!(late.is_none(), "a late reply reached the mailbox");
    // A remote pid, as `Server::<TermProtocol>`.
    let Term::Pid(pid) = gen_server::call(srv, Term::atom("pid"), Timeout::DEFAULT).await else {
        panic!("the server's pid");
    };
    assert!(pid.is_remote());
    let server = Server::<TermProtocol>::from_pid(pid);
    assert_eq!(
        gen_server::try_call(&server, Term::atom("get"), Timeout::DEFAULT).await,
        Ok(Term::Int(9))
    );
    gen_server::cast(&server, Term::tuple([Term::atom("set"), Term::Int(10)]));
    assert_eq!(
        gen_server::call(&server, Term::atom("get"), Timeout::DEFAULT).await,
        Term::Int(10)
    );
    // A typed Rust protocol cannot cross: :badarg, nothing sent.
    let typed = Server::<Typed>::from_pid(pid);
    let e = gen_server::try_call(&typed, 7, Timeout::DEFAULT)
        .await
        .unwrap_err();
    let shown = inspect(&e);
    assert!(
        shown.starts_with("{:badarg, {GenServer, :call, [#PID<")
            && shown.ends_with(">, 7, 5000]}}"),
        "{shown}"
    );
    // A node that cannot be reached: {:nodedown, node}.
    assert_eq!(
        gen_call(("x", "nowhere@127.0.0.1"), Term::atom("ping"), 5000).await,
        r#"{{:nodedown, :"nowhere@127.0.0.1"}, {GenServer, :call, [{:x, :"nowhere@127.0.0.1"}, :ping, 5000]}}"#
    );
    // `{name, node()}` is a local call, as in Elixir.
    let local = process::spawn(async {
        let msg = process::receive_with(
            extask::messages::take::<gen_server::GenCall<Term, Term>>,
            Timeout::Infinity,
        )
        .await;
        if let Some(call) = msg {
            gen_server::reply(call.from, Term::atom("here"));
        }
    });
    process::register(local, "rlocal").unwrap();
    assert_eq!(
        gen_call(("rlocal", "rcalls@127.0.0.1"), Term::atom("where"), 5000).await,
        ":here"
    );
    // `send({name, node()}, m)`: local, any message; a missing name is no error.
    process::register(process::self_pid(), "rcalls_root").unwrap();
    process::send_to(("rcalls_root", "rcalls@127.0.0.1"), 5_u8).unwrap();
    let got = process::receive_with(extask::messages::take::<u8>, Timeout::Ms(5000)).await;
    assert_eq!(got, Some(5));
    assert_eq!(
        process::send_to(("rnone", "rcalls@127.0.0.1"), 1_u8),
        Ok(())
    );
    assert_eq!(
        gen_call(("rnone", "rcalls@127.0.0.1"), Term::atom("where"), 5000).await,
        r#"{:noproc, {GenServer, :call, [{:rnone, :"rcalls@127.0.0.1"}, :where, 5000]}}"#
    );
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
        calls_through_address().await;
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
        // `send({:excalls, node}, {:go, self()})`.
        process::send_to(
            ("excalls", EX),
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
