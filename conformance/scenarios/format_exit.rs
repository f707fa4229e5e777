//! Twin of `format_exit.exs`: `Exception.format_exit/1` is `ExitReason`'s
//! `Display`.

use crate::support::*;
use extask::inspect::{Atom, Term, inspect};
use extask::task;
use extask::{Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(500); atom("late") end);
    let r = task.try_await(Timeout::Ms(100)).await.expect_err("timeout");
    out.puts(r.to_string());

    process::trap_exit(true);
    let task: Task<Atom> = task!(async fn -> Process.sleep(50); exit(reason("bad")) end);
    let r = task.try_await(Timeout::DEFAULT).await.expect_err("crash");
    out.puts(r.to_string());

    let task: Task<Atom> = task!(async fn -> Process.sleep(50); raise("boom") end);
    let r = task.try_await(Timeout::Ms(1000)).await.expect_err("crash");
    out.puts(r.to_string());

    for r in [
        reason("normal"),
        reason("shutdown"),
        reason_of(Term::tuple([Term::atom("shutdown"), 1.into()])),
        reason("killed"),
        reason("noproc"),
        reason("custom"),
        reason_of(Term::tuple([Term::atom("shutdown"), Term::atom("x")])),
    ] {
        out.puts(format!("{}: {r}", inspect(&r)));
    }
}
