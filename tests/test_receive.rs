//! Receive runs no user code under the runtime's lock (issue 14): guards
//! that call the runtime work, two processes that check each other in
//! guards do not deadlock. Each wait is bounded, so a regression fails
//! instead of hanging.

mod common;

use common::{DELIBERATE, LONG, recv, run};
use extask::{Pid, Timeout, process, receive};
use futures::FutureExt;
use futures::task::ArcWake;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Context;
use std::time::Duration;

#[test]
fn a_guard_may_ask_about_the_receiving_process_itself() {
    run(async {
        let me = process::self_pid();
        process::send(me, me);
        process::send(me, 1_u32);
        let got = receive! {
            p: Pid if Process.alive?(p) && process::message_queue_len() == 2 => p,
            after 1_000 => Pid::NIL
        };
        assert_eq!(got, me);
        assert_eq!(process::message_queue_len(), 1);
    });
}

/// The repro's ABBA: two servers, each the other's client, each serving only
/// live clients; on 2 workers this froze the node within the first rounds.
#[test]
fn two_processes_checking_each_other_in_guards_do_not_deadlock() {
    run(async {
        let me = process::self_pid();
        let peer = move || async move {
            let other: Pid = receive! { p: Pid => p };
            for _ in 0..200_000 {
                process::send(other, process::self_pid());
                let _from = receive! { from: Pid if Process.alive?(from) => from };
            }
            process::send(me, "done");
            process::sleep(Timeout::Infinity).await;
        };
        let (a, b) = (process::spawn(peer()), process::spawn(peer()));
        process::send(a, b);
        process::send(b, a);
        let both = async {
            for _ in 0..2 {
                assert_eq!(recv::<&str>(Timeout::Infinity).await, Some("done"));
            }
        };
        tokio::time::timeout(Duration::from_secs(60), both)
            .await
            .expect("the two servers deadlocked");
        process::exit(a, extask::ExitReason::Kill);
        process::exit(b, extask::ExitReason::Kill);
        let _ = LONG;
    });
}

/// A user matcher sees messages a batch at a time, outside the lock: one
/// that passes over more than a batch still finds the first match in
/// arrival order, and leaves every other message where it was.
#[test]
fn a_receive_past_more_than_a_batch_takes_the_first_match_and_keeps_the_order() {
    run(async {
        let me = process::self_pid();
        for n in 0..100_u32 {
            process::send(me, n);
        }
        let mut offered = Vec::new();
        let got = process::receive_with(
            |m| {
                let n = *m.downcast_ref::<u32>()?;
                offered.push(n);
                (n % 70 == 69).then_some(n)
            },
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(got, Some(69));
        assert_eq!(offered, (0..70).collect::<Vec<_>>());
        let mut left = Vec::new();
        while let Some(n) = recv::<u32>(Timeout::Ms(0)).await {
            left.push(n);
        }
        assert_eq!(left, (0..100).filter(|&n| n != 69).collect::<Vec<_>>());
    });
}

/// A matcher that panics part-way through a batch loses no message: the one
/// it panicked on, those before and those after are all back in order.
#[test]
fn a_matcher_panicking_mid_batch_puts_every_message_back() {
    run(async {
        use futures::FutureExt;
        let me = process::self_pid();
        for n in 0..50_u32 {
            process::send(me, n);
        }
        let caught = std::panic::AssertUnwindSafe(process::receive_with(
            |m| match m.downcast_ref::<u32>() {
                Some(40) => panic!("the matcher failed on 40"),
                _ => None::<()>,
            },
            Timeout::Ms(0),
        ))
        .catch_unwind()
        .await;
        assert!(caught.is_err());
        assert_eq!(process::message_queue_len(), 50);
        let mut left = Vec::new();
        while let Some(n) = recv::<u32>(Timeout::Ms(0)).await {
            left.push(n);
        }
        assert_eq!(left, (0..50).collect::<Vec<_>>());
    });
}

/// Every message left in the mailbox, as `u32`s or `None` for anything else
/// (the `()` a panicking guard used to leave in a message's place).
async fn left_in_mailbox() -> Vec<Option<u32>> {
    let mut left = Vec::new();
    while let Some(m) =
        process::receive_with(|m| Some(m.downcast_ref::<u32>().copied()), Timeout::Ms(0)).await
    {
        left.push(m);
    }
    left
}

/// `guard_panic_loses_message`: the guard panics on the first message it
/// sees; the panic reaches the caller and both messages stay, in order.
#[test]
fn a_panicking_guard_loses_no_message() {
    common::quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u32);
        process::send(me, 2_u32);
        let caught = AssertUnwindSafe(async {
            receive! { n: u32 if n == 3 || panic!("{DELIBERATE}: guard on {n}") => n }
        })
        .catch_unwind()
        .await;
        let panic = caught.expect_err("the guard's panic reaches the caller");
        assert_eq!(
            panic.downcast_ref::<String>().map(String::as_str),
            Some(&*format!("{DELIBERATE}: guard on 1"))
        );
        assert_eq!(left_in_mailbox().await, [Some(1), Some(2)]);
    });
}

