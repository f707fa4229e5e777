//! A tracing layer that panics in each callback a process's life calls
//! (`on_new_span`, `on_event` for its crash report, `on_enter`, `on_exit`,
//! `on_close`): every process still starts, ends, and tells its links and
//! monitors exactly what Erlang promises, and the count returns to its base.

use super::injection::{CALLBACKS, Callback, arm};
use super::*;
use extask::messages::Exit;

/// Processes ending in each way, each observed by its `:DOWN` or reply and
/// (for the linked task) its `{:EXIT}`.
async fn every_kind_of_end(callback: Callback) {
    let base = process::count();
    process::trap_exit(true);
    let ok = async_task(async { 7 });
    let ok_pid = ok.pid;
    assert_eq!(ok.await, Ok(7), "{callback:?}: a task's reply");
    let exit = common::exit_from(ok_pid).await;
    assert_eq!(
        exit.reason,
        ExitReason::Normal,
        "{callback:?}: its {{:EXIT}}"
    );

    let crash: extask::Task<()> = async_task(async { panic!("{DELIBERATE}: in the task") });
    let crashed = crash.pid;
    let expected = ExitReason::panic(format!("{DELIBERATE}: in the task"));
    let err = crash.try_await(Timeout::Ms(5_000)).await.unwrap_err();
    let ExitReason::Call(call) = err else {
        panic!("{callback:?}: not an await exit")
    };
    assert_eq!(call.reason, expected, "{callback:?}: the crash's :DOWN");
    let exit = common::exit_from(crashed).await;
    assert_eq!(exit.reason, expected, "{callback:?}: the crash's {{:EXIT}}");

    let (sleeper, watch) = process::spawn_monitor(process::sleep(Timeout::Infinity));
    process::exit(sleeper, ExitReason::Kill);
    assert_eq!(
        common::down(watch).await.reason,
        ExitReason::Killed,
        "{callback:?}"
    );

    let Ok(bad) = extask::task::start(async {
        process::exit_self(ExitReason::atom("bad")).await;
    });
    assert_eq!(
        common::exit_reason(bad).await,
        ExitReason::atom("bad"),
        "{callback:?}"
    );
    process::trap_exit(false);
    // Nothing else arrived: exactly the signals promised.
    let extra =
        process::receive_with(|m| m.downcast_ref::<Exit>().map(|e| e.from), Timeout::Ms(0)).await;
    assert_eq!(extra, None, "{callback:?}: a second {{:EXIT}}");
    assert_eq!(
        settle_count(base).await,
        base,
        "{callback:?}: a process leaked"
    );
}

#[test]
fn a_layer_that_panics_in_any_callback_loses_no_signal_and_leaks_no_process() {
    let _alone = serial();
    quiet_deliberate_panics();
    for callback in CALLBACKS {
        run(async move {
            let _armed = arm(callback);
            every_kind_of_end(callback).await;
        });
    }
}

/// `span_panic_zombie`: a process whose span cannot be made still runs
/// (without its span), instead of staying registered and never polled.
#[test]
fn a_panicking_on_new_span_still_starts_the_process() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let _armed = arm(Callback::NewSpan);
        let t = async_task(async { process::self_pid() });
        let pid = t.pid;
        assert_eq!(t.await, Ok(pid));
        assert_eq!(settle_count(base).await, base);
    });
}
