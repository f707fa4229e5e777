//! `Process.send_after/3`, `cancel_timer/1`, `read_timer/1` and
//! `:timer.send_interval/3`: what is delivered, what the calls answer, and
//! whom a timer belongs to (its destination, not its starter).

mod common;

use common::{LONG, down, ended, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::process::{self, Badarg};
use extask::{ExitReason, Pid, Timeout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Tick(u32);

#[test]
fn send_after_delivers_exactly_the_message() {
    run(async {
        let me = process::self_pid();
        let t = process::send_after(me, Tick(7), 30);
        assert_eq!(recv::<Tick>(LONG).await, Some(Tick(7)));
        // Fired: no longer a timer; the message is not sent twice.
        assert_eq!(process::read_timer(t), None);
        assert_eq!(process::cancel_timer(t), None);
        process::send_after(me, Tick(8), 0);
        assert_eq!(recv::<Tick>(LONG).await, Some(Tick(8)));
    });
}

#[test]
fn cancel_timer_answers_ms_left_once_and_the_message_never_comes() {
    run(async {
        let me = process::self_pid();
        let t = process::send_after(me, Tick(1), 1000);
        let read = process::read_timer(t).expect("pending");
        assert!((990..=1000).contains(&read), "{read}");
        let left = process::cancel_timer(t).expect("pending");
        assert!((990..=1000).contains(&left), "{left}");
        assert_eq!(process::cancel_timer(t), None);
        assert_eq!(process::read_timer(t), None);
        // Timers fire in deadline order: had the cancelled one fired, it
        // would come before this one.
        let t2 = process::send_after(me, Tick(2), 10);
        let cancelled = process::send_after(me, Tick(3), 5);
        assert!(process::cancel_timer(cancelled).is_some());
        assert_eq!(recv::<Tick>(LONG).await, Some(Tick(2)));
        assert_eq!(process::cancel_timer(t2), None);
    });
}

#[test]
fn a_fired_timers_message_stays_in_the_mailbox_after_cancel() {
    run(async {
        let me = process::self_pid();
        let t = process::send_after(me, Tick(4), 5);
        let marker = process::send_after(me, "marker", 50);
        assert_eq!(recv::<&str>(LONG).await, Some("marker"));
        let _ = marker;
        assert_eq!(process::cancel_timer(t), None);
        assert_eq!(recv::<Tick>(Timeout::Ms(0)).await, Some(Tick(4)));
    });
}

#[test]
fn a_timer_to_a_dead_pid_is_a_ref_that_is_no_timer() {
    run(async {
        let dead = process::spawn(async {});
        ended(dead).await;
        let t = process::send_after(dead, Tick(1), 100);
        assert!(inspect(&t).starts_with("#Reference<0."), "{t:?}");
        assert_eq!(process::read_timer(t), None);
        assert_eq!(process::cancel_timer(t), None);
    });
}

#[test]
fn a_timer_is_cancelled_when_its_destination_dies() {
    run(async {
        let (dest, r) = process::spawn_monitor(async { process::sleep(Timeout::Infinity).await });
        let t = process::send_after(dest, Tick(1), 1000);
        assert!(process::read_timer(t).is_some());
        process::exit(dest, ExitReason::Kill);
        down(r).await;
        assert_eq!(process::read_timer(t), None);
        assert_eq!(process::cancel_timer(t), None);
    });
}

#[test]
fn a_timer_outlives_the_process_that_started_it() {
    run(async {
        let me = process::self_pid();
        let starter = process::spawn(async move {
            process::send_after(me, Tick(9), 50);
        });
        let reason = exit_reason(starter).await;
        assert!(
            matches!(reason, ExitReason::Normal | ExitReason::Noproc),
            "{reason:?}"
        );
        assert_eq!(recv::<Tick>(LONG).await, Some(Tick(9)));
    });
}

#[test]
fn a_negative_time_exits_the_caller_with_elixirs_argument_error() {
    run(async {
        let me = process::self_pid();
        let ms: i32 = -1;
        let reason = common::child_exit(async move {
            process::send_after(me, Tick(1), ms);
            process::sleep(0).await;
            unreachable!("the exit comes at the next suspension");
        })
        .await;
        assert_eq!(
            reason,
            ExitReason::argument_error(
                "errors were found at the given arguments:\n\n  * 1st argument: out of range\n"
            )
        );
        let reason = common::child_exit(async move {
            process::send_after(me, Tick(1), Timeout::Infinity);
            process::sleep(0).await;
        })
        .await;
        assert_eq!(
            reason,
            ExitReason::argument_error(
                "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"
            )
        );
    });
}

#[test]
fn any_integer_type_and_durations_are_milliseconds() {
    run(async {
        let me = process::self_pid();
        process::send_after(me, Tick(1), 1_u8);
        process::send_after(me, Tick(2), 2_usize);
        process::send_after(me, Tick(3), 3_i64);
        process::send_after(me, Tick(4), Duration::from_millis(4));
        for i in 1..=4 {
            assert_eq!(recv::<Tick>(LONG).await, Some(Tick(i)));
        }
    });
}

#[test]
fn ten_thousand_timers_fire_in_deadline_order() {
    run(async {
        let me = process::self_pid();
        let n = 10_000_u32;
        // Deadlines never decrease with i; ties fire in the order made.
        for i in 0..n {
            process::send_after(me, Tick(i), 1 + u64::from(i) / 500);
        }
        for i in 0..n {
            assert_eq!(recv::<Tick>(LONG).await, Some(Tick(i)));
        }
        // Made in the reverse of their deadlines, they fire by deadline.
        for i in 0..5 {
            process::send_after(me, Tick(i), 250 - 50 * u64::from(i));
        }
        for i in (0..5).rev() {
            assert_eq!(recv::<Tick>(LONG).await, Some(Tick(i)));
        }
    });
}

#[test]
fn an_interval_ticks_until_cancelled() {
    run(async {
        let me = process::self_pid();
        let tref = process::send_interval(10, me, Tick(0)).expect("a valid time");
        for _ in 0..3 {
            assert_eq!(recv::<Tick>(LONG).await, Some(Tick(0)));
        }
        process::cancel_interval(tref);
        process::cancel_interval(tref); // `{:ok, :cancel}` again
        process::send_after(me, "marker", 100);
        assert_eq!(recv::<&str>(LONG).await, Some("marker"));
        // One tick may have been on its way when it was cancelled.
        let mut late = 0;
        while recv::<Tick>(Timeout::Ms(0)).await.is_some() {
            late += 1;
        }
        assert!(late <= 1, "{late} ticks after the cancel");
    });
}

#[test]
fn an_interval_follows_its_destination_not_its_starter() {
    run(async {
        let me = process::self_pid();
        let (starter, r) = process::spawn_monitor(async move {
            let tref = process::send_interval(10, me, Tick(5)).expect("valid");
            process::send(me, tref);
        });
        let tref = recv::<process::IntervalRef>(LONG).await.expect("the tref");
        down(r).await;
        assert!(!process::alive(starter));
        for _ in 0..2 {
            assert_eq!(recv::<Tick>(LONG).await, Some(Tick(5)));
        }
        process::cancel_interval(tref);
    });
}

/// Counts the live copies of an interval's message.
#[derive(Clone)]
struct Probe(#[allow(dead_code, reason = "held for its count")] Arc<()>);

#[test]
fn an_interval_to_a_dead_destination_is_dropped_with_its_message() {
    run(async {
        let count = Arc::new(());
        let (dest, r) = process::spawn_monitor(async { process::sleep(Timeout::Infinity).await });
        let _tref = process::send_interval(5, dest, Probe(Arc::clone(&count))).expect("valid");
        process::exit(dest, ExitReason::Kill);
        down(r).await;
        // The next tick finds the destination dead and drops the interval.
        let mut waited = 0;
        while Arc::strong_count(&count) > 1 {
            assert!(waited < 5_000, "the interval outlived its destination");
            process::sleep(10).await;
            waited += 10;
        }
    });
}

#[test]
fn a_bad_interval_time_is_badarg() {
    run(async {
        let me = process::self_pid();
        let err = process::send_interval(-1, me, Tick(0)).unwrap_err();
        assert_eq!(err, Badarg);
        assert_eq!(inspect(&err), ":badarg");
        assert_eq!(
            process::send_interval(Timeout::Infinity, me, Tick(0)),
            Err(Badarg)
        );
    });
}

#[test]
fn refs_print_as_erlangs() {
    run(async {
        let me = process::self_pid();
        let t = process::send_after(me, Tick(0), 1000);
        assert_eq!(format!("{t:?}"), format!("{:?}", t.r#ref()));
        let i = process::send_interval(1000, me, Tick(0)).expect("valid");
        let text = format!("{i:?}");
        assert!(
            text.starts_with("{:interval, #Reference<0.") && text.ends_with(">}"),
            "{text}"
        );
        process::cancel_timer(t);
        process::cancel_interval(i);
    });
}

/// A message whose `Clone` panics on the first call.
struct Grumpy(Arc<AtomicUsize>);

impl Clone for Grumpy {
    fn clone(&self) -> Grumpy {
        if self.0.fetch_add(1, Ordering::SeqCst) == 0 {
            panic!("{}: clone", common::DELIBERATE);
        }
        Grumpy(Arc::clone(&self.0))
    }
}

#[test]
fn a_panicking_clone_loses_one_tick_not_the_timer_service() {
    common::quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        let tref = process::send_interval(5, me, Grumpy(Arc::default())).expect("valid");
        assert!(recv::<Grumpy>(LONG).await.is_some());
        process::cancel_interval(tref);
        process::send_after(me, Tick(1), 5);
        assert_eq!(recv::<Tick>(LONG).await, Some(Tick(1)));
    });
}

#[test]
fn timers_work_from_plain_tokio_code() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let got = rt.block_on(async {
        extask::root::spawn_root(async {
            let me = process::self_pid();
            let (tx, rx) = tokio::sync::oneshot::channel::<Pid>();
            // Started from outside any process, to a process.
            tokio::spawn(async move {
                let dest = rx.await.expect("the pid");
                process::send_after(dest, Tick(3), 5);
            });
            tx.send(me).expect("the spawned task waits");
            recv::<Tick>(LONG).await
        })
        .await
    });
    assert_eq!(got, Ok(Some(Tick(3))));
}

#[test]
fn outside_a_runtime_send_after_says_what_it_needs() {
    let panic = std::panic::catch_unwind(|| process::send_after(Pid::OUTSIDE, Tick(0), 1))
        .expect_err("no runtime");
    let text = panic.downcast_ref::<String>().expect("a message");
    assert!(
        text.contains("`Process.send_after/3` needs a tokio runtime"),
        "{text}"
    );
}