/// A later arm's guard panicking after an earlier arm declined the message:
/// the message is put back once, untouched, and the arms after it never run.
#[test]
fn a_panicking_guard_in_a_later_arm_puts_the_message_back_once() {
    common::quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        process::send(me, 7_u32);
        let caught = AssertUnwindSafe(async {
            receive! {
                n: u32 if n == 0 => n,
                n: u32 if n > 100 || panic!("{DELIBERATE}: second guard") => n,
                n: u32 => n + 1_000,
                after 0 => 0
            }
        })
        .catch_unwind()
        .await;
        assert!(caught.is_err());
        assert_eq!(left_in_mailbox().await, [Some(7)]);
        // And the receive works as before once the guard does not panic.
        process::send(me, 8_u32);
        assert_eq!(receive! { n: u32 if n == 8 => n, after 1_000 => 0 }, 8);
    });
}

/// `receive!` is offered only messages of its arms' types (checked under the
/// lock by `TypeId`): one of another type is never taken out of its slot, so
/// even a receive run from inside a guard still finds it in place. Before
/// the pre-filter the `&str` was out with the `u32`'s batch, and the guard's
/// receive found nothing.
#[test]
fn a_message_no_arm_can_take_stays_in_its_slot_while_a_guard_runs() {
    run(async {
        let me = process::self_pid();
        process::send(me, "other");
        process::send(me, 7_u32);
        let other_in_place = || {
            process::receive_with(extask::messages::take::<&str>, Timeout::Ms(0))
                .now_or_never()
                .flatten()
                == Some("other")
        };
        let got = receive! {
            n: u32 if other_in_place() => n,
            after 1_000 => 0
        };
        assert_eq!(got, 7);
        assert_eq!(process::message_queue_len(), 0);
    });
}

/// An arm whose type is left to inference (`Vec<_>`) cannot be named in the
/// type pre-filter's closure: such a receive is offered every message, as
/// `receive_with` is, and still takes the first that matches.
#[test]
fn an_arm_type_left_to_inference_still_receives() {
    run(async {
        let me = process::self_pid();
        process::send(me, "skipped");
        process::send(me, vec![1_u8, 2, 3]);
        let got: Vec<u8> = receive! {
            v: Vec<_> => v,
            after 1_000 => Vec::new()
        };
        assert_eq!(got, [1, 2, 3]);
        assert_eq!(process::message_queue_len(), 1);
    });
}

/// A message whose first matching arm has no guard is taken out of the mailbox
/// under the lock that found it (its pattern is asked in place there), so the
/// part of it the pattern leaves is dropped once the message has left the
/// mailbox; taken out for a look first, it still counted then.
#[test]
fn a_guard_free_arm_takes_its_message_in_the_scan_that_finds_it() {
    struct Noisy;
    impl Drop for Noisy {
        fn drop(&mut self) {
            process::send(process::self_pid(), process::message_queue_len());
        }
    }
    struct Msg {
        n: u32,
        _noisy: Noisy,
    }
    run(async {
        let me = process::self_pid();
        process::send(
            me,
            Msg {
                n: 3,
                _noisy: Noisy,
            },
        );
        let n = receive! {
            Msg { n, .. }: Msg => n,
            after 1_000 => 0
        };
        assert_eq!(n, 3);
        let len_when_dropped = receive! { len: usize => len, after 1_000 => usize::MAX };
        assert_eq!(len_when_dropped, 0, "the message had left the mailbox");
    });
}

/// A wait that passes by a message another wait has out (here a receive
/// polled from inside a guard, as it could be from another tokio task) keeps
/// its marker before that message: woken when it comes back, it is offered
/// it. Its marker used to move past the slot, and the `u32` was lost to it.
#[test]
fn a_wait_passing_a_message_out_with_another_is_offered_it_when_it_comes_back() {
    struct Flag(AtomicBool);
    impl ArcWake for Flag {
        fn wake_by_ref(flag: &Arc<Self>) {
            flag.0.store(true, Ordering::SeqCst);
        }
    }
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u32);
        process::send(me, "b");
        let woken = Arc::new(Flag(AtomicBool::new(false)));
        let waker = futures::task::waker(Arc::clone(&woken));
        let mut first = Box::pin(process::receive_with(
            extask::messages::take::<u32>,
            Timeout::Infinity,
        ));
        // Polled while the outer receive has the `u32` out: it passes it by,
        // declines "b" and waits.
        let mut poll_first = || {
            first
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        };
        let outer = receive! {
            n: u32 if !poll_first() => n,
            after 0 => 0
        };
        assert_eq!(outer, 0, "the guard declined the u32");
        assert!(woken.0.load(Ordering::SeqCst), "put back, it woke the wait");
        let got = tokio::time::timeout(Duration::from_secs(10), first).await;
        assert_eq!(got.ok(), Some(Some(1)), "the waiting receive lost the u32");
        assert_eq!(process::message_queue_len(), 1);
    });
}
