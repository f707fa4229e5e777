//! Receive runs no user code under the runtime's lock (issue 14): guards
//! that call the runtime work, two processes that check each other in
//! guards do not deadlock. Each wait is bounded, so a regression fails
//! instead of hanging.

mod common;

use common::{LONG, recv, run};
use extask::{Pid, Timeout, process, receive};
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
