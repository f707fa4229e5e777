//! Twin of `supervisor_reports.exs`.

use crate::log_capture::capture_log_containing;
use crate::support::*;
use extask::inspect::Term;
use extask::supervisor::{
    ChildSpec, Options, Overrides, Restart, Strategy, Supervisor, SupervisorOptions, TaskSupervisor,
};
use extask::task::Shutdown;
use extask::{Pid, Task, process};

fn w(id: Term) -> ChildSpec {
    Supervisor::child_spec(
        Task::child_spec(sleep_forever),
        Overrides::new().id(id).shutdown(Shutdown::BrutalKill),
    )
}

pub(crate) async fn run(out: Out) {
    process::trap_exit(true);
    let parent = process::self_pid();

    let log = capture_log_containing(async move {
        let crashing = Task::child_spec(move || async move {
            send_tagged(parent, "ran", process::self_pid());
            sleep(50).await;
            raise::<()>("boom")
        });
        let crashing =
            Supervisor::child_spec(crashing, Overrides::new().restart(Restart::Permanent));
        let opts = Options::new(Strategy::OneForOne).max_restarts(1);
        let sup = Supervisor::start_link(vec![crashing], opts)
            .await
            .expect("started");
        send_tagged(parent, "sup", sup.pid());
        wait_down(process::monitor(sup.pid())).await;
        vec![format!("started from {:?} ", sup.pid())]
    })
    .await;
    out.puts(format!("supervisor: {:?}", recv::<Pid>("sup").await));
    out.puts(format!("first run: {:?}", recv::<Pid>("ran").await));
    out.puts(format!("second run: {:?}", recv::<Pid>("ran").await));
    out.puts(log.trim_end_matches('\n'));

    let log = capture_log_containing(async move {
        let sup =
            Supervisor::start_link(vec![w(Term::atom("a"))], Options::new(Strategy::OneForOne))
                .await
                .expect("started");
        let r = process::monitor(sup.pid());
        process::exit(sup.pid(), reason("custom"));
        wait_down(r).await;
        vec![format!("GenServer {:?} ", sup.pid())]
    })
    .await;
    out.puts("killed with :custom:");
    out.puts(log.trim_end_matches('\n'));

    let log = capture_log_containing(async move {
        let transient = Supervisor::child_spec(
            w(Term::from(1_u64)),
            Overrides::new().restart(Restart::Transient),
        );
        let children = vec![
            w(Term::atom("b")),
            w(Term::atom("a")),
            transient,
            TaskSupervisor::child_spec(SupervisorOptions::new().name("Reports.Tasks")),
        ];
        let opts = Options::new(Strategy::RestForOne).name("Reports.Sup");
        let sup = Supervisor::start_link(children, opts)
            .await
            .expect("started");
        let _ = sup.terminate_child(Term::from(1_u64)).await;
        let bye = reason_of(Term::tuple([Term::atom("bye"), 1.into()]));
        sup.stop(bye).await;
        vec!["GenServer Reports.Sup ".to_owned()]
    })
    .await;
    out.puts("stopped with {:bye, 1}:");
    out.puts(log.trim_end_matches('\n'));
}
