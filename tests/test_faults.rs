//! Faults: panics in destructors, a tokio runtime shut down under live
//! processes, tracing layers that panic, crash reports that cannot be
//! written, start functions that panic, deeply nested exit reasons, and the
//! reproductions of issue 14. What holds is written up in `docs/faults.md`.
//! The `#[ignore]`d `child_*` tests are run by their parent tests in a
//! child process of this binary.

mod common;

use common::{DELIBERATE, run, serial, settle_count};
use extask::messages::Down;
use extask::task::async_task;
use extask::{ExitReason, Pid, Ref, Timeout, process};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// This binary's subscriber (the fault-injection layers, off unless a test
/// arms them), then the quiet hook for deliberate panics.
fn quiet_deliberate_panics() {
    injection::install();
    common::quiet_deliberate_panics();
}

/// A value whose destructor panics.
struct PanicOnDrop;

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        panic!("{DELIBERATE}: in Drop");
    }
}

/// The `:DOWN` of monitor `r` within `ms` milliseconds, if any.
async fn down_within(r: Ref, ms: u64) -> Option<ExitReason> {
    process::receive_with(
        |m| {
            m.downcast_ref::<Down>()
                .filter(|d| d.r#ref == r)
                .map(|d| d.reason.clone())
        },
        Timeout::Ms(ms),
    )
    .await
}

/// A process whose code returns normally but whose locals panic as they are
/// dropped: the panic happens inside the process's own poll, so it is the
/// process's exit reason, as any panic of its code is.
#[test]
fn a_panic_in_drop_at_the_end_of_a_process_is_its_exit_reason() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let (pid, r) = process::spawn_monitor(async {
            let _guard = PanicOnDrop;
            process::sleep(Timeout::Ms(1)).await;
        });
        let reason = common::down(r).await.reason;
        assert_eq!(reason, ExitReason::panic(format!("{DELIBERATE}: in Drop")));
        assert!(!process::alive(pid));
        assert_eq!(
            async_task(async { 7 }).await,
            Ok(7),
            "the runtime still serves"
        );
        assert_eq!(settle_count(base).await, base);
    });
}

/// Which value's destructor panics while the process is killed.
#[derive(Clone, Copy)]
enum Dropped {
    /// A local of the process's future, held across its await point.
    Local,
    /// A message waiting in its mailbox.
    Message,
}

/// Kills a linked, monitored process while it holds a value whose `Drop`
/// panics. Returns what the killer observed: the `:DOWN` reason and the
/// `{:EXIT}` reason, within 1 s each.
async fn kill_with_panicking_drop(dropped: Dropped) -> (Option<ExitReason>, Option<ExitReason>) {
    process::trap_exit(true);
    let me = process::self_pid();
    let pid = process::spawn_link(async move {
        let _guard = match dropped {
            Dropped::Local => Some(PanicOnDrop),
            Dropped::Message => None,
        };
        process::send(me, "holding it");
        process::sleep(Timeout::Infinity).await;
    });
    let watch = process::monitor(pid);
    if let Dropped::Message = dropped {
        process::send(pid, PanicOnDrop);
    }
    // Killed only once it runs: a future never polled holds no guard yet.
    assert_eq!(common::recv::<&str>(common::LONG).await, Some("holding it"));
    process::exit(pid, ExitReason::Kill);
    let down = down_within(watch, 1_000).await;
    let exit = process::receive_with(
        |m| {
            let exit = m.downcast_ref::<extask::messages::Exit>()?;
            (exit.from == pid).then(|| exit.reason.clone())
        },
        Timeout::Ms(if down.is_some() { 1_000 } else { 0 }),
    )
    .await;
    (down, exit)
}

/// The process's future is dropped when it is killed, and a panic in a
/// destructor then cannot kill the runtime: it keeps serving.
#[test]
fn a_panic_in_drop_during_a_kill_does_not_take_the_runtime_down() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        for dropped in [Dropped::Local, Dropped::Message] {
            kill_with_panicking_drop(dropped).await;
            assert_eq!(async_task(async { 7 }).await, Ok(7));
            let (pid, r) = process::spawn_monitor(async {});
            assert_eq!(common::down(r).await.reason, ExitReason::Normal);
            assert!(!process::alive(pid));
        }
    });
}

/// The exit of a killed process still reaches its links and monitors, with
/// `:killed`, when a destructor of its future panics as it is dropped.
#[test]
fn a_panic_in_drop_of_a_killed_process_still_propagates_its_exit() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let (down, exit) = kill_with_panicking_drop(Dropped::Local).await;
        assert_eq!(down, Some(ExitReason::Killed), "lost :DOWN");
        assert_eq!(exit, Some(ExitReason::Killed), "lost {{:EXIT}}");
        assert_eq!(settle_count(base).await, base, "the killed process leaked");
    });
}

/// Same, when the panicking destructor is a message's, dropped with the
/// mailbox of the process as it terminates.
#[test]
fn a_panic_in_drop_of_a_queued_message_still_propagates_the_exit() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let (down, exit) = kill_with_panicking_drop(Dropped::Message).await;
        assert_eq!(down, Some(ExitReason::Killed), "lost :DOWN");
        assert_eq!(exit, Some(ExitReason::Killed), "lost {{:EXIT}}");
        assert_eq!(settle_count(base).await, base);
    });
}

#[path = "faults/shutdown.rs"]
mod runtime_shutdown;

#[path = "faults/injection.rs"]
mod injection;
#[path = "faults/layers.rs"]
mod layers;
#[path = "faults/nesting.rs"]
mod nesting;
#[path = "faults/reports.rs"]
mod reports;
#[path = "faults/repros.rs"]
mod repros;
