//! Twin of `agent_basics.exs`: the Agent functions, and the exits of its
//! failed calls.

use crate::support::*;
use extask::agent;
use extask::inspect::Term;
use extask::{ExitReason, Timeout, process};

pub(crate) async fn run(out: Out) {
    let t = Timeout::DEFAULT;
    let a = agent::start_link(|| vec![1], Default::default())
        .await
        .unwrap();
    agent::update(&a, |v| v.push(2), t).await;
    out.show("update", &Term::atom("ok"));
    out.show(
        "get_and_update",
        &agent::get_and_update(&a, std::mem::take, t).await,
    );
    agent::cast(&a, |v| v.push(3));
    out.show("cast", &Term::atom("ok"));
    out.show("get", &agent::get(&a, |v| v.clone(), t).await);
    let inside = agent::get(&a, |_| process::self_pid(), t).await == a.pid();
    out.show("runs in the agent", &boolean(inside));

    let slow = agent::try_update(
        &a,
        |v| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            v.push(4);
        },
        Timeout::Ms(10),
    )
    .await;
    let is_timeout = match &slow {
        Err(ExitReason::Call(c)) => {
            c.reason.is_timeout() && c.args.len() == 3 && c.args[0] == Term::Pid(a.pid())
        }
        _ => false,
    };
    out.show("timeout fun", &boolean(is_timeout));
    out.show("finished anyway", &agent::get(&a, |v| v.clone(), t).await);
    out.show("messages", &messages().await);
    agent::stop(&a, ExitReason::Normal, Timeout::Infinity).await;
    out.show("stop", &Term::atom("ok"));

    let b = agent::start(|| 0, Default::default()).await.unwrap();
    let r = process::monitor(b.pid());
    let raised = agent::try_get(&b, |_: &i32| -> i32 { raise("boom") }, t).await;
    let exception = raised.unwrap_err().exception().cloned();
    out.show("raised", &exception.map(|e| Term::of(&e)));
    out.show("agent", &wait_down(r).await);
    let dead = agent::try_get(&b, |n| *n, t).await.unwrap_err();
    assert_eq!(dead.root_cause(), &ExitReason::Noproc);
    out.show("dead get", &Term::atom("noproc"));
    let stop = agent::try_stop(&b, ExitReason::Normal, Timeout::Infinity).await;
    out.show("dead stop", &caught(stop));
    agent::cast(&b, |n| *n += 1);
    out.show("dead cast", &Term::atom("ok"));
    let init = agent::start(|| -> i32 { raise("init") }, Default::default()).await;
    out.show("init raise", &init.err());
}
