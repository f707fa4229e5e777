//! `Task.Supervisor`'s children: `start_child` and its restart policies,
//! restart intensity, `max_children`, `terminate_child`, and how a stopping
//! supervisor takes its children down.

mod common;

use common::{LONG, after, child_exit, drain, exit_after, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::supervisor::{
    ChildOptions, NotFound, Restart, StartChildError, SupervisorOptions, TaskSupervisor,
};
use extask::task::{Shutdown, await_task, yield_task};
use extask::{ExitReason, Pid, Timeout, process};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn supervisor() -> TaskSupervisor {
    TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .unwrap()
}

const MAX_CHILDREN: &str = "reached the maximum number of tasks for this task supervisor. The \
maximum number of tasks that are allowed to run at the same time under this supervisor can be \
configured with the :max_children option passed to Task.Supervisor.start_link/1";

#[test]
fn start_child_is_fire_and_forget() {
    run(async {
        let sup = supervisor().await;
        let pid = sup
            .start_child(
                || exit_after::<()>(300, ExitReason::atom("bad")),
                ChildOptions::new(),
            )
            .await
            .unwrap();
        assert!(format!("{:?}", Ok::<_, ()>(pid)).starts_with("Ok(#PID<0."));
        assert_eq!(exit_reason(pid).await, ExitReason::atom("bad"));
        let pid = sup
            .start_child(|| after(300, "discarded"), ChildOptions::new())
            .await
            .unwrap();
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

/// How the first run of a restart-policy child ends.
#[derive(Clone, Copy)]
enum First {
    Returns,
    Exits(&'static str),
}

#[test]
fn restart_policies_decide_which_exits_restart_a_child() {
    run(async {
        let sup = supervisor().await;
        let me = process::self_pid();
        let cases = [
            (Restart::Temporary, First::Exits("bad"), false),
            (Restart::Transient, First::Returns, false),
            (Restart::Transient, First::Exits("shutdown"), false),
            (Restart::Transient, First::Exits("bad"), true),
            (Restart::Permanent, First::Returns, true),
        ];
        for (restart, first, restarted) in cases {
            let runs = Arc::new(AtomicUsize::new(0));
            let job = move || {
                let n = runs.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    process::send(me, (n, process::self_pid()));
                    if n > 1 {
                        return process::sleep(Timeout::Infinity).await;
                    }
                    recv::<&str>(Timeout::Infinity).await;
                    if let First::Exits(reason) = first {
                        let reason = ExitReason::from(extask::inspect::Term::atom(reason));
                        process::exit_self(reason).await;
                    }
                }
            };
            let pid = sup
                .start_child(job, ChildOptions::new().restart(restart))
                .await
                .unwrap();
            assert_eq!(recv::<(usize, Pid)>(LONG).await, Some((1, pid)));
            let watch = process::monitor(pid);
            process::send(pid, "go");
            common::down(watch).await;
            // The supervisor handled the exit (and any restart) before this call.
            let children = sup.children().await;
            assert_eq!(!children.is_empty(), restarted, "{restart:?}");
            if restarted {
                let (n, new) = recv::<(usize, Pid)>(LONG).await.unwrap();
                assert_eq!((n, children), (2, vec![new]));
                assert_ne!(new, pid);
                assert_eq!(sup.terminate_child(new).await, Ok(()));
            }
        }
    });
}

#[test]
fn too_many_restarts_make_the_supervisor_exit_shutdown() {
    run(async {
        let opts = SupervisorOptions::new().max_restarts(2);
        let sup = TaskSupervisor::start_link(opts).await.unwrap();
        process::unlink(sup.pid());
        let watch = process::monitor(sup.pid());
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let crashing = move || {
            counted.fetch_add(1, Ordering::SeqCst);
            exit_after::<()>(0, ExitReason::atom("bad"))
        };
        let permanent = ChildOptions::new().restart(Restart::Permanent);
        sup.start_child(crashing, permanent).await.unwrap();
        assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    });
}

#[test]
fn a_full_supervisor_refuses_children() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().max_children(1))
            .await
            .unwrap();
        sup.start_child(|| process::sleep(Timeout::Infinity), ChildOptions::new())
            .await
            .unwrap();
        let full = sup.start_child(|| async {}, ChildOptions::new()).await;
        assert_eq!(full, Err(StartChildError::MaxChildren));
        assert_eq!(inspect(&full), "{:error, :max_children}");
        for link in [true, false] {
            let reason = child_exit(async move {
                let task = match link {
                    true => sup.async_task(async {}).await,
                    false => sup.async_nolink(async {}).await,
                };
                drop(task);
            })
            .await;
            assert_eq!(reason, ExitReason::panic(MAX_CHILDREN));
        }
        assert_eq!(sup.children().await.len(), 1);
    });
}

