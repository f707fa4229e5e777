//! Child specs: `Task.child_spec/1`'s defaults, `Supervisor.child_spec/2`'s
//! overrides, a `Task.Supervisor` and a `Task` in a tree, printed specs,
//! and the supervisor's `name:`.

mod common;

use common::{LONG, recv, run};
use extask::inspect::{Term, inspect};
use extask::supervisor::{
    ChildSpec, ChildType, Options, Overrides, Restart, Start, StartError, Strategy, Supervisor,
    SupervisorOptions, TaskSupervisor,
};
use extask::task::Shutdown;
use extask::{ExitReason, Task, Timeout, process};

const TASK_SPEC: &str =
    "%{id: Task, restart: :temporary, start: {Task, :start_link, [#Function<anonymous fn/0>]}}";

#[test]
fn specs_print_as_elixir_prints_them() {
    assert_eq!(inspect(&Task::child_spec(|| async {})), TASK_SPEC);
    let spec = Supervisor::child_spec(
        Task::child_spec(|| async {}),
        Overrides::new()
            .id(Term::atom("other"))
            .restart(Restart::Permanent),
    );
    assert_eq!(
        inspect(&spec),
        "%{id: :other, restart: :permanent, start: {Task, :start_link, [#Function<anonymous fn/0>]}}"
    );
    let spec = ChildSpec::new(Term::atom("a"), || async { Start::Ignore })
        .shutdown(Shutdown::BrutalKill)
        .r#type(ChildType::Worker);
    assert_eq!(
        inspect(&spec),
        "%{id: :a, shutdown: :brutal_kill, start: {:erlang, :apply, [#Function<anonymous fn/0>, []]}, type: :worker}"
    );
    assert_eq!(
        inspect(&TaskSupervisor::child_spec(
            SupervisorOptions::new().name("Foo")
        )),
        "%{id: Foo, start: {Task.Supervisor, :start_link, [[name: Foo]]}, type: :supervisor}"
    );
    let nested = Supervisor::spec(
        Term::atom("inner"),
        Vec::new,
        Options::new(Strategy::OneForAll),
    );
    assert_eq!(
        inspect(&nested),
        "%{id: :inner, start: {Supervisor, :start_link, [#Function<anonymous fn/0>, [strategy: :one_for_all]]}, type: :supervisor}"
    );
    // `{:?}` is `inspect/1` too; `{:#?}` wraps as `IO.inspect/2` does.
    assert_eq!(format!("{:?}", Task::child_spec(|| async {})), TASK_SPEC);
    assert_eq!(
        format!("{:#?}", Task::child_spec(|| async {})),
        "%{\n  id: Task,\n  restart: :temporary,\n  start: {Task, :start_link, [#Function<anonymous fn/0>]}\n}"
    );
}

#[test]
fn effective_defaults_follow_the_type() {
    let worker = Task::child_spec(|| async {});
    assert_eq!(worker.restart_type(), Restart::Temporary);
    assert_eq!(worker.shutdown_type(), Shutdown::Timeout(Timeout::Ms(5000)));
    let plain = ChildSpec::new(Term::atom("a"), || async { Start::Ignore });
    assert_eq!(plain.restart_type(), Restart::Permanent);
    let sup = TaskSupervisor::child_spec(SupervisorOptions::new());
    assert_eq!(sup.child_type(), ChildType::Supervisor);
    assert_eq!(sup.shutdown_type(), Shutdown::Timeout(Timeout::Infinity));
}

