//! Erlang distribution against a real Elixir node (feature `dist`):
//! `cargo test --features dist --test test_dist_elixir`.
//!
//! Starts epmd on a private port, this test's Rust node `rust@127.0.0.1`
//! and an Elixir node `ex@127.0.0.1` running `tests/dist/checks.exs`
//! (ExUnit). The Rust node connects first and sends to `{:exsrv, ex}`;
//! then Elixir drops the connection, connects again (the Rust node
//! accepts), and its checks send to `{:rsrv, rust}` and to Rust pids.
//! Skipped with a reason when elixir or epmd is missing, unless `CI` is
//! set. Every OS process it starts is killed at the end.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;

use common::run;
use extask::dist::{self, Options};
use extask::inspect::{Term, inspect};
use extask::{Timeout, gen_server, process};
use std::time::Duration;

const EX: &str = "ex@127.0.0.1";
const COOKIE: &str = "extask_ci";

/// The Rust side of the checks: answers pings, echoes, prints.
async fn rsrv() {
    loop {
        let Some(msg) =
            process::receive_with(extask::messages::take::<Term>, Timeout::Infinity).await
        else {
            continue;
        };
        let Term::Tuple(items) = msg else { continue };
        match items.as_slice() {
            [tag, Term::Pid(from)] if tag.is_atom("ping") => process::send(
                *from,
                Term::tuple([Term::atom("pong"), Term::Pid(process::self_pid())]),
            ),
            // A process that tells `from` its pid and exits `:bye` on `:die`.
            [tag, Term::Pid(from)] if tag.is_atom("spawn_short") => {
                let from = *from;
                process::spawn(async move {
                    let me = process::self_pid();
                    process::send(from, Term::tuple([Term::atom("short"), Term::Pid(me)]));
                    let die = |m: &mut extask::Message| {
                        m.downcast_ref::<Term>()
                            .filter(|t| t.is_atom("die"))
                            .map(drop)
                    };
                    process::receive_with(die, Timeout::Infinity).await;
                    process::exit_self(extask::ExitReason::atom("bye")).await;
                });
            }
            // A Rust process monitors the Elixir pid `target` and tells
            // `from` what its `:DOWN` said.
            [tag, Term::Pid(from), Term::Pid(target)] if tag.is_atom("watch") => {
                let (from, target) = (*from, *target);
                process::spawn(async move {
                    let r = process::monitor(target);
                    let me = Term::Pid(process::self_pid());
                    process::send(from, Term::tuple([Term::atom("watching"), me]));
                    let take = extask::messages::take::<extask::messages::Down>;
                    let down = process::receive_with(take, Timeout::Infinity).await;
                    let down = down.expect("a :DOWN");
                    let same = down.r#ref == r && down.pid == target;
                    process::send(
                        from,
                        Term::tuple([
                            Term::atom("down"),
                            Term::from(inspect(&down.reason)),
                            Term::atom(if same { "true" } else { "false" }),
                        ]),
                    );
                });
            }
            // A trapping Rust process links to the Elixir pid `target` and
            // tells `from` what its `{:EXIT, pid, reason}` said.
            [tag, Term::Pid(from), Term::Pid(target)] if tag.is_atom("trap_link") => {
                let (from, target) = (*from, *target);
                process::spawn(async move {
                    process::trap_exit(true);
                    process::link(target).await;
                    let me = Term::Pid(process::self_pid());
                    process::send(from, Term::tuple([Term::atom("linked"), me]));
                    let take = extask::messages::take::<extask::messages::Exit>;
                    let exit = process::receive_with(take, Timeout::Infinity).await;
                    let exit = exit.expect("an :EXIT");
                    process::send(
                        from,
                        Term::tuple([
                            Term::atom("exit"),
                            Term::from(inspect(&exit.reason)),
                            Term::atom(if exit.from == target { "true" } else { "false" }),
                        ]),
                    );
                });
            }
            // A trapping Rust process links to and monitors the Elixir pid
            // `target`, waits for both signals (the connection is cut: both
            // say `:noconnection`), then for a `{:report, pid}` (sent once
            // Elixir has reconnected) and answers it with what it got.
            [tag, Term::Pid(from), Term::Pid(target)] if tag.is_atom("hold") => {
                let (from, target) = (*from, *target);
                process::spawn(async move {
                    process::trap_exit(true);
                    process::link(target).await;
                    let r = process::monitor(target);
                    let me = Term::Pid(process::self_pid());
                    process::send(from, Term::tuple([Term::atom("holding"), me]));
                    let take = extask::messages::take::<extask::messages::Exit>;
                    let exit = process::receive_with(take, Timeout::Infinity).await;
                    let take = extask::messages::take::<extask::messages::Down>;
                    let down = process::receive_with(take, Timeout::Infinity).await;
                    let (exit, down) = (exit.expect("an :EXIT"), down.expect("a :DOWN"));
                    let same = exit.from == target && down.pid == target && down.r#ref == r;
                    let report = |m: &mut extask::Message| match m.downcast_ref::<Term>() {
                        Some(Term::Tuple(t)) => match t.as_slice() {
                            [tag, Term::Pid(to)] if tag.is_atom("report") => Some(*to),
                            _ => None,
                        },
                        _ => None,
                    };
                    let to = process::receive_with(report, Timeout::Infinity).await;
                    process::send(
                        to.expect("a report request"),
                        Term::tuple([
                            Term::atom("held"),
                            Term::from(inspect(&exit.reason)),
                            Term::from(inspect(&down.reason)),
                            Term::atom(if same { "true" } else { "false" }),
                        ]),
                    );
                });
            }
            [tag, Term::Pid(from), x] if tag.is_atom("echo") => {
                process::send(*from, Term::tuple([Term::atom("echoed"), x.clone()]))
            }
            [tag, Term::Pid(from), x] if tag.is_atom("inspect") => process::send(
                *from,
                Term::tuple([Term::atom("inspected"), Term::from(inspect(x))]),
            ),
            _ => {}
        }
    }
}

