//! Twin of `names_local.exs`: local names, their errors, freed at exit.
//! `Process.register/2`'s `true` is `Ok(())` in Rust, printed `true` here.

use crate::support::*;
use extask::inspect::Term;
use extask::{ExitReason, process};

/// `true`, or the raise, as `Conf.catch_raise` prints it.
fn ok_true(result: Result<(), ExitReason>) -> Term {
    match result {
        Ok(()) => boolean(true),
        Err(e) => catch_raise::<()>(Err(e)),
    }
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    out.show("register", &ok_true(process::register(me, "conf_me")));
    out.show("whereis", &boolean(process::whereis("conf_me") == Some(me)));
    out.show("whereis unknown", &process::whereis("conf_nobody"));
    out.show(
        "registered",
        &boolean(process::registered().contains(&"conf_me")),
    );
    process::send_to("conf_me", (Tag("hi"), 1_i64)).unwrap();
    out.show("sent to the name", &recv::<i64>("hi").await);
    out.show(
        "taken, same pid",
        &catch_raise(process::register(me, "conf_me")),
    );
    out.show(
        "named already",
        &catch_raise(process::register(me, "conf_second")),
    );

    let other = process::spawn(async {
        let _ = recv_any::<&str>().await;
    });
    out.show(
        "taken by another",
        &catch_raise(process::register(other, "conf_me")),
    );
    out.show("nil", &catch_raise(process::register(other, "nil")));

    let (dead, r#ref) = process::spawn_monitor(async {});
    wait_down(r#ref).await;
    out.show(
        "dead pid",
        &catch_raise(process::register(dead, "conf_dead")),
    );

    out.show("unregister", &ok_true(process::unregister("conf_me")));
    out.show("whereis after", &process::whereis("conf_me"));
    out.show(
        "unregister unknown",
        &catch_raise(process::unregister("conf_me")),
    );
    out.show(
        "send to unknown",
        &catch_raise(process::send_to("conf_me", atom("hi"))),
    );

    out.show(
        "register other",
        &ok_true(process::register(other, "conf_other")),
    );
    let r#ref = process::monitor(other);
    process::send(other, "stop");
    out.show("down", &wait_down(r#ref).await);
    out.show("whereis at :DOWN", &process::whereis("conf_other"));
    out.show("free again", &ok_true(process::register(me, "conf_other")));
}
