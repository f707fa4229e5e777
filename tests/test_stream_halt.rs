//! An `async_stream` halted early (`take`, a dropped stream): as Elixir's
//! halt waits for the stream's tasks, they are dead by the next statement,
//! and nothing of theirs is left in the caller's mailbox. Plain and
//! supervised streams alike.

mod common;

use common::{LONG, drain, exit_reason, recv, run};
use extask::messages::{Exit, take};
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::{Shutdown, StreamOptions, TaskResult, async_stream};
use extask::{ExitReason, Pid, Timeout, process};
use futures::StreamExt;
use futures::future::BoxFuture;
use std::sync::{Arc, Mutex};
use tokio::sync::Barrier;

/// Three inputs: 1 replies at once, 2 and 3 record their pid and sleep for
/// ever; all three meet at a barrier first, so when 1's result is out, the
/// other two are surely running.
#[derive(Clone)]
struct Sleepers {
    pids: Arc<Mutex<Vec<Pid>>>,
    barrier: Arc<Barrier>,
}

impl Sleepers {
    fn new() -> Sleepers {
        Sleepers {
            pids: Arc::default(),
            barrier: Arc::new(Barrier::new(3)),
        }
    }

    fn body(&self) -> impl FnMut(u64) -> BoxFuture<'static, u64> + Send + 'static {
        let this = self.clone();
        move |i| {
            let this = this.clone();
            Box::pin(async move {
                if i > 1 {
                    this.pids.lock().unwrap().push(process::self_pid());
                }
                this.barrier.wait().await;
                if i > 1 {
                    process::sleep(Timeout::Infinity).await;
                }
                i
            })
        }
    }

    /// Every sleeper has been stopped, and none is left running.
    fn assert_all_dead(&self) {
        let pids = self.pids.lock().unwrap().clone();
        assert_eq!(pids.len(), 2, "both sleepers ran");
        for pid in pids {
            assert!(!process::alive(pid), "{pid:?} still alive after the halt");
        }
    }
}

fn opts() -> StreamOptions {
    StreamOptions::new().max_concurrency(3)
}

fn ok_1(got: &[TaskResult<u64>]) -> bool {
    matches!(got, [TaskResult::Ok(1)])
}

#[test]
fn take_1_leaves_no_task_running_by_the_next_statement() {
    run(async {
        for _ in 0..20 {
            let s = Sleepers::new();
            let got: Vec<_> = async_stream(1..=3, s.body(), opts())
                .take(1)
                .collect()
                .await;
            s.assert_all_dead();
            assert!(ok_1(&got));
            assert_eq!(drain().await, Vec::<String>::new());
        }
    });
}

#[test]
fn a_dropped_stream_leaves_no_task_running_by_the_next_statement() {
    run(async {
        for _ in 0..20 {
            let s = Sleepers::new();
            let mut stream = async_stream(1..=3, s.body(), opts());
            assert!(matches!(stream.next().await, Some(TaskResult::Ok(1))));
            drop(stream);
            s.assert_all_dead();
            assert_eq!(drain().await, Vec::<String>::new());
        }
    });
}

#[test]
fn a_supervised_stream_halted_early_leaves_no_task_running() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        for _ in 0..20 {
            let s = Sleepers::new();
            let got: Vec<_> = sup
                .async_stream(1..=3, s.body(), opts())
                .take(1)
                .collect()
                .await;
            s.assert_all_dead();
            assert!(ok_1(&got));

            let s = Sleepers::new();
            let mut stream = sup.async_stream_nolink(1..=3, s.body(), opts());
            assert!(matches!(stream.next().await, Some(TaskResult::Ok(1))));
            drop(stream);
            s.assert_all_dead();
            assert_eq!(drain().await, Vec::<String>::new());
            // Killed, as Elixir's halt kills them (`:noproc` if already
            // gone), then gone from the supervisor.
            let pids = s.pids.lock().unwrap().clone();
            for pid in pids {
                let reason = exit_reason(pid).await;
                assert!(matches!(reason, ExitReason::Killed | ExitReason::Noproc));
            }
        }
        assert_eq!(sup.children().await, Vec::<Pid>::new());
    });
}

/// A value whose drop waits (at most 5 s) until the test lets it go: the
/// task holding it is told to exit by the halt, but cannot end, and so
/// cannot tell its supervisor, until then.
struct HeldDrop(std::sync::mpsc::Receiver<()>);

impl Drop for HeldDrop {
    fn drop(&mut self) {
        let _ = self.0.recv_timeout(std::time::Duration::from_secs(5));
    }
}

