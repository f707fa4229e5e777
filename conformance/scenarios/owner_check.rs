//! Twin of `owner_check.exs`: only the owner may query a task. The last case
//! uses `try_yield`, which hands the error back, so the other process can
//! return the handle before it exits with the error, as Elixir's raise does.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    for name in [
        "await",
        "yield",
        "shutdown",
        "ignore",
        "await_many",
        "yield_many",
    ] {
        let task = task!(async sleep_forever);
        let got = child(async move {
            match name {
                "await" => task!(await task),
                "yield" => drop(task!(yield task)),
                "shutdown" => drop(task!(shutdown task)),
                "ignore" => drop(task!(ignore task)),
                "await_many" => drop(task!(await_many vec![task])),
                _ => drop(task!(yield_many vec![task])),
            }
        })
        .await;
        out.show(&format!("{name} from another process"), &got);
    }

    let parent = process::self_pid();
    let task = task!(async fn -> Process.sleep(100); atom("mine") end);
    let got = child(async move {
        let error = task.try_yield(Timeout::DEFAULT).await.err();
        process::send(parent, task);
        if let Some(error) = error {
            die!(error)
        }
    })
    .await;
    out.show("yield from another process", &got);
    let task: Task<Atom> = recv_any().await;
    out.show("owner await", &task!(await task));
    out.show("messages", &messages().await);
}
