//! Twin of `shutdown_running.exs`.

use crate::support::*;
use extask::process;
use extask::task;
use extask::task::{Shutdown, shutdown};

pub(crate) async fn run(out: Out) {
    for (label, how) in [
        ("shutdown", Shutdown::default()),
        ("brutal_kill", Shutdown::BrutalKill),
        ("shutdown 300", Shutdown::from(300_u64)),
    ] {
        let task = task!(async fn -> sleep(2000).await end);
        let r = process::monitor(task.pid);
        out.show(label, &shutdown(task, how).await);
        out.show("task exit", &wait_down(r).await);
    }
    out.show("messages", &messages().await);
}