#[test]
fn terminate_child_stops_a_child_once() {
    run(async {
        let sup = supervisor().await;
        let task = sup.async_nolink(process::sleep(Timeout::Infinity)).await;
        assert_eq!(sup.terminate_child(task.pid).await, Ok(()));
        assert_eq!(
            inspect(&yield_task(&task, LONG).await),
            "{:exit, :shutdown}"
        );
        assert_eq!(sup.terminate_child(task.pid).await, Err(NotFound));
        assert_eq!(format!("{NotFound:?}"), "{:error, :not_found}");
        assert_eq!(sup.children().await, Vec::<Pid>::new());

        let opts = ChildOptions::new().shutdown(Shutdown::BrutalKill);
        let task = sup
            .async_nolink_with(process::sleep(Timeout::Infinity), opts)
            .await;
        assert_eq!(sup.terminate_child(task.pid).await, Ok(()));
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:exit, :killed}");
    });
}

#[test]
fn terminating_a_linked_async_task_reaches_its_caller() {
    run(async {
        let sup = supervisor().await;
        let me = process::self_pid();
        let (_caller, watch) = process::spawn_monitor(async move {
            let task = sup.async_task(process::sleep(Timeout::Infinity)).await;
            process::send(me, task.pid);
            await_task(task, Timeout::Infinity).await;
        });
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        assert_eq!(sup.terminate_child(task_pid).await, Ok(()));
        assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);

        process::trap_exit(true);
        let task = sup.async_task(process::sleep(Timeout::Infinity)).await;
        let (pid, text) = (task.pid, inspect(&task));
        assert_eq!(sup.terminate_child(pid).await, Ok(()));
        let err = task.try_await(Timeout::Ms(1_000)).await.unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            format!("{{:shutdown, {{Task, :await, [{text}, 1000]}}}}")
        );
        assert_eq!(
            drain().await,
            vec![format!("{{:EXIT, {pid:?}, :shutdown}}")]
        );
    });
}

#[test]
fn a_stopping_supervisor_takes_its_children_down_by_their_shutdown() {
    run(async {
        let sup = supervisor().await;
        process::unlink(sup.pid());
        let plain = sup.async_nolink(process::sleep(Timeout::Infinity)).await;
        let brutal_opts = ChildOptions::new().shutdown(Shutdown::BrutalKill);
        let brutal = sup
            .async_nolink_with(process::sleep(Timeout::Infinity), brutal_opts)
            .await;
        let me = process::self_pid();
        let stubborn_opts = ChildOptions::new().shutdown(Shutdown::Timeout(Timeout::Ms(200)));
        let stubborn = sup
            .async_nolink_with(
                async move {
                    process::trap_exit(true);
                    process::send(me, "trapping");
                    process::sleep(Timeout::Infinity).await;
                },
                stubborn_opts,
            )
            .await;
        assert_eq!(recv::<&str>(LONG).await, Some("trapping"));
        let watch = process::monitor(sup.pid());
        // From its parent, as Elixir's supervisors only stop for their parent.
        process::exit(sup.pid(), ExitReason::Shutdown);
        assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);
        assert_eq!(
            inspect(&yield_task(&plain, LONG).await),
            "{:exit, :shutdown}"
        );
        assert_eq!(
            inspect(&yield_task(&brutal, LONG).await),
            "{:exit, :killed}"
        );
        assert_eq!(
            inspect(&yield_task(&stubborn, LONG).await),
            "{:exit, :killed}"
        );
    });
}

#[test]
fn the_supervisor_stops_with_its_parent() {
    run(async {
        let me = process::self_pid();
        let (parent, watch) = process::spawn_monitor(async move {
            let sup = supervisor().await;
            let pid = sup
                .start_child(|| process::sleep(Timeout::Infinity), ChildOptions::new())
                .await
                .unwrap();
            process::send(me, (sup.pid(), pid));
            recv::<&str>(Timeout::Infinity).await;
            process::exit_self(ExitReason::atom("crash")).await;
        });
        let (sup, child) = recv::<(Pid, Pid)>(LONG).await.unwrap();
        let (sup_watch, child_watch) = (process::monitor(sup), process::monitor(child));
        process::send(parent, "go");
        assert_eq!(common::down(watch).await.reason, ExitReason::atom("crash"));
        assert_eq!(common::down(child_watch).await.reason, ExitReason::Shutdown);
        assert_eq!(
            common::down(sup_watch).await.reason,
            ExitReason::atom("crash")
        );
    });
}

#[test]
fn only_its_parent_can_stop_a_supervisor() {
    run(async {
        let sup = supervisor().await;
        let (_other, watch) = process::spawn_monitor(async move {
            process::exit(sup.pid(), ExitReason::Shutdown);
        });
        common::down(watch).await;
        // The signal arrived before this call: the supervisor ignored it.
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        assert!(process::alive(sup.pid()));
    });
}
