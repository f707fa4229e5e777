//! Two extask nodes (feature `dist`): `cargo test --features dist --test
//! test_dist_rust`. This test's node `ra@127.0.0.1` and the peer node
//! `rb@127.0.0.1`, which is this binary run again as `peer_node` (see
//! `tests/common/peer.rs`), on a private epmd: sends by pid and by name,
//! every kind of term, links and exits both ways (`:kill`, trapped), monitors,
//! `dist::call` to the peer's GenServer, remote tasks both ways, and the lost
//! connection when the peer's OS process is killed. Needs only epmd.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;
#[path = "common/peer.rs"]
mod peer;

use common::{exit_reason, run};
use extask::dist::{self, Options, Remote};
use extask::inspect::{Atom, Term, inspect};
use extask::messages::{Down, Exit, take};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Pid, Timeout, process};

const MAIN: &str = "ra@127.0.0.1";
const PEER: &str = "rb@127.0.0.1";

#[test]
fn peer_node() {
    peer::serve_if_asked();
}

/// The next `{tag, ..}` term, its other items (by tag, as the peer's
/// replies come from several of its processes).
async fn recv(tag: &str) -> Vec<Term> {
    let matcher = |m: &mut extask::Message| match m.downcast_ref::<Term>() {
        Some(Term::Tuple(t)) if t.first().is_some_and(|a| a.is_atom(tag)) => {
            take::<Term>(m).map(|t| match t {
                Term::Tuple(mut t) => t.split_off(1),
                _ => unreachable!(),
            })
        }
        _ => None,
    };
    let got = process::receive_with(matcher, Timeout::Ms(30_000)).await;
    got.unwrap_or_else(|| panic!("no {{:{tag}, ..}} within 30 s"))
}

fn pid(t: &Term) -> Pid {
    match t {
        Term::Pid(p) => *p,
        other => panic!("not a pid: {}", inspect(other)),
    }
}

fn to_peer(msg: Vec<Term>) {
    dist::send_to("echo", PEER, Term::tuple(msg)).unwrap();
}

fn me() -> Term {
    Term::Pid(process::self_pid())
}

/// A new idle process on the peer.
async fn idle() -> Pid {
    to_peer(vec![Term::atom("idle"), me()]);
    pid(&recv("idle").await[0])
}

fn die(p: Pid, reason: Term) {
    process::send(p, Term::tuple([Term::atom("die"), reason]));
}

/// A local process that traps exits (if `trap`), links to `to` and
/// reports the `{:EXIT, ..}` it gets as `{:trapped, inspect(reason),
/// from == to}`; with `then`, it exits `then` on `{:go}`.
fn local_linked(to: Pid, trap: bool) -> Pid {
    let parent = process::self_pid();
    process::spawn(async move {
        process::trap_exit(trap);
        process::link(to).await;
        process::send(parent, Term::tuple([Term::atom("ready")]));
        let e = process::receive_with(take::<Exit>, Timeout::Infinity).await;
        let e = e.unwrap();
        let same = Term::atom(if e.from == to { "true" } else { "false" });
        let report = [Term::atom("trapped"), Term::from(inspect(&e.reason)), same];
        process::send(parent, Term::tuple(report));
    })
}

