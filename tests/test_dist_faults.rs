//! Faults between a Rust node and a real Elixir node (feature `dist`):
//! `cargo test --features dist --test test_dist_faults`.
//!
//! The Rust node `rfault@127.0.0.1` and the Elixir node `exf@127.0.0.1`
//! (running `tests/dist/faults.exs`) both have ticktime 4 s. The Elixir
//! checks ask `:rsrv` to set up links, monitors (of pids, of `{name,
//! node}`, of the node), calls and tasks, then to cut the connection
//! (`dist::disconnect`) or to stop the Elixir OS process (SIGSTOP) until
//! the tick timeout drops it; every Rust observer logs what it got to
//! `:log`, which the checks read back after reconnecting. Without elixir
//! or epmd the test is skipped with a reason, unless `CI` is set.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;

use common::run;
use extask::dist::{self, NameDown, NodeDown, NodeUp, Options, Remote};
use extask::inspect::{Atom, Term, inspect};
use extask::messages::{Down, Exit, take};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{Message, Timeout, process};
use std::time::{Duration, Instant};

const EX: &str = "exf@127.0.0.1";
const COOKIE: &str = "extask_ci";
const TICKTIME: Duration = Duration::from_secs(4);

/// A line for the Elixir checks' report.
struct Log(String);

fn log(line: String) {
    process::send(process::whereis("log").expect(":log"), Log(line));
}

