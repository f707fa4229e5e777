//! Twin of `yield_many_deadline.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Pid, Task, process};
use std::time::Instant;

pub(crate) async fn run(out: Out) {
    let tasks: Vec<Task<u64>> = [10, 2000, 50]
        .into_iter()
        .map(|ms| {
            task!(async fn ->
                sleep(ms).await;
                ms
            end)
        })
        .collect();
    let pids: Vec<Pid> = tasks.iter().map(|t| t.pid).collect();
    let started = Instant::now();
    let results = task!(yield_many tasks, 400);
    let elapsed = started.elapsed().as_millis();
    let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
    out.show("results", &values);
    let same = results.iter().map(|(t, _)| t.pid).collect::<Vec<_>>() == pids;
    out.show("same tasks, same order", &same);
    out.show(
        "took the deadline (400..1400 ms)",
        &((400..1400).contains(&elapsed)),
    );
    let (slow, _) = results.into_iter().nth(1).expect("three results");
    out.show("shutdown the slow one", &task!(shutdown slow, :brutal_kill));
    let none: Vec<Task<u64>> = Vec::new();
    let empty = task!(yield_many none, 100);
    out.show("empty", &empty.iter().map(|(_, r)| r).collect::<Vec<_>>());

    process::trap_exit(true);
    let crashing: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("bad")) end);
    let fine = task!(async fn -> Process.sleep(500); atom("fine") end);
    let results = task!(yield_many vec![crashing, fine], 1000);
    let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
    out.show("with a crash", &values);
    out.show("messages", &messages().await);
}
