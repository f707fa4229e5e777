//! `Task.Supervisor`: supervised async tasks (linked or not), streams,
//! `$callers`, names. Children, restarts and stopping: `test_supervisor_children.rs`.

mod common;

use common::{LONG, after, child_exit, drain, exit_after, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::{OnTimeout, StreamOptions, async_task, await_task, yield_task};
use extask::{ExitReason, Pid, Task, Timeout, process};
use futures::StreamExt;

const MAX_CHILDREN: &str = "reached the maximum number of tasks for this task supervisor. The \
maximum number of tasks that are allowed to run at the same time under this supervisor can be \
configured with the :max_children option passed to Task.Supervisor.start_link/1";

async fn supervisor() -> TaskSupervisor {
    TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .unwrap()
}

#[test]
fn async_tasks_are_children_and_awaited_like_any_task() {
    run(async {
        let sup = supervisor().await;
        let task = sup.async_task(after(200, "supervised")).await;
        assert_eq!(task.owner, process::self_pid());
        assert!(inspect(&task).starts_with("%Task{mfa: {:erlang, :apply, 2}, owner: "));
        let watch = process::monitor(task.pid);
        assert_eq!(sup.children().await, vec![task.pid]);
        assert_eq!(await_task(task, LONG).await, "supervised");
        assert_eq!(common::down(watch).await.reason, ExitReason::Normal);
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_linked_supervised_crash_kills_a_non_trapping_caller_not_the_supervisor() {
    run(async {
        let sup = supervisor().await;
        let reason = child_exit(async move {
            let task: Task<()> = sup
                .async_task(exit_after(100, ExitReason::atom("bad")))
                .await;
            await_task(task, LONG).await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));
        assert!(process::alive(sup.pid()));
    });
}

#[test]
fn nolink_crashes_come_back_as_values() {
    run(async {
        let sup = supervisor().await;
        let task: Task<()> = sup
            .async_nolink(exit_after(100, ExitReason::atom("bad")))
            .await;
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:exit, :bad}");
        let task: Task<()> = sup
            .async_nolink(async {
                process::sleep(Timeout::Ms(100)).await;
                panic!("oops");
            })
            .await;
        let got = yield_task(&task, LONG).await;
        assert_eq!(
            inspect(&got),
            r#"{:exit, {%RuntimeError{message: "oops"}, []}}"#
        );
        let task: Task<()> = sup
            .async_nolink(exit_after(100, ExitReason::atom("bad")))
            .await;
        let text = inspect(&task);
        let err = task.try_await(LONG).await.unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            format!("{{:bad, {{Task, :await, [{text}, 5000]}}}}")
        );
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_trapping_caller_of_nolink_tasks_gets_no_exit_messages() {
    run(async {
        process::trap_exit(true);
        let sup = supervisor().await;
        let task: Task<()> = sup
            .async_nolink(exit_after(100, ExitReason::atom("bad")))
            .await;
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:exit, :bad}");
        assert_eq!(drain().await, Vec::<String>::new());
        // Reply, then :DOWN with :normal, and nothing else.
        let task = sup.async_nolink(after(100, "fine")).await;
        let (r, pid) = (task.r#ref, task.pid);
        drop(task);
        assert_eq!(common::down(r).await.reason, ExitReason::Normal);
        assert_eq!(drain().await, vec![format!("{{{r:?}, \"fine\"}}")]);
        let _ = pid;
    });
}

#[test]
fn a_nolink_task_outlives_its_crashed_owner() {
    run(async {
        let sup = supervisor().await;
        let me = process::self_pid();
        let reason = child_exit(async move {
            let task = sup.async_nolink(after(300, "orphan")).await;
            process::send(me, task.pid);
            process::exit_self(ExitReason::atom("crash")).await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("crash"));
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        assert_eq!(exit_reason(task_pid).await, ExitReason::Normal);
    });
}

#[test]
fn supervised_tasks_record_the_caller_first_in_their_callers() {
    run(async {
        let sup = supervisor().await;
        let me = process::self_pid();
        let task = sup.async_task(async { process::callers() }).await;
        assert_eq!(await_task(task, LONG).await, vec![me]);
        let outer = async_task(async move {
            let inner = sup.async_nolink(async { process::callers() }).await;
            (process::self_pid(), await_task(inner, LONG).await)
        });
        let (outer_pid, callers) = await_task(outer, LONG).await;
        assert_eq!(callers, vec![outer_pid, me]);
    });
}

#[test]
fn a_named_supervisor_is_found_by_name_until_it_stops() {
    run(async {
        let name = "test_supervisor.named";
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().name(name))
            .await
            .unwrap();
        assert_eq!(TaskSupervisor::whereis(name), Some(sup));
        let taken = TaskSupervisor::start_link(SupervisorOptions::new().name(name)).await;
        assert_eq!(
            format!("{:?}", taken.unwrap_err()),
            format!("{{:already_started, {:?}}}", sup.pid())
        );
        process::unlink(sup.pid());
        let watch = process::monitor(sup.pid());
        process::exit(sup.pid(), ExitReason::Kill);
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
        assert_eq!(TaskSupervisor::whereis(name), None);
    });
}

#[test]
fn calling_a_supervisor_that_is_gone_exits_with_noproc() {
    run(async {
        let sup = supervisor().await;
        process::unlink(sup.pid());
        let watch = process::monitor(sup.pid());
        process::exit(sup.pid(), ExitReason::Kill);
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
        let reason = child_exit(async move {
            sup.children().await;
        })
        .await;
        assert_eq!(
            format!("{reason:?}"),
            format!(
                "{{:noproc, {{GenServer, :call, [{:?}, :which_children, :infinity]}}}}",
                sup.pid()
            )
        );
    });
}

async fn crash_on_2(x: i32) -> i32 {
    if x == 2 {
        process::exit_self(ExitReason::atom("bad")).await;
    }
    x * 10
}

#[test]
fn supervised_streams_link_or_not() {
    run(async {
        let sup = supervisor().await;
        let opts = StreamOptions::new();
        let got: Vec<_> = sup
            .async_stream_nolink(vec![1, 2, 3], crash_on_2, opts)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, exit: :bad, ok: 30]");
        let got: Vec<_> = sup
            .async_stream(vec![1, 3], crash_on_2, opts)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, ok: 30]");
        let reason = child_exit(async move {
            let _: Vec<_> = sup
                .async_stream(vec![1, 2, 3], crash_on_2, opts)
                .collect()
                .await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));

        let sleep_ms = |ms: u64| after(ms, ms);
        let opts = StreamOptions::new()
            .ordered(false)
            .max_concurrency(3)
            .timeout(Timeout::Ms(300))
            .on_timeout(OnTimeout::KillTask);
        let got: Vec<_> = sup
            .async_stream_nolink(vec![500, 100, 200], sleep_ms, opts)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 100, ok: 200, exit: :timeout]");
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_supervised_stream_on_a_full_supervisor_raises() {
    run(async {
        let opts = SupervisorOptions::new().max_children(1);
        let sup = TaskSupervisor::start_link(opts).await.unwrap();
        sup.start_child(|| process::sleep(Timeout::Infinity), ChildOptions::new())
            .await
            .unwrap();
        let reason = child_exit(async move {
            let stream = sup.async_stream_nolink(
                vec![1, 2],
                |x: i32| async move { x },
                StreamOptions::new(),
            );
            let _: Vec<_> = stream.collect().await;
        })
        .await;
        let ExitReason::Exception(e) = reason else {
            panic!("not a raise")
        };
        assert_eq!(e.module, "RuntimeError");
        assert!(e.message.starts_with(MAX_CHILDREN));
        assert!(
            e.message
                .ends_with("spawned under the same task supervisor.")
        );
        assert_eq!(sup.children().await.len(), 1);
    });
}

#[tokio::test]
async fn outside_any_process_supervised_tasks_work_with_a_stand_in_owner() {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .unwrap();
    let task = sup.async_nolink(async { 7 }).await;
    assert_eq!(task.await, Ok(7));
}

#[test]
fn a_trapping_caller_sees_reply_then_exit_then_down_from_a_linked_supervised_task() {
    run(async {
        process::trap_exit(true);
        let sup = supervisor().await;
        let task = sup.async_task(async { "r" }).await;
        let (pid, r) = (task.pid, task.r#ref);
        drop(task);
        assert_eq!(common::down(r).await.reason, ExitReason::Normal);
        assert_eq!(
            drain().await,
            vec![
                format!("{{{r:?}, \"r\"}}"),
                format!("{{:EXIT, {pid:?}, :normal}}")
            ]
        );
    });
}