/// A local process that waits for `{:die, reason}` (trapping exits, if
/// `trap`) and exits with it.
fn local_idle(trap: bool) -> Pid {
    process::spawn(async move {
        process::trap_exit(trap);
        let die = |m: &mut extask::Message| match m.downcast_ref::<Term>() {
            Some(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom("die") => Some(t[1].clone()),
            _ => None,
        };
        let reason = process::receive_with(die, Timeout::Infinity).await.unwrap();
        process::exit_self(ExitReason::Term(reason)).await;
    })
}

fn strs(items: &[Term]) -> Vec<String> {
    items.iter().map(inspect).collect()
}

#[test]
fn two_rust_nodes() {
    if !cluster::epmd_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    run(async move {
        cluster::start_node(Options::new(MAIN, peer::COOKIE), epmd.port).await;
        process::register(process::self_pid(), "sink").unwrap();
        TaskSupervisor::start_link(SupervisorOptions::new().name("msup"))
            .await
            .unwrap();
        dist::register_mfa("Main", "mul", |args: Vec<Term>| async move {
            match args.as_slice() {
                [Term::Int(a), Term::Int(b)] => Term::Int(a * b),
                _ => Term::atom("badarg"),
            }
        });
        let port = epmd.port;
        let peer =
            tokio::task::spawn_blocking(move || peer::spawn("peer_node", PEER, MAIN, port, 0));
        let peer = peer.await.unwrap();
        cluster::connect(PEER).await;
        assert_eq!(inspect(&dist::list()), r#"[:"rb@127.0.0.1"]"#);

        // Every kind of term, to `{:echo, peer}` and back.
        let kinds = [
            Term::atom("ok"),
            Term::Atom(Atom::new("Elixir.Some.Module")),
            Term::Int(-42),
            Term::Int(i64::MAX),
            Term::Float(1.5),
            Term::from("héllo"),
            Term::Bytes(vec![255, 0]),
            Term::list([]),
            Term::list([Term::Int(1), Term::list([Term::atom("nested")])]),
            Term::tuple([]),
            Term::tuple([Term::atom("a"), Term::from("b"), Term::Float(-0.25)]),
            Term::Map(vec![
                (
                    Term::atom("__struct__"),
                    Term::Atom(Atom::new("Elixir.Point")),
                ),
                (Term::atom("x"), Term::Int(1)),
            ]),
            Term::Map(vec![
                (Term::Int(1), Term::list([])),
                (Term::atom("k"), Term::from("v")),
            ]),
            me(),
            Term::Ref(extask::make_ref()),
        ];
        for x in kinds {
            to_peer(vec![Term::atom("echo"), me(), x.clone()]);
            assert_eq!(inspect(&recv("echoed").await[0]), inspect(&x));
        }
        // By pid, and the peer's send by name back to `:sink` (this process).
        to_peer(vec![Term::atom("pid"), me()]);
        let echo = pid(&recv("pid").await[0]);
        assert!(echo.is_remote());
        assert!(inspect(&echo).starts_with("#PID<") && !inspect(&echo).starts_with("#PID<0."));
        process::send(
            echo,
            Term::tuple([Term::atom("echo"), me(), Term::atom("by_pid")]),
        );
        assert_eq!(strs(&recv("echoed").await), [":by_pid"]);
        let named = [
            Term::atom("echo_to"),
            Term::atom("sink"),
            Term::atom("named"),
        ];
        process::send(echo, Term::tuple(named));
        assert_eq!(strs(&recv("echoed").await), [":named"]);

        // A timer's message to a remote pid: sent when it fires; pending
        // (readable, cancellable) until then.
        let later = Term::tuple([Term::atom("echo"), me(), Term::atom("later")]);
        process::send_after(echo, later.clone(), 20);
        assert_eq!(strs(&recv("echoed").await), [":later"]);
        let t = process::send_after(echo, later, 60_000);
        assert!(process::read_timer(t).is_some_and(|ms| ms > 50_000));
        assert!(process::cancel_timer(t).is_some());

        // Links from here to the peer: trapped, not trapped, `:kill`.
        let p = idle().await;
        local_linked(p, true);
        recv("ready").await;
        die(p, Term::atom("bye"));
        assert_eq!(strs(&recv("trapped").await), [r#"":bye""#, "true"]);
        let p = idle().await;
        let l = local_linked(p, false);
        recv("ready").await;
        die(p, Term::tuple([Term::atom("shutdown"), Term::atom("x")]));
        assert_eq!(inspect(&exit_reason(l).await), "{:shutdown, :x}");
        let p = idle().await;
        local_linked(p, true);
        recv("ready").await;
        process::exit(p, ExitReason::Kill);
        assert_eq!(strs(&recv("trapped").await), [r#"":killed""#, "true"]);

        // Links from the peer to here: an exit, then `:kill` and a trapped
        // exit signal sent from the peer.
        let m = local_idle(false);
        to_peer(vec![Term::atom("trap_link"), me(), Term::Pid(m)]);
        recv("linked").await;
        die(m, Term::atom("boom"));
        assert_eq!(strs(&recv("exit").await), [r#"":boom""#, "true"]);
        let m = local_idle(true);
        let mon = process::monitor(m);
        to_peer(vec![Term::atom("exit"), Term::Pid(m), Term::atom("kill")]);
        let down = common::down(mon).await;
        assert_eq!(inspect(&down.reason), ":killed");
        let t = local_linked(echo, true);
        recv("ready").await;
        to_peer(vec![
            Term::atom("exit"),
            Term::Pid(t),
            Term::atom("shutdown"),
        ]);
        assert_eq!(strs(&recv("trapped").await), [r#"":shutdown""#, "true"]);

        // Monitors both ways, and of a process that is gone (`:noproc`).
        let p = idle().await;
        let r = process::monitor(p);
        die(p, Term::tuple([Term::atom("shutdown"), Term::atom("y")]));
        let down = common::down(r).await;
        assert_eq!(
            (inspect(&down.reason), down.pid),
            ("{:shutdown, :y}".into(), p)
        );
        let down = common::down(process::monitor(p)).await;
        assert_eq!(inspect(&down.reason), ":noproc");
        let m = local_idle(false);
        to_peer(vec![Term::atom("watch"), me(), Term::Pid(m)]);
        recv("watching").await;
        die(m, Term::atom("bye"));
        assert_eq!(strs(&recv("down").await), [r#"":bye""#, "true"]);
        to_peer(vec![Term::atom("watch"), me(), Term::Pid(m)]);
        recv("watching").await;
        assert_eq!(strs(&recv("down").await), [r#"":noproc""#, "true"]);

        // `dist::call` to the peer's GenServer: a reply, a timeout, a crash.
        let gsrv = Remote::name("gsrv", PEER);
        let call = |req: Term, ms: u64| {
            let gsrv = gsrv.clone();
            async move {
                match dist::call(&gsrv, req, Timeout::Ms(ms)).await {
                    Ok(t) => inspect(&t),
                    Err(e) => inspect(&e),
                }
            }
        };
        assert_eq!(call(Term::atom("ping"), 5000).await, ":pong");
        let sleep = Term::tuple([Term::atom("sleep"), Term::Int(300)]);
        assert_eq!(
            call(sleep, 100).await,
            r#"{:timeout, {GenServer, :call, [{:gsrv, :"rb@127.0.0.1"}, {:sleep, 300}, 100]}}"#
        );
        let gcrash = Remote::name("gcrash", PEER);
        let crash = dist::call(&gcrash, Term::atom("crash"), Timeout::Ms(5000)).await;
        let crash = inspect(&crash.unwrap_err());
        assert!(
            crash.starts_with(r#"{{%RuntimeError{message: "asked to crash"}, "#),
            "{crash}"
        );
        assert!(
            crash.ends_with(r#"{GenServer, :call, [{:gcrash, :"rb@127.0.0.1"}, :crash, 5000]}}"#),
            "{crash}"
        );

        // Remote tasks: here → the peer's `:tsup`, the peer → our `:msup`.
        let task = |f: &'static str, args: Vec<Term>| async move {
            let t = dist::async_remote(Remote::name("tsup", PEER), "Peer", f, args);
            match dist::await_remote(t.await.unwrap(), Timeout::DEFAULT).await {
                Ok(v) => inspect(&v),
                Err(e) => inspect(&e),
            }
        };
        assert_eq!(task("add", vec![Term::Int(1), Term::Int(2)]).await, "3");
        let boom = task("boom", vec![]).await;
        assert!(
            boom.starts_with(r#"{{%RuntimeError{message: "peer boom"}, "#),
            "{boom}"
        );
        let args = Term::list([Term::Int(6), Term::Int(7)]);
        to_peer(vec![
            Term::atom("task"),
            me(),
            Term::atom("msup"),
            Term::atom("mul"),
            args,
        ]);
        assert_eq!(strs(&recv("task").await), [r#""42""#]);

        // The peer's OS process is killed: `:noconnection` to our links
        // and monitors of its processes, `{:nodedown, node}` to a call.
        let p = idle().await;
        local_linked(p, true);
        let r = process::monitor(p);
        recv("ready").await;
        let q = idle().await;
        let untrapped = process::monitor(local_linked(q, false));
        recv("ready").await;
        let me_pid = process::self_pid();
        process::spawn(async move {
            let sleep = Term::tuple([Term::atom("sleep"), Term::Int(60_000)]);
            let e = dist::call(&Remote::name("gsrv", PEER), sleep, Timeout::Infinity).await;
            let e = inspect(&e.unwrap_err());
            process::send(me_pid, Term::tuple([Term::atom("called"), Term::from(e)]));
        });
        // The call is being served once the server is too busy to answer
        // a ping (it serves one call at a time).
        while call(Term::atom("ping"), 300).await == ":pong" {}
        tokio::task::spawn_blocking(move || peer.kill())
            .await
            .unwrap();
        assert_eq!(strs(&recv("trapped").await), [r#"":noconnection""#, "true"]);
        let down: Down = common::down(r).await;
        assert_eq!(
            (inspect(&down.reason), down.pid),
            (":noconnection".into(), p)
        );
        assert_eq!(
            inspect(&common::down(untrapped).await.reason),
            ":noconnection"
        );
        assert_eq!(
            strs(&recv("called").await),
            [
                r#""{{:nodedown, :\"rb@127.0.0.1\"}, {GenServer, :call, [{:gsrv, :\"rb@127.0.0.1\"}, {:sleep, 60000}, :infinity]}}""#
            ]
        );
        assert!(dist::list().is_empty());
    });
}
