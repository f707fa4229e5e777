//! Mailboxes: any `Send` value, selective receive keeps order, `after`.

mod common;

use common::{LONG, recv, run};
use extask::{Timeout, process};

#[test]
fn selective_receive_takes_the_first_match_and_keeps_the_rest_in_order() {
    run(async {
        let me = process::self_pid();
        process::send(me, "b");
        process::send(me, "a");
        process::send(me, "c");
        let a = process::receive_with(
            |m| m.downcast_ref::<&str>().copied().filter(|s| *s == "a"),
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(a, Some("a"));
        assert_eq!(recv::<&str>(Timeout::Ms(0)).await, Some("b"));
        assert_eq!(recv::<&str>(Timeout::Ms(0)).await, Some("c"));
        assert_eq!(process::message_queue_len(), 0);
    });
}

#[test]
fn messages_of_other_types_are_skipped_not_lost() {
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u8);
        process::send(me, String::from("x"));
        process::send(me, 2_u8);
        assert_eq!(recv::<String>(Timeout::Ms(0)).await.as_deref(), Some("x"));
        assert_eq!(recv::<u8>(Timeout::Ms(0)).await, Some(1));
        assert_eq!(recv::<u8>(Timeout::Ms(0)).await, Some(2));
    });
}

#[test]
fn after_zero_never_blocks_and_after_n_returns_none_when_nothing_matches() {
    run(async {
        assert_eq!(recv::<u32>(Timeout::Ms(0)).await, None);
        assert_eq!(recv::<u32>(Timeout::Ms(30)).await, None);
    });
}

#[test]
fn receive_wakes_on_a_message_sent_later() {
    run(async {
        let me = process::self_pid();
        process::spawn(async move {
            process::sleep(Timeout::Ms(20)).await;
            process::send(me, 42_u64);
        });
        assert_eq!(recv::<u64>(LONG).await, Some(42));
    });
}

#[test]
fn messages_from_one_sender_arrive_in_order() {
    run(async {
        let me = process::self_pid();
        process::spawn(async move {
            for i in 0..1_000_u32 {
                process::send(me, i);
            }
        });
        for i in 0..1_000_u32 {
            assert_eq!(recv::<u32>(LONG).await, Some(i));
        }
    });
}

#[test]
fn sending_to_a_dead_pid_is_a_silent_no_op() {
    run(async {
        let (pid, r) = process::spawn_monitor(async {});
        common::down(r).await;
        assert!(!process::alive(pid));
        process::send(pid, "nobody home");
    });
}

#[test]
fn sleep_leaves_messages_in_the_mailbox() {
    run(async {
        process::send(process::self_pid(), "kept");
        process::sleep(Timeout::Ms(5)).await;
        assert_eq!(recv::<&str>(Timeout::Ms(0)).await, Some("kept"));
    });
}
