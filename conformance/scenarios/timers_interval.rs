//! Twin of `timers_interval.exs`: `send_interval` (`:timer.send_interval/3`)
//! and `cancel_interval` (`:timer.cancel/1`, always `{:ok, :cancel}`).

use crate::support::*;
use extask::inspect::Term;
use extask::{Timeout, process};

/// Waits for the message `text` (an atom in the Elixir script).
async fn got(text: &'static str) {
    let m = process::receive_with(
        move |m| m.downcast_ref::<&str>().filter(|s| **s == text).copied(),
        LONG,
    );
    assert_eq!(m.await, Some(text));
}

/// `:timer.cancel/1`'s answer.
fn ok_cancel() -> Term {
    Term::tuple([Term::atom("ok"), Term::atom("cancel")])
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    let tref = process::send_interval(20, me, "tick").expect("a valid time");
    let shape = format!("{tref:?}");
    out.show(
        "tref is {:interval, ref}",
        &boolean(shape.starts_with("{:interval, #Reference<")),
    );
    for _ in 0..3 {
        got("tick").await;
        out.puts("got :tick");
    }
    process::cancel_interval(tref);
    out.show("cancel", &ok_cancel());
    process::cancel_interval(tref);
    out.show("cancel again", &ok_cancel());

    let (_starter, r) = process::spawn_monitor(async move {
        let tref = process::send_interval(20, me, "from_starter").expect("valid");
        send_tagged(me, "tref", tref);
    });
    let tref: process::IntervalRef = recv("tref").await;
    out.show("starter", &wait_down(r).await);
    for _ in 0..2 {
        got("from_starter").await;
        out.puts("got :from_starter after its starter ended");
    }
    process::cancel_interval(tref);

    let err = |r: Result<process::IntervalRef, process::Badarg>| match r {
        Ok(_) => Term::atom("ok"),
        Err(e) => Term::tuple([Term::atom("error"), Term::of(&e)]),
    };
    out.show("negative", &err(process::send_interval(-1, me, "x")));
    out.show(
        "infinity",
        &err(process::send_interval(Timeout::Infinity, me, "x")),
    );
}