#[test]
fn a_task_child_is_temporary_and_its_function_runs_in_the_child() {
    run(async {
        let me = process::self_pid();
        let spec = Task::child_spec(move || async move {
            process::send(me, process::self_pid());
        });
        let sup = Supervisor::start_link(vec![spec], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        let child: extask::Pid = recv(LONG).await.expect("the task ran");
        assert_ne!(child, sup.pid());
        // Temporary: gone from the supervisor once it ended. The link's
        // `{:EXIT}` is queued before our `:DOWN`, so the next call sees it.
        common::exit_reason(child).await;
        assert_eq!(inspect(&sup.which_children().await), "[]");
        sup.stop(ExitReason::Normal).await;
    });
}

#[test]
fn a_permanent_task_child_calls_its_function_anew_at_each_restart() {
    run(async {
        let me = process::self_pid();
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = runs.clone();
        let spec = Task::child_spec(move || {
            let n = counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            async move { process::send(me, n) }
        });
        let spec = Supervisor::child_spec(spec, Overrides::new().restart(Restart::Permanent));
        let opts = Options::new(Strategy::OneForOne).max_restarts(2);
        process::trap_exit(true);
        let sup = Supervisor::start_link(vec![spec], opts).await.unwrap();
        // `:normal` exits restart a permanent child: 1 run + 2 restarts,
        // then the third restart is one too many.
        for n in 1..=3 {
            assert_eq!(recv::<usize>(LONG).await, Some(n));
        }
        assert_eq!(
            common::exit_from(sup.pid()).await.reason,
            ExitReason::Shutdown
        );
        assert_eq!(recv::<usize>(Timeout::Ms(0)).await, None);
    });
}

#[test]
fn a_task_supervisor_sits_in_a_tree_and_stops_with_it() {
    run(async {
        let children = vec![
            TaskSupervisor::child_spec(SupervisorOptions::new().name("Tree.Tasks")),
            Task::child_spec(|| process::sleep(Timeout::Infinity)),
        ];
        let sup = Supervisor::start_link(children, Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        let tasks = TaskSupervisor::whereis("Tree.Tasks").expect("registered");
        let listed = inspect(&sup.which_children().await);
        assert!(
            listed.ends_with(&format!(
                "{{Tree.Tasks, {:?}, :supervisor, [Task.Supervisor]}}]",
                tasks.pid()
            )),
            "{listed}"
        );
        assert!(listed.starts_with("[{Task, #PID<"), "{listed}");
        let t = tasks.async_nolink(async { 42 }).await;
        assert_eq!(t.await, Ok(42));
        sup.stop(ExitReason::Normal).await;
        assert!(!process::alive(tasks.pid()));
        assert_eq!(TaskSupervisor::whereis("Tree.Tasks"), None);
    });
}

#[test]
fn a_named_supervisor_is_found_by_name_and_a_taken_name_is_refused() {
    run(async {
        let opts = Options::new(Strategy::OneForOne).name("Tree.Sup");
        let sup = Supervisor::start_link(vec![], opts.clone()).await.unwrap();
        assert_eq!(Supervisor::whereis("Tree.Sup"), Some(sup));
        assert_eq!(process::whereis("Tree.Sup"), Some(sup.pid()));
        let again = Supervisor::start_link(vec![], opts.clone()).await;
        assert_eq!(again, Err(StartError::AlreadyStarted(sup.pid())));
        assert_eq!(
            format!("{:?}", again.unwrap_err()),
            format!("{{:error, {{:already_started, {:?}}}}}", sup.pid())
        );
        assert_eq!(
            format!("{opts:?}"),
            "[strategy: :one_for_one, name: Tree.Sup]"
        );
        sup.stop(ExitReason::Normal).await;
        assert_eq!(Supervisor::whereis("Tree.Sup"), None);
        let sup = Supervisor::start_link(vec![], opts).await.unwrap();
        sup.stop(ExitReason::Normal).await;
    });
}

#[test]
fn a_registry_sits_in_a_tree_and_its_via_names_follow_restarts() {
    use extask::process::Name;
    use extask::registry::{Keys, Registry};
    run(async {
        let me = process::self_pid();
        let worker = ChildSpec::new(Term::atom("worker"), move || async move {
            let pid = process::spawn_link(async move {
                let reg = Registry::<&str, ()>::named("Tree.Registry").expect("started first");
                reg.register("worker", ()).expect("the key is free");
                process::send(me, process::self_pid());
                process::sleep(Timeout::Infinity).await;
            });
            Start::Ok(pid)
        });
        let children = vec![
            Registry::<&str, ()>::child_spec(Keys::Unique, "Tree.Registry"),
            worker,
        ];
        let sup = Supervisor::start_link(children, Options::new(Strategy::OneForAll))
            .await
            .unwrap();
        let first: extask::Pid = recv(LONG).await.expect("the worker registered");
        let reg = Registry::<&str, ()>::named("Tree.Registry").unwrap();
        let name = Name::from(reg.via("worker"));
        assert_eq!(name.whereis(), Some(first));
        let listed = inspect(&sup.which_children().await);
        assert!(listed.ends_with(", :supervisor, [Registry]}]"), "{listed}");
        // The worker is killed: `:one_for_all` restarts the registry too, and
        // the restarted worker holds the key in the new registry.
        process::exit(first, ExitReason::Kill);
        let second: extask::Pid = recv(LONG).await.expect("registered again");
        let reg = Registry::<&str, ()>::named("Tree.Registry").unwrap();
        assert_eq!(Name::from(reg.via("worker")).whereis(), Some(second));
        // A supervisor named by a via-name is found through it.
        let named = Supervisor::start_link(
            vec![],
            Options::new(Strategy::OneForOne).name(reg.via("sup")),
        )
        .await
        .unwrap();
        assert_eq!(Supervisor::whereis(reg.via("sup")), Some(named));
        named.stop(ExitReason::Normal).await;
        sup.stop(ExitReason::Normal).await;
        assert!(Registry::<&str, ()>::named("Tree.Registry").is_err());
    });
}

/// `use Task, restart: :transient, shutdown: 1000` on a module whose
/// `run(arg)` is the task.
#[derive(extask::Task, Clone, extask::inspect::Inspect)]
#[task(restart = transient, shutdown = 1000)]
struct Mailer {
    to: extask::Pid,
    crash_first: bool,
}

/// How many times a `Mailer` ran.
static MAILER_RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Mailer {
    async fn run(self) {
        process::send(self.to, "mailer ran");
        let first = MAILER_RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0;
        if self.crash_first && first {
            match process::exit_self(ExitReason::atom("boom")).await {}
        }
    }
}

/// `use Task` with the defaults.
#[derive(extask::Task, Clone, extask::inspect::Inspect)]
struct Plain(u64);

impl Plain {
    async fn run(self) {}
}

#[test]
fn derive_task_is_use_task_with_its_options() {
    assert_eq!(
        inspect(&Plain(7).child_spec()),
        "%{id: Plain, restart: :temporary, start: {Plain, :start_link, [{:plain, 7}]}}"
    );
    run(async {
        let me = process::self_pid();
        let spec = Mailer {
            to: me,
            crash_first: true,
        }
        .child_spec();
        assert_eq!(
            inspect(&spec),
            format!(
                "%{{id: Mailer, restart: :transient, shutdown: 1000, start: {{Mailer, :start_link, [%Mailer{{to: {me:?}, crash_first: true}}]}}}}"
            )
        );
        assert_eq!(spec.shutdown_type(), Shutdown::Timeout(Timeout::Ms(1000)));
        let sup = Supervisor::start_link(vec![spec], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        // Transient: the `:boom` exit restarts it (`run` gets the same
        // argument), its `:normal` end does not.
        assert_eq!(recv::<&str>(LONG).await, Some("mailer ran"));
        assert_eq!(recv::<&str>(LONG).await, Some("mailer ran"));
        let listed = inspect(&sup.which_children().await);
        if listed.contains("#PID<") {
            // Still running its second `run`: wait for its end.
            let pid = sup.which_children().await[0].pid.pid().unwrap();
            common::exit_reason(pid).await;
        }
        assert_eq!(
            inspect(&sup.which_children().await),
            "[{Mailer, :undefined, :worker, [Mailer]}]"
        );
        assert_eq!(MAILER_RUNS.load(std::sync::atomic::Ordering::SeqCst), 2);
        sup.stop(ExitReason::Normal).await;
    });
}