/// A GenServer whose requests and replies are `Term`s, registered as
/// `:tsrv`: Elixir's `GenServer.call({:tsrv, rust}, req)` reaches it.
/// `{:add, n}` adds to its count and answers it; `:crash` makes it panic;
/// a cast `{:set, n}` sets the count.
struct Tsrv(i64);

impl extask::inspect::Inspect for Tsrv {
    fn to_doc(&self) -> extask::inspect::Doc {
        self.0.to_doc()
    }
}

impl gen_server::Protocol for Tsrv {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

impl gen_server::GenServer for Tsrv {
    type Arg = ();
    type Info = ();
    type Continue = ();
    async fn init((): ()) -> gen_server::Init<Self> {
        gen_server::Init::Ok(Tsrv(0))
    }
    async fn handle_call(
        &mut self,
        req: Term,
        _: gen_server::Caller<Term>,
    ) -> gen_server::CallReturn<Self> {
        match &req {
            Term::Tuple(t) if t.len() == 2 && t[0].is_atom("add") => {
                if let Term::Int(n) = t[1] {
                    self.0 += n;
                }
                gen_server::CallReturn::Reply(Term::from(self.0))
            }
            t if t.is_atom("crash") => panic!("asked to crash"),
            _ => gen_server::CallReturn::Reply(Term::tuple([Term::atom("unknown"), req.clone()])),
        }
    }
    async fn handle_cast(&mut self, msg: Term) -> gen_server::Return<Self> {
        if let Term::Tuple(t) = &msg
            && let [tag, Term::Int(n)] = t.as_slice()
            && tag.is_atom("set")
        {
            self.0 = *n;
        }
        gen_server::Return::NoReply
    }
}

#[test]
fn an_elixir_node_and_a_rust_node_exchange_messages_both_ways() {
    if !cluster::elixir_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    let out = std::env::temp_dir().join(format!("extask-dist-{}.out", epmd.port));
    run(async move {
        let opts = Options::new("rust@127.0.0.1", COOKIE).ticktime(Duration::from_secs(8));
        cluster::start_node(opts, epmd.port).await;
        assert_eq!(dist::node().name(), "rust@127.0.0.1");
        process::register(process::spawn(rsrv()), "rsrv").unwrap();
        let opts = gen_server::StartOptions::new().name("tsrv");
        gen_server::start::<Tsrv>((), opts).await.unwrap();
        let opts = gen_server::StartOptions::new().name("tcrash");
        gen_server::start::<Tsrv>((), opts).await.unwrap();

        let ticktime = Some("-kernel net_ticktime 8");
        let elixir = cluster::elixir(EX, COOKIE, ticktime, "checks.exs", epmd.port, Some(&out));
        // Rust connects first: ex is up once epmd knows it.
        cluster::connect(EX).await;
        assert_eq!(inspect(&dist::list()), r#"[:"ex@127.0.0.1"]"#);
        // The node is in epmd before the script has registered :exsrv, and
        // a send to a name not yet registered is dropped: say hello until
        // answered (bounded).
        let me = process::self_pid();
        let hello = Term::tuple([Term::atom("hello_from_rust"), Term::Pid(me)]);
        let mut back = None;
        for _ in 0..120 {
            dist::send_to("exsrv", EX, hello.clone()).unwrap();
            back = process::receive_with(extask::messages::take::<Term>, Timeout::Ms(500)).await;
            if back.is_some() {
                break;
            }
        }
        let back = back.expect("an answer from the Elixir node within 60 s");
        assert_eq!(
            back,
            Term::tuple([
                Term::atom("hello_back"),
                Term::Atom(extask::inspect::Atom::new(EX)),
                Term::Pid(me)
            ])
        );

        cluster::wait_for_checks(elixir, &out, 17).await
    });
}
