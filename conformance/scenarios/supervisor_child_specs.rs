//! Twin of `supervisor_child_specs.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::supervisor::{
    ChildSpec, Options, Overrides, Restart, Start, Strategy, Supervisor, SupervisorOptions,
    TaskSupervisor,
};
use extask::task::Shutdown;
use extask::{ExitReason, Pid, Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    out.show("Task.child_spec", &Task::child_spec(|| async {}));
    let overridden = Supervisor::child_spec(
        Task::child_spec(|| async {}),
        Overrides::new()
            .id(Term::atom("other"))
            .restart(Restart::Permanent),
    );
    out.show("overridden", &overridden);
    let plain = ChildSpec::new(Term::atom("a"), || async { Start::Ignore });
    let given = Supervisor::child_spec(plain, Overrides::new().shutdown(Shutdown::BrutalKill));
    out.show("shutdown given", &given);
    out.show(
        "Task.Supervisor.child_spec",
        &TaskSupervisor::child_spec(SupervisorOptions::new()),
    );
    let named = || SupervisorOptions::new().name("Specs.Tasks");
    out.show("named", &TaskSupervisor::child_spec(named()));

    let parent = process::self_pid();
    let inner = Supervisor::spec(
        Term::atom("inner"),
        || vec![Task::child_spec(|| process::sleep(Timeout::Infinity))],
        Options::new(Strategy::OneForOne),
    );
    let children = vec![
        TaskSupervisor::child_spec(named()),
        Task::child_spec(move || async move {
            send_tagged(parent, "ran", process::self_pid());
            sleep_forever().await;
        }),
        inner,
    ];
    let sup = Supervisor::start_link(children, Options::new(Strategy::OneForOne))
        .await
        .expect("started");
    let task: Pid = recv("ran").await;
    let tasks = process::whereis("Specs.Tasks").expect("registered");
    let listed = sup.which_children().await;
    assert_eq!(listed[1].pid.pid(), Some(task));
    assert_eq!(listed[2].pid.pid(), Some(tasks));
    let inner = listed[0].pid.pid().expect("inner runs");
    out.show("which_children", &listed);
    out.show("count_children", &sup.count_children().await);
    let inner_sup = Supervisor::from_pid(inner);
    out.show("inner count_children", &inner_sup.count_children().await);
    let ts = TaskSupervisor::whereis("Specs.Tasks").expect("registered");
    let t = ts.async_nolink(async { 42_i64 }).await;
    out.show("async_nolink under the tree", &t.await.expect("42"));
    let r = process::monitor(task);
    process::exit(task, ExitReason::Kill);
    wait_down(r).await;
    let ids = Term::list(sup.which_children().await.into_iter().map(|c| c.id));
    out.show("after the temporary Task was killed", &ids);
    sup.stop(ExitReason::Normal).await;
    out.show("stop", &atom("ok"));
    let gone = Term::tuple([
        boolean(process::alive(tasks)),
        process::whereis("Specs.Tasks").map_or(Term::atom("nil"), Term::Pid),
    ]);
    out.show("Task.Supervisor gone", &gone);
    out.show("inner gone", &boolean(process::alive(inner)));
}
