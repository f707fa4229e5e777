//! The second node of the Rust↔Rust distribution tests. A node is one per
//! OS process, so the test binary runs itself again as a child: the test
//! named by [`spawn`] (a `#[test]` that calls [`serve_if_asked`]) becomes
//! the peer node when `EXTASK_DIST_PEER` names it, and does nothing in the
//! normal run. No extra build target, and the child is exactly the code
//! under test. The child prints `peer ready` once it serves, and with
//! `{go}` in its spec waits for a line on stdin, then sends to the parent
//! (what the simultaneous-connect test uses as a starting gun).
#![allow(unreachable_pub, dead_code, reason = "included by several test crates")]

use super::cluster::{self, Reaped};
use extask::dist::{self, Options, Remote};
use extask::inspect::{Term, inspect};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Timeout, gen_server, process};
use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, Command, Stdio};

pub const COOKIE: &str = "extask_ci";
const ENV: &str = "EXTASK_DIST_PEER";

/// A running peer: the child and its stdin (the starting gun).
pub struct Peer {
    pub name: String,
    pub stdin: ChildStdin,
    _child: Reaped,
}

impl Peer {
    /// Kills the peer's OS process (the connection drops at once).
    pub fn kill(mut self) {
        let _ = self._child.0.kill();
        let _ = self._child.0.wait();
    }

    /// Fires the starting gun: the peer sends at `at` (see [`gun`]).
    pub fn go(&mut self, at: u128) {
        writeln!(self.stdin, "{at}").unwrap();
        self.stdin.flush().unwrap();
    }
}

/// Runs `test` of this binary as the peer node `name` on `epmd`; `main` is
/// the parent node's name and `burst` how many `{:n, k}` the peer sends to
/// `{:sink, main}` on the starting gun (0: none). Returns once it serves.
pub fn spawn(test: &str, name: &str, main: &str, epmd: u16, burst: u32) -> Peer {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(ENV, format!("{name} {main} {epmd} {burst}"));
    start(command, name)
}

/// Starts `command` (a peer node `name` that prints `peer ready` once it
/// serves) with its stdin and stdout piped; returns once it is ready.
pub fn start(mut command: Command, name: &str) -> Peer {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the peer starts");
    let stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the peer {name} ended before it was ready"
        );
        if line.trim_end().ends_with("peer ready") {
            break;
        }
    }
    // Drained, so the child never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    Peer {
        name: name.to_owned(),
        stdin,
        _child: Reaped(child),
    }
}

/// In the child (`EXTASK_DIST_PEER` set): serves as the peer node until
/// killed. In the normal run: returns at once.
pub fn serve_if_asked() {
    let Ok(spec) = std::env::var(ENV) else { return };
    let parts: Vec<String> = spec.split(' ').map(str::to_owned).collect();
    let [name, main, epmd, burst] = parts.as_slice() else {
        panic!("bad {ENV}: {spec}")
    };
    let (name, main) = (name.clone(), main.clone());
    let (epmd, burst): (u16, u32) = (epmd.parse().unwrap(), burst.parse().unwrap());
    super::run(async move {
        cluster::start_node(Options::new(name, COOKIE), epmd).await;
        process::register(process::spawn(echo(main.clone())), "echo").unwrap();
        let opts = gen_server::StartOptions::new().name("gsrv");
        gen_server::start::<Gsrv>((), opts).await.unwrap();
        let opts = gen_server::StartOptions::new().name("gcrash");
        gen_server::start::<Gsrv>((), opts).await.unwrap();
        TaskSupervisor::start_link(SupervisorOptions::new().name("tsup"))
            .await
            .unwrap();
        dist::register_mfa("Peer", "add", |args: Vec<Term>| async move {
            match args.as_slice() {
                [Term::Int(a), Term::Int(b)] => Term::Int(a + b),
                _ => Term::atom("badarg"),
            }
        });
        dist::register_mfa("Peer", "boom", |_| async { panic!("peer boom") });
        println!("peer ready");
        if burst > 0 {
            let gun = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).unwrap();
                wait_until(line.trim().parse().unwrap());
            });
            gun.await.unwrap();
            for k in 0..burst {
                let n = Term::tuple([Term::atom("n"), Term::Int(k.into())]);
                dist::send_to("sink", &main, n).unwrap();
            }
        }
        loop {
            process::sleep(Timeout::Ms(60_000)).await;
        }
    });
}

fn now_us() -> u128 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.unwrap().as_micros()
}

/// A starting gun for both nodes: the wall-clock instant (µs since the
/// epoch) `ms` from now. Both processes read the same clock, so waiting for
/// it ([`wait_until`]) starts them within scheduling noise of each other,
/// much closer than a message through a pipe would.
pub fn gun(ms: u64) -> u128 {
    now_us() + u128::from(ms) * 1000
}

/// Blocks the thread until the instant `at`: sleeps to 2 ms before it,
/// then spins (a sleep alone wakes late by its timer slack).
pub fn wait_until(at: u128) {
    let left = at.saturating_sub(now_us());
    if left > 2000 {
        std::thread::sleep(std::time::Duration::from_micros((left - 2000) as u64));
    }
    while now_us() < at {
        std::hint::spin_loop();
    }
}

fn tagged(t: &Term) -> Option<(&str, &[Term])> {
    match t {
        Term::Tuple(items) => match items.first() {
            Some(Term::Atom(a)) => Some((a.name(), &items[1..])),
            _ => None,
        },
        _ => None,
    }
}

fn reply(to: extask::Pid, tag: &'static str, x: Term) {
    process::send(to, Term::tuple([Term::atom(tag), x]));
}

