//! Connection set-up (feature `dist`): `cargo test --features dist --test
//! test_dist_connect`. This test's node `m@127.0.0.1` never calls
//! `dist::connect` before sending: the first send to `{name, node}` or to
//! a pid of a node not connected connects (what is sent meanwhile arrives,
//! in order); a send to a node that cannot be reached is dropped, and the
//! next one tries again. Then rounds in which this node and a fresh peer
//! send to each other at the same moment, so both connect at once (the
//! handshake's `nok` / `ok_simultaneous`): nothing is lost either way,
//! whichever name is the greater. Last, the same against an Elixir node.
//! The peers are this binary run again (`tests/common/peer.rs`).
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;
#[path = "common/peer.rs"]
mod peer;

use common::run;
use extask::dist::{self, Options};
use extask::inspect::{Term, inspect};
use extask::messages::take;
use extask::{Timeout, process};
use std::path::Path;
use std::process::Command;

const MAIN: &str = "m@127.0.0.1";
/// How many messages each side sends while connecting.
const BURST: i64 = 50;
/// Simultaneous-connect rounds (each with a new peer node).
const ROUNDS: usize = 12;

#[test]
fn peer_node() {
    peer::serve_if_asked();
}

/// The next `{tag, x}`'s `x` (30 s at most: never reached when it works).
async fn recv(tag: &str) -> Term {
    let matcher = |m: &mut extask::Message| match m.downcast_ref::<Term>() {
        Some(Term::Tuple(t)) if t.len() == 2 && t[0].is_atom(tag) => {
            take::<Term>(m).map(|t| match t {
                Term::Tuple(mut t) => t.pop().unwrap(),
                _ => unreachable!(),
            })
        }
        _ => None,
    };
    let got = process::receive_with(matcher, Timeout::Ms(30_000)).await;
    got.unwrap_or_else(|| panic!("no {{:{tag}, _}} within 30 s"))
}

/// `{tag, 0}` .. `{tag, BURST - 1}`, in that order, and nothing else of
/// the tag.
async fn burst_in_order(tag: &str) {
    for k in 0..BURST {
        assert_eq!(recv(tag).await, Term::Int(k), "{tag} {k} out of order");
    }
    let more = |m: &mut extask::Message| {
        let t = m.downcast_ref::<Term>()?;
        matches!(t, Term::Tuple(t) if t[0].is_atom(tag)).then_some(())
    };
    assert!(process::receive_with(more, Timeout::Ms(0)).await.is_none());
}

fn echo(k: i64) -> Term {
    Term::tuple([
        Term::atom("echo"),
        Term::Pid(process::self_pid()),
        Term::Int(k),
    ])
}

async fn spawn_peer(name: &str, epmd: u16, burst: u32) -> peer::Peer {
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || peer::spawn("peer_node", &name, MAIN, epmd, burst))
        .await
        .unwrap()
}

