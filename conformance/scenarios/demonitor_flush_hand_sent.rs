//! Twin of `demonitor_flush_hand_sent.exs`.

use crate::support::*;
use extask::messages::Down;
use extask::{Pid, Ref, process};

struct Go;

fn fake_down(r#ref: Ref, pid: Pid) {
    let down = Down {
        r#ref,
        pid,
        reason: reason("fake"),
    };
    process::send(process::self_pid(), down);
}

pub(crate) async fn run(out: Out) {
    let pid = process::spawn(async {
        recv_any::<Go>().await;
    });
    let r = process::monitor(pid);
    fake_down(r, pid);
    out.show("active", &process::demonitor_flush(r));
    out.show("messages", &messages().await);
    receive_down(r).await;

    let r = process::monitor(pid);
    fake_down(r, pid);
    process::send(pid, Go);
    out.show("real exit", &wait_down(process::monitor(pid)).await);
    out.show("messages", &messages().await);
    out.show("fired", &process::demonitor_flush(r));
    out.show("messages", &messages().await);
    out.show("again", &process::demonitor_flush(r));
    out.show("messages", &messages().await);
}
