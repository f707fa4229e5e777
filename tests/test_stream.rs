//! `Task.async_stream/3`: laziness, ordering, concurrency, per-task timeouts,
//! crashes, early halt, and a clean mailbox afterwards.

mod common;

use common::{LONG, after, child_exit, drain, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::task::{OnTimeout, StreamOptions, async_stream};
use extask::{ExitReason, Pid, Timeout, process};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn sleep_ms(ms: u64) -> impl std::future::Future<Output = u64> + Send + 'static {
    after(ms, ms)
}

fn opts() -> StreamOptions {
    StreamOptions::new()
}

/// A task body that exits `:bad` for 2 and returns `x * 10` otherwise.
async fn crash_on_2(x: i32) -> i32 {
    if x == 2 {
        process::exit_self(ExitReason::atom("bad")).await;
    }
    x * 10
}

#[test]
fn ordered_results_follow_the_input() {
    run(async {
        let got: Vec<_> = async_stream(vec![300, 100, 200], sleep_ms, opts())
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 300, ok: 100, ok: 200]");
        let empty: Vec<_> = async_stream(Vec::<u64>::new(), sleep_ms, opts())
            .collect()
            .await;
        assert_eq!(inspect(&empty), "[]");
        let strings = async_stream(
            vec!["a", "b"],
            |s: &str| {
                let upper = s.to_uppercase();
                async move { upper }
            },
            opts().max_concurrency(1),
        );
        let got: Vec<_> = strings.collect().await;
        assert_eq!(inspect(&got), r#"[ok: "A", ok: "B"]"#);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn unordered_results_come_in_completion_order() {
    run(async {
        let unordered = opts().ordered(false).max_concurrency(3);
        let got: Vec<_> = async_stream(vec![500, 100, 300], sleep_ms, unordered)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 100, ok: 300, ok: 500]");
        let four = opts().ordered(false).max_concurrency(4);
        let first_two: Vec<_> = async_stream(vec![900, 100, 500, 300], sleep_ms, four)
            .take(2)
            .collect()
            .await;
        assert_eq!(inspect(&first_two), "[ok: 100, ok: 300]");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn nothing_runs_until_the_stream_is_polled() {
    run(async {
        let started = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&started);
        let stream = async_stream(
            1..=3,
            move |x: i32| {
                counter.fetch_add(1, Ordering::SeqCst);
                async move { x }
            },
            opts(),
        );
        process::sleep(Timeout::Ms(50)).await;
        assert_eq!(started.load(Ordering::SeqCst), 0);
        let got: Vec<_> = stream.collect().await;
        assert_eq!(inspect(&got), "[ok: 1, ok: 2, ok: 3]");
        assert_eq!(started.load(Ordering::SeqCst), 3);
    });
}

/// Counts the tasks running now and the peak.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

fn gauged(gauge: &Arc<Gauge>) -> impl FnMut(u64) -> futures::future::BoxFuture<'static, u64> {
    let gauge = Arc::clone(gauge);
    move |i| {
        let gauge = Arc::clone(&gauge);
        Box::pin(async move {
            gauge.enter();
            process::sleep(Timeout::Ms(100)).await;
            gauge.leave();
            i
        })
    }
}

#[test]
fn never_more_than_max_concurrency_tasks_at_once() {
    run(async {
        let gauge = Arc::new(Gauge::default());
        let stream = async_stream(1..=6, gauged(&gauge), opts().max_concurrency(2));
        let got: Vec<_> = stream.collect().await;
        assert_eq!(inspect(&got), "[ok: 1, ok: 2, ok: 3, ok: 4, ok: 5, ok: 6]");
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 2);
    });
}

#[test]
fn the_default_concurrency_is_the_number_of_workers() {
    run(async {
        // `common::run` uses two workers.
        let gauge = Arc::new(Gauge::default());
        let got: Vec<_> = async_stream(1..=6, gauged(&gauge), opts()).collect().await;
        assert_eq!(got.len(), 6);
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 2);
    });
}

#[test]
fn a_buffered_result_frees_its_slot() {
    run(async {
        let started = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&started);
        let slow_first = move |ms: u64| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                process::sleep(Timeout::Ms(ms)).await;
                if ms == 1_000 {
                    counter.load(Ordering::SeqCst)
                } else {
                    0
                }
            }
        };
        let input = vec![1_000, 10, 10, 10, 10];
        let got: Vec<_> = async_stream(input, slow_first, opts().max_concurrency(2))
            .collect()
            .await;
        // All five had started before the first one finished.
        assert_eq!(inspect(&got), "[ok: 5, ok: 0, ok: 0, ok: 0, ok: 0]");
    });
}