/// `:log`: collects lines; `{:report, to, n}` is answered with them (and
/// they are cleared) once there are `n`, so the checks wait for the Rust
/// observers without sleeping.
async fn collector() {
    let mut lines: Vec<String> = Vec::new();
    let mut asked: Option<(extask::Pid, usize)> = None;
    loop {
        let got = process::receive_with(
            |m: &mut Message| {
                if let Some(Log(line)) = take::<Log>(m) {
                    return Some(Ok(line));
                }
                match m.downcast_ref::<Term>() {
                    Some(Term::Tuple(t)) => match t.as_slice() {
                        [tag, Term::Pid(to), Term::Int(n)] if tag.is_atom("report") => {
                            Some(Err((*to, *n as usize)))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            },
            Timeout::Infinity,
        )
        .await;
        match got {
            Some(Ok(line)) => lines.push(line),
            Some(Err(ask)) => asked = Some(ask),
            None => continue,
        }
        if let Some((to, n)) = asked
            && lines.len() >= n
        {
            let report = lines.drain(..).map(|l| Term::from(l.as_str()));
            process::send(to, Term::tuple([Term::atom("report"), Term::list(report)]));
            asked = None;
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

async fn first<T: Send + 'static>() -> T {
    process::receive_with(take::<T>, Timeout::Infinity)
        .await
        .expect("a message")
}

/// Sends `SIGSTOP`/`SIGCONT` to the Elixir node's OS process.
fn signal(os_pid: &str, sig: &str) {
    let status = std::process::Command::new("kill")
        .args([sig, os_pid])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill {sig} {os_pid}");
}

/// `:rsrv`: what the Elixir checks ask for.
async fn rsrv() {
    loop {
        let Some(Term::Tuple(items)) = process::receive_with(take::<Term>, Timeout::Infinity).await
        else {
            continue;
        };
        let reply = |to: extask::Pid, t: Term| process::send(to, t);
        match items.as_slice() {
            [tag, Term::Pid(from)] if tag.is_atom("ping") => reply(
                *from,
                Term::tuple([Term::atom("pong"), Term::Pid(process::self_pid())]),
            ),
            [tag, Term::Pid(from), x] if tag.is_atom("echo") => {
                reply(*from, Term::tuple([Term::atom("echoed"), x.clone()]))
            }
            // A process that tells `from` its pid and waits.
            [tag, Term::Pid(from)] if tag.is_atom("spawn_short") => {
                let from = *from;
                process::spawn(async move {
                    let me = Term::Pid(process::self_pid());
                    process::send(from, Term::tuple([Term::atom("short"), me]));
                    process::receive_with(|_| Some(()), Timeout::Infinity).await;
                });
            }
            // A trapping process links to and monitors `target`, and logs
            // the two signals it gets.
            [tag, Term::Pid(from), Term::Pid(target)] if tag.is_atom("hold") => {
                let (from, target) = (*from, *target);
                process::spawn(async move {
                    process::trap_exit(true);
                    process::link(target).await;
                    let r = process::monitor(target);
                    let me = Term::Pid(process::self_pid());
                    process::send(from, Term::tuple([Term::atom("holding"), me]));
                    let exit = first::<Exit>().await;
                    let down = first::<Down>().await;
                    let same = exit.from == target && down.pid == target && down.r#ref == r;
                    let (exit, down) = (inspect(&exit.reason), inspect(&down.reason));
                    log(format!("hold: {exit} {down} {}", yes(same)));
                });
            }
            // `Process.monitor({name, ex})`; logs the `:DOWN`'s object and
            // reason.
            [tag, Term::Pid(from), Term::Atom(name)] if tag.is_atom("watch_name") => {
                let (from, name) = (*from, name.clone());
                process::spawn(async move {
                    let r = dist::monitor_name(name.name(), EX);
                    process::send(from, Term::atom("watching_name"));
                    let down = first::<NameDown>().await;
                    let object = Term::tuple([Term::Atom(down.name), Term::Atom(down.node)]);
                    let (object, reason) = (inspect(&object), inspect(&down.reason));
                    log(format!("name: {object} {reason} {}", yes(down.r#ref == r)));
                });
            }
            // Two `Node.monitor(ex, true)`: two `{:nodedown, ex}`.
            [tag, Term::Pid(from)] if tag.is_atom("watch_node") => {
                let from = *from;
                process::spawn(async move {
                    assert!(dist::monitor_node(EX, true) && dist::monitor_node(EX, true));
                    process::send(from, Term::atom("watching_node"));
                    for _ in 0..2 {
                        log(format!("nodedown: {}", inspect(&first::<NodeDown>().await)));
                    }
                });
            }
            // `:net_kernel.monitor_nodes(true)` for one down and one up.
            [tag, Term::Pid(from)] if tag.is_atom("watch_nodes") => {
                let from = *from;
                process::spawn(async move {
                    dist::monitor_nodes(true);
                    process::send(from, Term::atom("watching_nodes"));
                    log(format!("nodes: {}", inspect(&first::<NodeDown>().await)));
                    log(format!("nodes: {}", inspect(&first::<NodeUp>().await)));
                    dist::monitor_nodes(false);
                });
            }
            [tag, Term::Pid(_)] if tag.is_atom("call_slow") => {
                process::spawn(async {
                    let sleep = Term::tuple([Term::atom("sleep"), Term::Int(60_000)]);
                    let to = Remote::name("exslow", EX);
                    let got = dist::call(&to, sleep, Timeout::Ms(120_000)).await;
                    log(format!("call: {}", inspect(&got.expect_err("no reply"))));
                });
            }
            [tag, Term::Pid(_)] if tag.is_atom("task_slow") => {
                process::spawn(async {
                    let sup = Remote::name("exsup", EX);
                    let args = vec![Term::Int(60_000)];
                    let task = dist::async_remote(sup, "Faults", "sleep", args).await;
                    let got = dist::await_remote(task.expect("started"), Timeout::Ms(120_000));
                    log(format!(
                        "await: {}",
                        inspect(&got.await.expect_err("no value"))
                    ));
                });
            }
            [tag, Term::Pid(_)] if tag.is_atom("cut") => {
                process::spawn(async {
                    log(format!("disconnect: {}", dist::disconnect(EX).await));
                    log(format!("disconnect again: {}", dist::disconnect(EX).await));
                });
            }
            // Stops the Elixir node until the tick timeout drops it (a
            // generous bound around the ticktime), then resumes it.
            [tag, Term::Pid(_), os_pid] if tag.is_atom("stop_me") => {
                let Term::Str(os_pid) = os_pid.clone() else {
                    continue;
                };
                process::spawn(async move {
                    dist::monitor_node(EX, true);
                    let stopped = Instant::now();
                    signal(&os_pid, "-STOP");
                    let down = process::receive_with(take::<NodeDown>, Timeout::Ms(60_000)).await;
                    let took = stopped.elapsed();
                    signal(&os_pid, "-CONT");
                    eprintln!("tick timeout: the stopped node dropped after {took:?}");
                    let within = took >= TICKTIME / 2 && took < TICKTIME * 5;
                    let down = down.map_or("nothing".to_owned(), |d| inspect(&d));
                    log(format!("tick: {down} within bounds: {}", yes(within)));
                });
            }
            _ => {}
        }
    }
}

/// `Faults.sleep(ms, notify)` for the Elixir node's tasks on `:rsup`.
async fn faults_sleep(args: Vec<Term>) -> Term {
    if let [Term::Int(ms), Term::Pid(notify)] = args.as_slice() {
        process::send(*notify, Term::atom("in_rust_task"));
        tokio::time::sleep(Duration::from_millis(*ms as u64)).await;
    }
    Term::atom("slept")
}

#[test]
fn links_monitors_calls_and_tasks_survive_cuts_and_a_stopped_peer() {
    if !cluster::elixir_installed() {
        return;
    }
    let epmd = cluster::Epmd::start();
    let out = std::env::temp_dir().join(format!("extask-dist-faults-{}.out", epmd.port));
    run(async move {
        let opts = Options::new("rfault@127.0.0.1", COOKIE).ticktime(TICKTIME);
        cluster::start_node(opts, epmd.port).await;
        // Nodes that are not there: nothing to disconnect; a node monitor
        // and a `{name, node}` monitor fire once the connect they start
        // fails, as on the BEAM.
        let nowhere = "nosuch@127.0.0.1";
        assert!(!dist::disconnect(nowhere).await);
        dist::monitor_node(nowhere, true);
        let down = process::receive_with(take::<NodeDown>, Timeout::Ms(10_000)).await;
        assert_eq!(
            inspect(&down.expect("after the failed connect")),
            r#"{:nodedown, :"nosuch@127.0.0.1"}"#
        );
        let r = dist::monitor_name("srv", nowhere);
        let down = process::receive_with(take::<NameDown>, Timeout::Ms(10_000)).await;
        let down = down.expect("after the failed connect");
        assert_eq!(down.r#ref, r);
        assert_eq!(
            (
                inspect(&down.name),
                inspect(&down.node),
                inspect(&down.reason)
            ),
            (
                ":srv".into(),
                r#":"nosuch@127.0.0.1""#.into(),
                ":noconnection".into()
            )
        );
        assert_eq!(down.node, Atom::new(nowhere));

        process::register(process::spawn(collector()), "log").unwrap();
        process::register(process::spawn(rsrv()), "rsrv").unwrap();
        TaskSupervisor::start_link(SupervisorOptions::new().name("rsup"))
            .await
            .unwrap();
        dist::register_mfa("Faults", "sleep", faults_sleep);

        let ticktime = Some("-kernel net_ticktime 4");
        let elixir = cluster::elixir(EX, COOKIE, ticktime, "faults.exs", epmd.port, Some(&out));
        cluster::connect(EX).await;
        // `:faults` is registered once the script's first lines have run.
        let hello = Term::tuple([
            Term::atom("hello_from_rust"),
            Term::Pid(process::self_pid()),
        ]);
        let mut back = None;
        for _ in 0..120 {
            dist::send_to("faults", EX, hello.clone()).unwrap();
            back = process::receive_with(take::<Term>, Timeout::Ms(500)).await;
            if back.is_some() {
                break;
            }
        }
        assert_eq!(
            back.expect("an answer within 60 s"),
            Term::atom("hello_back")
        );
        cluster::wait_for_checks(elixir, &out, 5).await;
    });
}