/// The halt returns once the tasks are told to exit; a killed task tells its
/// supervisor only when it has ended, which may come later (its future is
/// dropped on another worker). As after Elixir's halt, which waits for the
/// tasks, the supervisor lists none of them by the next statement.
#[test]
fn a_supervised_stream_halted_early_leaves_no_task_listed_while_one_is_still_ending() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().max_children(2))
            .await
            .unwrap();
        let (release, held) = std::sync::mpsc::channel();
        let held = Arc::new(Mutex::new(Some(HeldDrop(held))));
        let slow = Arc::new(Mutex::new(None));
        let barrier = Arc::new(Barrier::new(2));
        let (h, sl, b) = (held.clone(), slow.clone(), barrier.clone());
        let body = move |i: u64| -> BoxFuture<'static, u64> {
            let (h, sl, b) = (h.clone(), sl.clone(), b.clone());
            Box::pin(async move {
                let _held = (i == 2).then(|| h.lock().unwrap().take());
                if i == 2 {
                    *sl.lock().unwrap() = Some(process::self_pid());
                }
                b.wait().await;
                if i == 2 {
                    process::sleep(Timeout::Infinity).await;
                }
                i
            })
        };
        let opts = StreamOptions::new().max_concurrency(2);
        let got: Vec<_> = sup.async_stream(1..=2, body, opts).take(1).collect().await;
        assert!(ok_1(&got));
        let slow: Pid = slow.lock().unwrap().unwrap();
        assert!(!process::alive(slow));
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        // Nor does it count against `max_children`: two children start.
        let mut started = Vec::new();
        for _ in 0..2 {
            let child = sup.start_child(|| process::sleep(Timeout::Infinity), ChildOptions::new());
            started.push(child.await.expect("the ending task does not count"));
        }
        for pid in started {
            assert_eq!(sup.terminate_child(pid).await, Ok(()));
        }
        release.send(()).unwrap();
        assert!(matches!(
            exit_reason(slow).await,
            ExitReason::Killed | ExitReason::Noproc
        ));
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        drop(held);
    });
}

/// A halt while a task's start waits in the supervisor's mailbox (the
/// supervisor is busy stopping a slow child): the halt spares the supervisor
/// (its intermediate process monitors it for the start, as a call does), and
/// the task is never started, as on the BEAM, where the halt waits for the
/// start and then kills the task.
#[test]
fn a_supervised_stream_halted_with_a_start_in_flight_spares_the_supervisor_and_starts_nothing() {
    run(async {
        let me = process::self_pid();
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        // Told to shut down, it says so, and ends when told.
        let slow = move || async move {
            process::trap_exit(true);
            process::send(me, "trapping");
            process::receive_with(take::<Exit>, Timeout::Infinity).await;
            process::send(me, "stopping");
            process::receive_with(take::<&'static str>, Timeout::Infinity).await;
        };
        let opts = ChildOptions::new().shutdown(Shutdown::Timeout(Timeout::Ms(5_000)));
        let slow = sup.start_child(slow, opts).await.unwrap();
        assert_eq!(recv::<&str>(LONG).await, Some("trapping"));
        process::spawn(async move {
            let _ = sup.terminate_child(slow).await;
        });
        assert_eq!(recv::<&str>(LONG).await, Some("stopping"));

        let body = |i: u64| async move { i };
        let mut stream = sup.async_stream_nolink(1..=1, body, StreamOptions::new());
        assert!(futures::poll!(stream.next()).is_pending());
        // Until the start request is queued (a bounded wait for a state,
        // which nothing else announces).
        for _ in 0..5_000 {
            if !process::info(sup.pid()).unwrap().messages.is_empty() {
                break;
            }
            process::sleep(1).await;
        }
        assert_eq!(process::info(sup.pid()).unwrap().messages.len(), 1);
        drop(stream);
        process::send(slow, "go");
        assert_eq!(sup.children().await, Vec::<Pid>::new());
        assert!(process::alive(sup.pid()));
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

/// The rule the halt relies on: a process told to exit (it stops at its next
/// await point) has no linked child born alive; the child never runs, as on
/// the BEAM, where the parent would be dead already.
#[test]
fn a_process_told_to_exit_spawns_no_linked_child_that_runs() {
    run(async {
        let me = process::self_pid();
        let parent = process::spawn(async move {
            process::exit(process::self_pid(), ExitReason::Kill);
            let child = process::spawn_link(async move { process::send(me, "child ran") });
            process::send(me, child);
            process::sleep(Timeout::Infinity).await;
        });
        let child: Pid = common::recv(common::LONG).await.unwrap();
        let reason = exit_reason(parent).await;
        assert!(matches!(reason, ExitReason::Killed | ExitReason::Noproc));
        let reason = exit_reason(child).await;
        assert!(matches!(reason, ExitReason::Noproc), "{reason:?}");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}
