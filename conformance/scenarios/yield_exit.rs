//! Twin of `yield_exit.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, process};

pub(crate) async fn run(out: Out) {
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("normal")) end);
    out.show("exit(:normal), not trapping", &task!(yield task, 1000));
    out.show("messages", &messages().await);

    process::trap_exit(true);
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("boom")) end);
    out.show("exit(:boom), trapping", &task!(yield task, 1000));
    out.show("messages", &messages().await);
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); raise("boom") end);
    out.show("raise, trapping", &task!(yield task, 1000));
    out.show("yield again", &task!(yield task, 100));
}