#[test]
fn the_reorder_buffer_is_bounded() {
    run(async {
        let started = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&started);
        let head_is_slow = move |i: u64| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                if i == 0 {
                    process::sleep(Timeout::Ms(400)).await;
                    return counter.load(Ordering::SeqCst);
                }
                0
            }
        };
        let stream = async_stream(
            0..,
            head_is_slow,
            opts().max_concurrency(2).reorder_buffer(4),
        );
        let got: Vec<_> = stream.take(10).collect().await;
        // While the head ran: itself, then 4 buffered results, then a pause.
        assert_eq!(inspect(&got[0]), "{:ok, 5}");
        assert_eq!(got.len(), 10);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn the_timeout_is_per_task() {
    run(async {
        let input = vec![150, 150, 150, 150];
        let opts = opts().timeout(Timeout::Ms(400)).max_concurrency(1);
        let got: Vec<_> = async_stream(input, sleep_ms, opts).collect().await;
        assert_eq!(inspect(&got), "[ok: 150, ok: 150, ok: 150, ok: 150]");
    });
}

#[test]
fn kill_task_turns_a_timeout_into_an_element() {
    run(async {
        let kill = opts()
            .timeout(Timeout::Ms(300))
            .on_timeout(OnTimeout::KillTask);
        let got: Vec<_> = async_stream(vec![10, 3_000, 20], sleep_ms, kill)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, exit: :timeout, ok: 20]");
        let zipped = kill.zip_input_on_exit(true);
        let got: Vec<_> = async_stream(vec![10, 3_000, 20], sleep_ms, zipped)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, exit: {3000, :timeout}, ok: 20]");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_timed_out_task_is_killed() {
    run(async {
        let me = process::self_pid();
        let report = move |ms: u64| async move {
            process::send(me, process::self_pid());
            process::sleep(Timeout::Ms(ms)).await;
        };
        let kill = opts()
            .timeout(Timeout::Ms(100))
            .on_timeout(OnTimeout::KillTask);
        let mut stream = async_stream(vec![5_000], report, kill);
        let first = stream.next();
        let (pid, got) = futures::join!(async { recv::<Pid>(LONG).await.unwrap() }, first);
        assert_eq!(inspect(&got), "{:exit, :timeout}");
        assert!(!process::alive(pid));
        assert!(stream.next().await.is_none());
    });
}

#[test]
fn on_timeout_exit_makes_the_caller_exit_even_when_trapping() {
    run(async {
        let reason = child_exit(async {
            let stream = async_stream(vec![10, 1_000], sleep_ms, opts().timeout(Timeout::Ms(100)));
            let _: Vec<_> = stream.collect().await;
        })
        .await;
        assert_eq!(
            format!("{reason:?}"),
            "{:timeout, {Task.Supervised, :stream, 'd'}}"
        );
        let reason = child_exit(async {
            process::trap_exit(true);
            let stream = async_stream(vec![10, 1_000], sleep_ms, opts().timeout(Timeout::Ms(200)));
            let _: Vec<_> = stream.collect().await;
        })
        .await;
        assert_eq!(
            format!("{reason:?}"),
            "{:timeout, {Task.Supervised, :stream, [200]}}"
        );
    });
}

#[test]
fn a_crash_kills_a_non_trapping_caller_with_the_raw_reason() {
    run(async {
        let reason = child_exit(async {
            let _: Vec<_> = async_stream(vec![1, 2, 3], crash_on_2, opts())
                .collect()
                .await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));
    });
}

