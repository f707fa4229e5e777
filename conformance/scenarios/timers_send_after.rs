//! Twin of `timers_send_after.exs`: `send_after`, `read_timer`,
//! `cancel_timer` (`None` is Elixir's `false`), a dead destination, and whom a
//! timer belongs to.

use crate::support::*;
use extask::inspect::Term;
use extask::process;

/// `false` for `None`, as Elixir answers; the ms left otherwise.
fn ms_or_false(left: Option<u64>) -> Term {
    left.map_or(boolean(false), Term::from)
}

/// Waits for the message `text` (an atom in the Elixir script).
async fn got(text: &'static str) {
    let m = process::receive_with(
        move |m| m.downcast_ref::<&str>().filter(|s| **s == text).copied(),
        LONG,
    );
    assert_eq!(m.await, Some(text));
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    let t = process::send_after(me, "tick", 30);
    out.show(
        "is a ref",
        &boolean(format!("{t:?}").starts_with("#Reference<")),
    );
    got("tick").await;
    out.puts("got :tick");
    out.show("cancel fired", &ms_or_false(process::cancel_timer(t)));
    out.show("read fired", &ms_or_false(process::read_timer(t)));

    let t = process::send_after(me, "never", 1000);
    let left = process::cancel_timer(t);
    out.show(
        "cancel pending: ms left",
        &boolean(left.is_some_and(|ms| ms > 900 && ms <= 1000)),
    );
    out.show("cancel again", &ms_or_false(process::cancel_timer(t)));
    out.show("read cancelled", &ms_or_false(process::read_timer(t)));

    let t = process::send_after(me, atom("early"), 5);
    process::send_after(me, "marker", 200);
    got("marker").await;
    out.show(
        "cancel after arrival",
        &ms_or_false(process::cancel_timer(t)),
    );
    out.show("mailbox", &messages().await);

    let dead = process::spawn(async {});
    wait_down(process::monitor(dead)).await;
    let t = process::send_after(dead, "x", 100);
    out.show(
        "to a dead pid: a ref",
        &boolean(format!("{t:?}").starts_with("#Reference<")),
    );
    out.show("to a dead pid: read", &ms_or_false(process::read_timer(t)));
    out.show(
        "to a dead pid: cancel",
        &ms_or_false(process::cancel_timer(t)),
    );

    let (dest, r) = process::spawn_monitor(sleep_forever());
    let t = process::send_after(dest, "x", 1000);
    out.show(
        "destination alive: pending",
        &boolean(process::read_timer(t).is_some()),
    );
    process::exit(dest, extask::ExitReason::Kill);
    wait_down(r).await;
    out.show(
        "destination died: read",
        &ms_or_false(process::read_timer(t)),
    );
    out.show(
        "destination died: cancel",
        &ms_or_false(process::cancel_timer(t)),
    );

    let (_starter, r) = process::spawn_monitor(async move {
        process::send_after(me, "from_starter", 100);
    });
    out.show("starter", &wait_down(r).await);
    got("from_starter").await;
    out.puts("got :from_starter after its starter ended");

    let negative = child(async move {
        let ms: i32 = -1;
        process::send_after(me, "x", ms);
        sleep(0).await;
    });
    out.show("negative time", &negative.await);
}
