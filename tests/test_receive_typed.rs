//! The typed plain-Rust receives: `process::receive_type::<T>` and
//! `process::receive_of(guard)`. Messages of other types keep their places
//! and their order; a guard sees only `T`s, runs with no lock held, and a
//! message it declines stays where it was.

mod common;

use common::{LONG, run};
use extask::{Timeout, process};

#[derive(Debug, PartialEq)]
struct Job(u32);

/// What is left in the mailbox, oldest first, as text.
async fn rest() -> Vec<String> {
    common::drain().await
}

#[test]
fn receive_type_takes_the_oldest_of_its_type_and_leaves_the_rest_in_order() {
    run(async {
        let me = process::self_pid();
        process::send(me, "a");
        process::send(me, Job(1));
        process::send(me, "b");
        process::send(me, Job(2));
        assert_eq!(
            process::receive_type::<Job>(Timeout::Ms(0)).await,
            Some(Job(1))
        );
        assert_eq!(
            process::receive_type::<Job>(Timeout::Ms(0)).await,
            Some(Job(2))
        );
        assert_eq!(process::receive_type::<Job>(Timeout::Ms(0)).await, None);
        assert_eq!(rest().await, vec![r#""a""#, r#""b""#]);
    });
}

#[test]
fn receive_type_waits_for_a_message_sent_later() {
    run(async {
        let me = process::self_pid();
        process::send(me, "noise");
        process::spawn(async move {
            process::send(me, 1_u8); // another type first: not for the wait
            process::send(me, Job(7));
        });
        assert_eq!(process::receive_type::<Job>(LONG).await, Some(Job(7)));
        assert_eq!(process::receive_type::<u8>(Timeout::Ms(0)).await, Some(1));
        assert_eq!(rest().await, vec![r#""noise""#]);
    });
}

#[test]
fn receive_of_offers_its_guard_only_messages_of_its_type() {
    run(async {
        let me = process::self_pid();
        process::send(me, "x");
        for n in [1, 5, 9] {
            process::send(me, Job(n));
        }
        let mut offered = Vec::new();
        let got = process::receive_of(
            |job: &Job| {
                offered.push(job.0);
                // The guard may call the runtime: no lock is held.
                job.0 > 3 && process::message_queue_len() == 4
            },
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(got, Some(Job(5)));
        assert_eq!(offered, vec![1, 5]);
        // Declined by the guard: still there, in order.
        assert_eq!(
            process::receive_of(|_: &Job| true, Timeout::Ms(0)).await,
            Some(Job(1))
        );
        assert_eq!(
            process::receive_of(|j: &Job| j.0 > 100, Timeout::Ms(0)).await,
            None
        );
        assert_eq!(
            process::receive_type::<Job>(Timeout::Ms(0)).await,
            Some(Job(9))
        );
        assert_eq!(rest().await, vec![r#""x""#]);
    });
}