#[test]
fn sends_connect_and_simultaneous_connects_keep_one_connection() {
    if !cluster::epmd_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    let port = epmd.port;
    run(async move {
        cluster::start_node(Options::new(MAIN, peer::COOKIE), port).await;
        process::register(process::self_pid(), "sink").unwrap();

        // A send by name connects; the burst sent while connecting arrives.
        let rp = spawn_peer("rp@127.0.0.1", port, 0).await;
        assert!(dist::list().is_empty());
        for k in 0..BURST {
            dist::send_to("echo", &rp.name, echo(k)).unwrap();
        }
        burst_in_order("echoed").await;
        assert_eq!(inspect(&dist::list()), r#"[:"rp@127.0.0.1"]"#);

        // A send to a pid of a node not connected (learnt from rp) connects.
        let rq = spawn_peer("rq@127.0.0.1", port, 0).await;
        let ask = [Term::atom("relay_pid"), Term::Pid(process::self_pid())];
        let ask = Term::tuple(ask.into_iter().chain([Term::atom("rq@127.0.0.1")]));
        dist::send_to("echo", &rp.name, ask).unwrap();
        let Term::Pid(q) = recv("pid").await else {
            panic!("not a pid")
        };
        assert!(!dist::list().iter().any(|n| n.name() == rq.name));
        for k in 0..BURST {
            process::send(q, echo(k));
        }
        burst_in_order("echoed").await;
        assert!(dist::list().iter().any(|n| n.name() == rq.name));

        // A monitor of a pid of a node not connected connects too: the
        // MONITOR_P, then the EXIT2 that kills the target, queue in order.
        let rs = spawn_peer("rs@127.0.0.1", port, 0).await;
        let ask = [Term::atom("relay_pid"), Term::Pid(process::self_pid())];
        let ask = Term::tuple(ask.into_iter().chain([Term::atom("rs@127.0.0.1")]));
        dist::send_to("echo", &rp.name, ask).unwrap();
        let Term::Pid(s) = recv("pid").await else {
            panic!("not a pid")
        };
        assert!(!dist::list().iter().any(|n| n.name() == rs.name));
        let r = process::monitor(s);
        process::exit(s, extask::ExitReason::Kill);
        let down = common::down(r).await;
        assert_eq!((inspect(&down.reason), down.pid), (":killed".to_owned(), s));

        // Unreachable nodes: the send is dropped (no error, as the BEAM's
        // `send/2` returns the message), nothing stays connecting, and a
        // later send to a node that came up meanwhile connects.
        dist::send_to("x", "nonode@nowhere", Term::Int(1)).unwrap();
        assert!(!dist::connect("nonode@nowhere").await);
        dist::send_to("echo", "rlate@127.0.0.1", echo(-1)).unwrap();
        assert!(!dist::connect("rlate@127.0.0.1").await);
        let _rlate = spawn_peer("rlate@127.0.0.1", port, 0).await;
        dist::send_to("echo", "rlate@127.0.0.1", echo(0)).unwrap();
        assert_eq!(recv("echoed").await, Term::Int(0));
        let names: Vec<String> = dist::list().iter().map(|n| n.name().to_owned()).collect();
        let peers = [
            "rlate@127.0.0.1",
            "rp@127.0.0.1",
            "rq@127.0.0.1",
            "rs@127.0.0.1",
        ];
        assert_eq!(names, peers);

        // Both sides send first, at the same moment: peers named below and
        // above this node's name, so each side of the tie-break is run.
        let before = dist::simultaneous_connects();
        for round in 0..ROUNDS {
            let name = if round % 2 == 0 {
                format!("a{round}@127.0.0.1")
            } else {
                format!("z{round}@127.0.0.1")
            };
            let mut p = spawn_peer(&name, port, BURST as u32).await;
            let at = peer::gun(50);
            p.go(at);
            tokio::task::spawn_blocking(move || peer::wait_until(at))
                .await
                .unwrap();
            for k in 0..BURST {
                dist::send_to("echo", &name, echo(k)).unwrap();
            }
            burst_in_order("n").await;
            burst_in_order("echoed").await;
            assert!(dist::list().iter().any(|n| n.name() == name));
            tokio::task::spawn_blocking(move || p.kill()).await.unwrap();
        }
        let crossed = dist::simultaneous_connects() - before;
        println!("{crossed} of {ROUNDS} rounds crossed connects");
        assert!(crossed > 0, "no round connected both ways at once");

        // An Elixir node: the same crossing sends.
        if !cluster::elixir_installed() {
            return;
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dist/auto.exs");
        let mut elixir = Command::new("elixir");
        elixir
            .args(["--name", "exa@127.0.0.1", "--cookie", peer::COOKIE])
            .arg(script)
            .env("ERL_EPMD_PORT", port.to_string());
        let mut ex = tokio::task::spawn_blocking(move || peer::start(elixir, "exa@127.0.0.1"))
            .await
            .unwrap();
        let at = peer::gun(50);
        ex.go(at);
        tokio::task::spawn_blocking(move || peer::wait_until(at))
            .await
            .unwrap();
        for k in 0..BURST {
            dist::send_to("exauto", "exa@127.0.0.1", echo(k)).unwrap();
        }
        burst_in_order("n").await;
        burst_in_order("echoed").await;
        assert!(dist::list().iter().any(|n| n.name() == "exa@127.0.0.1"));
        println!(
            "the Elixir node: {} crossed",
            dist::simultaneous_connects() - before - crossed
        );
    });
}
