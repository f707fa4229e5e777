//! Twin of `monitor_down.exs`: one `:DOWN` per monitor, `:noproc` for dead
//! pids, demonitor and its options.

use crate::support::*;
use extask::process;

pub(crate) async fn run(out: Out) {
    let pid = process::spawn(async {
        sleep(200).await;
        die!(reason("bad"))
    });
    let ref1 = process::monitor(pid);
    let ref2 = process::monitor(pid);
    out.show("two monitors, distinct refs", &(ref1 != ref2));
    out.show("first", &wait_down(ref1).await);
    out.show("second", &wait_down(ref2).await);
    out.show("alive?", &process::alive(pid));
    let r = process::monitor(pid);
    out.show("dead pid", &wait_down(r).await);
    out.show(
        "demonitor :info after it fired",
        &process::demonitor_info(r),
    );
    out.show("demonitor after it fired", &process::demonitor(r));

    // :flush removes the monitor and its :DOWN whether or not it has arrived.
    let pid = process::spawn(async {
        sleep(100).await;
        die!(reason("bye"))
    });
    let r = process::monitor(pid);
    let guard = process::monitor(pid);
    out.show("guard", &wait_down(guard).await);
    out.show("demonitor :flush", &process::demonitor_flush(r));
    out.show("messages", &messages().await);

    let live = process::spawn(async {
        sleep(300).await;
        die!(reason("late"))
    });
    let r = process::monitor(live);
    let guard = process::monitor(live);
    out.show("demonitor :info while alive", &process::demonitor_info(r));
    out.show("demonitor again, :info", &process::demonitor_info(r));
    out.show("demonitor again", &process::demonitor(r));
    out.show("guard", &wait_down(guard).await);
    out.show("messages", &messages().await);

    let r = process::monitor(process::spawn(async { sleep(100).await }));
    out.show("DOWN", &receive_down(r).await);
}