/// The peer's registered `:echo`: each request is `{tag, from, ..}` and
/// is answered to `from`.
async fn echo(main: String) {
    loop {
        let Some(msg) =
            process::receive_with(extask::messages::take::<Term>, Timeout::Infinity).await
        else {
            continue;
        };
        let Some((tag, args)) = tagged(&msg) else {
            continue;
        };
        match (tag, args) {
            ("echo", [Term::Pid(from), x]) => reply(*from, "echoed", x.clone()),
            ("pid", [Term::Pid(from)]) => reply(*from, "pid", Term::Pid(process::self_pid())),
            // `{:echoed, x}` to `{name, main}`: a send by name back.
            ("echo_to", [Term::Atom(name), x]) => {
                let back = Term::tuple([Term::atom("echoed"), x.clone()]);
                dist::send_to(name.name(), &main, back).unwrap();
            }
            // The pid of `:echo` on `node`, asked by name (this node
            // connects to it): a pid of a node `from`'s may not know.
            ("relay_pid", [Term::Pid(from), Term::Atom(node)]) => {
                let (from, node) = (*from, node.clone());
                process::spawn(async move {
                    let me = Term::Pid(process::self_pid());
                    let ask = Term::tuple([Term::atom("pid"), me]);
                    dist::send_to("echo", node.name(), ask).unwrap();
                    let take = extask::messages::take::<Term>;
                    let got = process::receive_with(take, Timeout::Ms(30_000)).await;
                    process::send(from, got.expect("the other peer's pid"));
                });
            }
            // A process that says `{:idle, pid}` and exits with `reason`
            // when sent `{:die, reason}`.
            ("idle", [Term::Pid(from)]) => {
                let from = *from;
                process::spawn(async move {
                    reply(from, "idle", Term::Pid(process::self_pid()));
                    let die =
                        |m: &mut extask::Message| match m.downcast_ref::<Term>().and_then(tagged) {
                            Some(("die", [reason])) => Some(reason.clone()),
                            _ => None,
                        };
                    let reason = process::receive_with(die, Timeout::Infinity).await;
                    process::exit_self(ExitReason::Term(reason.unwrap())).await;
                });
            }
            // A trapping process linked to `target` (or monitoring it):
            // `{:linked, pid}` then `{:exit, inspect(reason), from_is_target}`
            // (`{:down, ..}`).
            ("trap_link" | "watch", [Term::Pid(from), Term::Pid(target)]) => {
                let (from, target, link) = (*from, *target, tag == "trap_link");
                process::spawn(async move {
                    let me = Term::Pid(process::self_pid());
                    let (reason, who) = if link {
                        process::trap_exit(true);
                        process::link(target).await;
                        reply(from, "linked", me);
                        let take = extask::messages::take::<extask::messages::Exit>;
                        let e = process::receive_with(take, Timeout::Infinity)
                            .await
                            .unwrap();
                        (e.reason, e.from)
                    } else {
                        process::monitor(target);
                        reply(from, "watching", me);
                        let take = extask::messages::take::<extask::messages::Down>;
                        let d = process::receive_with(take, Timeout::Infinity)
                            .await
                            .unwrap();
                        (d.reason, d.pid)
                    };
                    let same = Term::atom(if who == target { "true" } else { "false" });
                    let what = if link { "exit" } else { "down" };
                    let report =
                        Term::tuple([Term::atom(what), Term::from(inspect(&reason)), same]);
                    process::send(from, report);
                });
            }
            // An exit signal from this node to `target`.
            ("exit", [Term::Pid(target), reason]) => {
                let reason = if reason.is_atom("kill") {
                    ExitReason::Kill
                } else {
                    ExitReason::Term(reason.clone())
                };
                process::exit(*target, reason);
            }
            // A remote task from this node on `{sup, main}`: `{:task, inspect(result)}`.
            (
                "task",
                [
                    Term::Pid(from),
                    Term::Atom(sup),
                    Term::Atom(f),
                    Term::List(args),
                ],
            ) => {
                let (from, sup, f, args) = (*from, sup.clone(), f.clone(), args.clone());
                let main = main.clone();
                process::spawn(async move {
                    let to = Remote::name(sup.name(), &main);
                    let got = match dist::async_remote(to, "Main", f.name(), args).await {
                        Ok(t) => match dist::await_remote(t, Timeout::DEFAULT).await {
                            Ok(v) => inspect(&v),
                            Err(e) => inspect(&e),
                        },
                        Err(e) => inspect(&e),
                    };
                    reply(from, "task", Term::from(got));
                });
            }
            _ => {}
        }
    }
}

/// The peer's GenServer `:gsrv`: `:ping` → `:pong`, `{:sleep, ms}` →
/// `:slept` after `ms`, `:crash` panics.
pub struct Gsrv;

impl extask::inspect::Inspect for Gsrv {
    fn to_doc(&self) -> extask::inspect::Doc {
        Term::atom("gsrv").to_doc()
    }
}

impl gen_server::Protocol for Gsrv {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

impl gen_server::GenServer for Gsrv {
    type Arg = ();
    type Info = ();
    type Continue = ();
    async fn init((): ()) -> gen_server::Init<Self> {
        gen_server::Init::Ok(Gsrv)
    }
    async fn handle_call(
        &mut self,
        req: Term,
        _: gen_server::Caller<Term>,
    ) -> gen_server::CallReturn<Self> {
        match tagged(&req) {
            Some(("sleep", [Term::Int(ms)])) => {
                process::sleep(Timeout::Ms(*ms as u64)).await;
                gen_server::CallReturn::Reply(Term::atom("slept"))
            }
            _ if req.is_atom("ping") => gen_server::CallReturn::Reply(Term::atom("pong")),
            _ if req.is_atom("crash") => panic!("asked to crash"),
            _ => gen_server::CallReturn::Reply(Term::tuple([Term::atom("unknown"), req])),
        }
    }
}