#[test]
fn a_trapping_caller_gets_crashes_as_elements_and_no_exit_messages() {
    run(async {
        process::trap_exit(true);
        let got: Vec<_> = async_stream(vec![1, 2, 3], crash_on_2, opts())
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, exit: :bad, ok: 30]");
        let zipped = opts().zip_input_on_exit(true);
        let got: Vec<_> = async_stream(vec![1, 2, 3], crash_on_2, zipped)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, exit: {2, :bad}, ok: 30]");
        let raise_on_2 = |x: i32| async move {
            assert_ne!(x, 2, "boom");
            x
        };
        let got: Vec<_> = async_stream(vec![1, 2, 3], raise_on_2, opts())
            .collect()
            .await;
        assert_eq!(got.len(), 3);
        assert!(inspect(&got[1]).starts_with("{:exit, {%RuntimeError{message: "));
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_task_exiting_normal_is_an_exit_element_without_trapping() {
    run(async {
        let normal_on_2 = |x: i32| async move {
            if x == 2 {
                process::exit_self(ExitReason::Normal).await;
            }
            x
        };
        let got: Vec<_> = async_stream(vec![1, 2, 3], normal_on_2, opts())
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 1, exit: :normal, ok: 3]");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn taking_a_few_stops_the_rest() {
    run(async {
        let times_ten = |i: u64| async move { i * 10 };
        let got: Vec<_> = async_stream(1..=100, times_ten, opts().max_concurrency(4))
            .take(3)
            .collect()
            .await;
        assert_eq!(inspect(&got), "[ok: 10, ok: 20, ok: 30]");
        let endless: Vec<_> = async_stream(1.., times_ten, opts()).take(2).collect().await;
        assert_eq!(inspect(&endless), "[ok: 10, ok: 20]");
        let mut found = async_stream(1..=100, times_ten, opts().max_concurrency(2))
            .filter(|r| std::future::ready(inspect(r) == "{:ok, 50}"));
        assert_eq!(inspect(&found.next().await), "{:ok, 50}");
        drop(found);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn dropping_the_stream_kills_the_tasks_still_running() {
    run(async {
        let me = process::self_pid();
        let slow_after_1 = move |i: u64| async move {
            if i > 1 {
                process::send(me, process::self_pid());
                process::sleep(Timeout::Infinity).await;
            }
            i
        };
        let mut stream = async_stream(1..=3, slow_after_1, opts().max_concurrency(3));
        assert_eq!(inspect(&stream.next().await), "{:ok, 1}");
        let pids = [
            recv::<Pid>(LONG).await.unwrap(),
            recv::<Pid>(LONG).await.unwrap(),
        ];
        let watches = pids.map(process::monitor);
        drop(stream);
        for watch in watches {
            assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
        }
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_caller_killed_mid_stream_takes_the_tasks_with_it() {
    run(async {
        let me = process::self_pid();
        let (caller, watch_caller) = process::spawn_monitor(async move {
            let report = move |_: u64| async move {
                process::send(me, process::self_pid());
                process::sleep(Timeout::Infinity).await;
            };
            let _: Vec<_> = async_stream(1..=2, report, opts()).collect().await;
        });
        let pids = [
            recv::<Pid>(LONG).await.unwrap(),
            recv::<Pid>(LONG).await.unwrap(),
        ];
        let watches = pids.map(process::monitor);
        process::exit(caller, ExitReason::atom("crash"));
        assert_eq!(
            common::down(watch_caller).await.reason,
            ExitReason::atom("crash")
        );
        for watch in watches {
            assert_eq!(common::down(watch).await.reason, ExitReason::atom("crash"));
        }
    });
}

#[test]
fn max_concurrency_zero_is_an_argument_error_when_polled() {
    run(async {
        let reason = child_exit(async {
            let stream = async_stream(
                vec![1, 2],
                |x: i32| async move { x },
                opts().max_concurrency(0),
            );
            let _: Vec<_> = stream.collect().await;
        })
        .await;
        assert_eq!(
            reason,
            ExitReason::argument_error(":max_concurrency must be an integer greater than zero")
        );
    });
}

#[test]
fn stream_tasks_record_the_caller_first_in_their_callers() {
    run(async {
        let me = process::self_pid();
        let got: Vec<_> = async_stream(vec![1], |_: i32| async { process::callers() }, opts())
            .collect()
            .await;
        assert_eq!(got[0].clone().into_result().unwrap(), vec![me]);
        let _ = exit_reason;
    });
}

#[test]
fn a_stream_can_run_in_any_process_and_the_results_print_as_keywords() {
    run(async {
        let (pid, watch) = process::spawn_monitor(async {
            let started = Instant::now();
            let input = 0..2_000_u64;
            let opts = opts().max_concurrency(16).timeout(Timeout::Ms(1_000));
            let got: Vec<_> = async_stream(input, |x| async move { x * 2 }, opts)
                .collect()
                .await;
            assert_eq!(got.len(), 2_000);
            assert!(started.elapsed().as_secs() < 5);
        });
        let _ = pid;
        assert_eq!(common::down(watch).await.reason, ExitReason::Normal);
    });
}

#[tokio::test]
async fn outside_any_process_a_stand_in_caller_traps_exits() {
    let got: Vec<_> = async_stream(vec![1, 2, 3], crash_on_2, opts())
        .collect()
        .await;
    assert_eq!(inspect(&got), "[ok: 10, exit: :bad, ok: 30]");
}
