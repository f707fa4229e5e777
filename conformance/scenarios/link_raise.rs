//! Twin of `link_raise.exs`: a raise in a linked task. A Rust panic is a
//! `RuntimeError`; another exception is an exit with that exception as reason.

use crate::support::*;
use extask::task;
use extask::{ExitReason, process};

pub(crate) async fn run(out: Out) {
    let got = child(async {
        let Ok(pid) = task!(start_link fn ->
            Process.sleep(50);
            raise::<()>("boom")
        end);
        wait_down(process::monitor(pid)).await;
        die!(reason("survived"))
    })
    .await;
    out.show("linked, not trapping", &got);

    let got = child(async {
        let Ok(_pid) = task!(start_link fn ->
            Process.sleep(50);
            exit(ExitReason::argument_error("bad arg"))
        end);
        sleep_forever().await;
    })
    .await;
    out.show("ArgumentError", &got);

    process::trap_exit(true);
    let Ok(pid) = task!(start_link fn ->
        Process.sleep(50);
        raise::<()>("boom")
    end);
    out.show("trapping", &receive_exit(pid).await.reason);
}
