//! Deeply nested exit reasons: a chain of tasks, each trapping exits and
//! awaiting the next, nests the deepest task's reason once per level
//! (`{{..{:bad, {Task, :await, ..}}..}}`). Every link and monitor that hears
//! of an exit gets a copy of its reason; the copies cost a reference count,
//! so the chain's cost is linear in its depth.

use super::*;
use futures::future::BoxFuture;

fn level(k: usize, depth: usize) -> BoxFuture<'static, ()> {
    Box::pin(async move {
        if k == depth {
            process::exit_self(ExitReason::atom("bad")).await;
        } else {
            process::trap_exit(true);
            let t = async_task(level(k + 1, depth));
            extask::task::await_task(t, Timeout::Infinity).await
        }
    })
}

/// How many `{_, {Task, :await, ..}}` wrap the reason, and the innermost.
fn unwrap_calls(mut reason: &ExitReason) -> (usize, &ExitReason) {
    let mut depth = 0;
    while let ExitReason::Call(call) = reason {
        depth += 1;
        reason = &call.reason;
    }
    (depth, reason)
}

/// 10,000 levels: about 0.3 s in a debug build; when each copy cost the
/// reason's depth, 800 levels took 3.8 s and 10,000 would take about ten
/// minutes. The bound is generous (and the drop of the last copy unwinds
/// the chain in a loop: a recursive drop of 10,000 levels can overflow a
/// worker's stack).
#[test]
fn a_reason_nested_ten_thousand_deep_costs_linear_time() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let started = std::time::Instant::now();
        let (_, watch) = process::spawn_monitor(level(0, 10_000));
        let reason = process::receive_with(
            |m| {
                m.downcast_ref::<Down>()
                    .filter(|d| d.r#ref == watch)
                    .map(|d| d.reason.clone())
            },
            Timeout::Ms(120_000),
        )
        .await
        .expect("the chain did not end within 120 s");
        let elapsed = started.elapsed();
        let (depth, innermost) = unwrap_calls(&reason);
        assert_eq!(depth, 10_000);
        assert_eq!(*innermost, ExitReason::atom("bad"));
        drop(reason);
        assert!(elapsed.as_secs() < 60, "10,000 levels took {elapsed:?}");
        println!("nested exit, 10,000 levels: {elapsed:.2?}");
        assert_eq!(settle_count(base).await, base);
    });
}
