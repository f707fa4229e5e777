//! Twin of `registry_keys.exs`: Registry's unique and duplicate keys, their
//! return shapes (`{:ok, owner}` is `Ok(owner)`, `{:error, e}` an `Err`),
//! entries gone at the `:DOWN` of their process, via-names.

use crate::support::*;
use extask::inspect::{Atom, Inspect, Term};
use extask::process::{self, Name};
use extask::registry::{Keys, Registry};
use extask::{ExitReason, Pid};

fn ok_or_error_of<T: Inspect>(result: &Result<T, ExitReason>) -> Term {
    match result {
        Ok(v) => Term::tuple([Term::atom("ok"), Term::of(v)]),
        Err(e) => Term::tuple([Term::atom("error"), Term::of(e)]),
    }
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    let reg: Registry<Atom, Term> = Registry::start_link(Keys::Unique, "Conf.Unique")
        .await
        .unwrap();
    out.show(
        "whereis is the registry",
        &boolean(process::whereis("Conf.Unique") == Some(reg.pid())),
    );
    let again = Registry::<Atom, Term>::start_link(Keys::Unique, "Conf.Unique").await;
    out.show("start again", &ok_or_error_of(&again.map(|r| r.pid())));
    let owner = reg.register(atom("k"), Term::atom("v1")).unwrap();
    out.show("owner is a pid", &boolean(owner == reg.pid()));
    out.show(
        "again",
        &ok_or_error_of(&reg.register(atom("k"), Term::atom("v2"))),
    );
    out.show("lookup", &reg.lookup(&atom("k")));
    out.show("lookup missing", &reg.lookup(&atom("missing")));

    let in_other = reg.clone();
    let other: Pid = process::spawn(async move {
        in_other.register(atom("k2"), Term::atom("other")).unwrap();
        send_tagged(me, "registered", process::self_pid());
        let _ = recv_any::<&str>().await;
    });
    recv::<Pid>("registered").await;
    out.show(
        "taken by another",
        &ok_or_error_of(&reg.register(atom("k2"), Term::atom("mine"))),
    );
    out.show("count", &reg.count());
    out.show("keys", &reg.keys_of(other));
    reg.unregister(&atom("k2"));
    out.show("unregister another's", &atom("ok"));
    out.show("still there", &reg.lookup(&atom("k2")));
    let r#ref = process::monitor(other);
    process::send(other, "stop");
    out.show("down", &wait_down(r#ref).await);
    out.show("gone at :DOWN", &reg.lookup(&atom("k2")));
    reg.unregister(&atom("k"));
    out.show("unregister", &atom("ok"));
    out.show("lookup after", &reg.lookup(&atom("k")));

    let dup: Registry<Atom, i64> = Registry::start_link(Keys::Duplicate, "Conf.Dup")
        .await
        .unwrap();
    out.show("dup 1", &boolean(dup.register(atom("topic"), 1).is_ok()));
    out.show("dup 2", &boolean(dup.register(atom("topic"), 2).is_ok()));
    out.show("dup lookup", &dup.lookup(&atom("topic")));
    out.show("dup keys", &dup.keys_of(me));
    out.show("dup values", &dup.values(&atom("topic"), me));
    dup.dispatch(&atom("topic"), |entries| {
        send_tagged(me, "dispatched", entries.to_vec())
    });
    out.show("dispatch", &atom("ok"));
    out.show("dispatched", &recv::<Vec<(Pid, i64)>>("dispatched").await);
    dup.dispatch(&atom("none"), |_| {
        send_tagged(me, "dispatched", atom("none"))
    });
    out.show("dispatch none", &atom("ok"));
    dup.unregister(&atom("topic"));
    out.show("dup unregister", &atom("ok"));
    out.show("dup count", &dup.count());

    let name = Name::from(reg.via_value(atom("srv"), Term::atom("nil")));
    out.show("via", &name);
    out.show("via whereis, free", &name.whereis());
    reg.register(atom("srv"), Term::atom("nil")).unwrap();
    out.show("via whereis", &boolean(name.whereis() == Some(me)));
    let msg = (Tag("via_msg"), 7_i64);
    process::send_to(name.clone(), msg).unwrap();
    out.show(
        "Registry.send",
        &Term::tuple([Term::atom("via_msg"), Term::from(7)]),
    );
    out.show("via message", &recv::<i64>("via_msg").await);
    let missing = Name::from(reg.via_value(atom("nobody"), Term::atom("nil")));
    out.show(
        "Registry.send missing",
        &catch_raise(process::send_to(missing, atom("x"))),
    );
    out.show(
        "unknown registry",
        &catch_raise(Registry::<Atom, Term>::named("Conf.Nope").map(|r| r.lookup(&atom("k")))),
    );
}
