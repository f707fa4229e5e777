//! Twin of `process_info.exs`: `Process.info` of a supervised MFA child,
//! a dead pid and a plain spawn; `$ancestors` of tasks and supervised ones.
//! `Process.info(pid, keys)` is `process::info(pid)`, printed as that
//! keyword list; a message shows its Elixir form once its type is known
//! (`process::inspectable`).

use crate::support::*;
use extask::inspect::{Atom, Term};
use extask::process::{self, Ancestor, InfoItem};
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::await_task;
use extask::{Pid, Timeout};

async fn wait(parent: Pid) {
    send_tagged(parent, "ready", process::self_pid());
    let _ = process::receive_with(
        |m| m.downcast_ref::<&str>().filter(|s| **s == "stop").copied(),
        Timeout::Infinity,
    )
    .await;
}

async fn sum(xs: Vec<i64>) -> i64 {
    xs.iter().sum()
}

fn ancestors_term(ancestors: &[Ancestor]) -> Term {
    Term::list(ancestors.iter().map(|a| a.to_term()))
}

pub(crate) async fn run(out: Out) {
    process::inspectable::<(Atom, i64)>();
    let me = process::self_pid();
    let sup = TaskSupervisor::start_link(SupervisorOptions::new().name("Conf.TS"))
        .await
        .unwrap();
    let pid = sup
        .start_child_mfa("Conf.Worker", "wait", wait, (me,), ChildOptions::new())
        .await
        .unwrap();
    assert_eq!(recv::<Pid>("ready").await, pid);
    process::send(pid, (atom("hello"), 1_i64));
    process::send(pid, atom("two"));
    let r#ref = process::monitor(pid);
    process::register(pid, "conf_worker").unwrap();

    out.show("supervisor", &sup.pid());
    out.show("me", &me);
    out.inspect(process::info(pid).unwrap());
    out.show(
        "my monitors",
        &process::info_item(me, InfoItem::Monitors).unwrap(),
    );
    out.show(
        "registered_name",
        &process::info_item(pid, InfoItem::RegisteredName).unwrap(),
    );
    process::send(pid, "stop");
    out.show("down", &wait_down(r#ref).await);
    out.show("dead", &process::info(pid));

    let spawned = process::spawn(async {
        let _ = recv_any::<&str>().await;
    });
    let info = process::info(spawned).unwrap();
    out.puts(format!(
        "spawn: [registered_name: [], initial_call: {:?}, dictionary: {}]",
        info.initial_call,
        info.dictionary().render(usize::MAX)
    ));
    process::send(spawned, "stop");

    let t = extask::task::async_task(async { process::ancestors() });
    out.show(
        "task $ancestors",
        &ancestors_term(&await_task(t, LONG).await),
    );
    let t = extask::task::async_task(async {
        let inner = extask::task::async_task(async { process::ancestors() });
        await_task(inner, LONG).await
    });
    out.show(
        "nested $ancestors",
        &ancestors_term(&await_task(t, LONG).await[1..]),
    );
    let t = sup.async_task(async { process::ancestors() }).await;
    out.show(
        "supervised $ancestors",
        &ancestors_term(&await_task(t, LONG).await),
    );
    let unnamed = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .unwrap();
    let t = unnamed.async_nolink(async { process::ancestors() }).await;
    let got = await_task(t, LONG).await;
    out.show(
        "unnamed supervisor's child",
        &boolean(got == vec![Ancestor::Pid(unnamed.pid()), Ancestor::Pid(me)]),
    );
    out.show(
        "supervisor $ancestors",
        &ancestors_term(&process::info(sup.pid()).unwrap().ancestors),
    );
    let t = sup.async_mfa("Enum", "sum", sum, (vec![1, 2],)).await;
    out.show("mfa", &t.mfa);
    out.show("sum", &await_task(t, LONG).await);
}
