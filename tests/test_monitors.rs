//! Monitors: one `:DOWN` per monitor, `:noproc` for the dead, demonitor.

mod common;

use common::{LONG, down, recv, run};
use extask::messages::Down;
use extask::{ExitReason, Timeout, process};

#[test]
fn down_carries_ref_pid_and_reason() {
    run(async {
        let (pid, r) = process::spawn_monitor(async {
            process::exit_self(ExitReason::atom("bye")).await;
        });
        let d = down(r).await;
        assert_eq!(
            d,
            Down {
                r#ref: r,
                pid,
                reason: ExitReason::atom("bye")
            }
        );
        assert_eq!(
            format!("{d:?}"),
            format!("{{:DOWN, {r:?}, :process, {pid:?}, :bye}}")
        );
    });
}

#[test]
fn monitoring_a_dead_pid_gives_noproc_at_once() {
    run(async {
        let (pid, r) = process::spawn_monitor(async {});
        down(r).await;
        let r2 = process::monitor(pid);
        let d = process::receive_with(|m| m.downcast_ref::<Down>().cloned(), Timeout::Ms(0)).await;
        assert_eq!(
            d,
            Some(Down {
                r#ref: r2,
                pid,
                reason: ExitReason::Noproc
            })
        );
    });
}

#[test]
fn two_monitors_give_two_downs_and_monitors_never_kill() {
    run(async {
        let pid = process::spawn(async {
            recv::<&str>(Timeout::Infinity).await;
            panic!("x");
        });
        let (a, b) = (process::monitor(pid), process::monitor(pid));
        assert_ne!(a, b);
        process::send(pid, "go");
        assert_eq!(down(a).await.reason, ExitReason::panic("x"));
        assert_eq!(down(b).await.reason, ExitReason::panic("x"));
    });
}

#[test]
fn demonitor_flush_removes_a_queued_down_and_info_tells_if_it_fired() {
    run(async {
        let (pid, r) = process::spawn_monitor(async {});
        // Wait until it is dead through a second monitor.
        down(process::monitor(pid)).await;
        // The first :DOWN is queued; flush removes it.
        assert!(!process::demonitor_info(r));
        let (pid2, r2) = process::spawn_monitor(async {});
        down(process::monitor(pid2)).await;
        assert!(process::demonitor_flush(r2));
        let left = process::receive_with(
            |m| m.downcast_ref::<Down>().filter(|d| d.r#ref == r2).cloned(),
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(left, None);
        // The :DOWN for `r` stays in the mailbox since it was not flushed.
        assert_eq!(down(r).await.pid, pid);
    });
}

#[test]
fn demonitor_before_exit_means_no_down() {
    run(async {
        let pid = process::spawn(async {
            recv::<&str>(Timeout::Infinity).await;
        });
        let r = process::monitor(pid);
        assert!(process::demonitor_info(r));
        assert!(!process::demonitor_info(r));
        let other = process::monitor(pid);
        process::send(pid, "go");
        down(other).await;
        let late = process::receive_with(
            |m| m.downcast_ref::<Down>().filter(|d| d.r#ref == r).cloned(),
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(late, None);
        assert!(process::demonitor(r));
        let _ = LONG;
    });
}
