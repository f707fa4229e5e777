//! Twin of `await_many_crash.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::task::try_await_many;
use extask::{Task, Timeout, process};

fn tasks() -> Vec<Task<Atom>> {
    vec![
        task!(async fn -> Process.sleep(700); atom("slow") end),
        task!(async fn -> Process.sleep(100); exit(reason("bad")) end),
    ]
}

pub(crate) async fn run(out: Out) {
    let got = child(async {
        task!(await_many tasks());
    })
    .await;
    out.show("not trapping, caller exit", &got);

    process::trap_exit(true);
    let tasks = tasks();
    let slow_ref = process::monitor(tasks[0].pid);
    out.show(
        "trapping",
        &caught(try_await_many(tasks, Timeout::DEFAULT).await),
    );
    out.show("slow task exit", &wait_down(slow_ref).await);
    out.show("messages", &messages().await);
}
