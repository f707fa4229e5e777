//! Differential conformance against real Elixir: every scenario of
//! `conformance/` runs here on extask, its output is normalised and compared
//! with what Elixir 1.14 printed (`conformance/expected/NAME.out`, recorded by
//! `conformance/record.sh`). See `conformance/README.md`.
//!
//! The status of every scenario is generated into `conformance/STATUS.md`;
//! this test fails when that table is stale. Regenerate it with
//! `CONFORMANCE_BLESS=1 cargo test --test conformance`.

#[path = "../conformance/normalize.rs"]
mod normalize;
#[path = "../conformance/support.rs"]
#[allow(dead_code, reason = "each scenario uses a subset of the helpers")]
#[macro_use]
mod support;
#[path = "../conformance/harness.rs"]
mod harness;
#[path = "../conformance/log_capture.rs"]
mod log_capture;

use harness::{
    Kind, Outcome, Scenario, WORKER, compared, conformance_dir, diff, quiet_scenario_panics,
    run_one, status_table,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

macro_rules! scenarios {
    (
        run { $($name:ident = $path:literal => $kind:expr,)* }
        pending { $($pname:ident => $why:expr,)* }
    ) => {
        $(
            #[path = $path]
            mod $name;
        )*

        fn scenarios() -> Vec<Scenario> {
            vec![
                $(Scenario {
                    name: stringify!($name),
                    kind: $kind,
                    run: Some(|out| Box::pin($name::run(out))),
                },)*
                $(Scenario {
                    name: stringify!($pname),
                    kind: Kind::Pending($why),
                    run: None,
                },)*
            ]
        }
    };
}

scenarios! {
    run {
        seed_async_await = "../conformance/scenarios/seed_async_await.rs" => Kind::Agrees,
        seed_start_link = "../conformance/scenarios/seed_start_link.rs" => Kind::Agrees,
        start_unlinked = "../conformance/scenarios/start_unlinked.rs" => Kind::Agrees,
        await_success_trapping = "../conformance/scenarios/await_success_trapping.rs" => Kind::Agrees,
        await_timeout_caught = "../conformance/scenarios/await_timeout_caught.rs" => Kind::Agrees,
        await_timeout_uncaught = "../conformance/scenarios/await_timeout_uncaught.rs" => Kind::Agrees,
        await_crash_not_trapping = "../conformance/scenarios/await_crash_not_trapping.rs" => Kind::Agrees,
        await_crash_trapping = "../conformance/scenarios/await_crash_trapping.rs" => Kind::Agrees,
        await_exit_normal = "../conformance/scenarios/await_exit_normal.rs" => Kind::Agrees,
        await_zero = "../conformance/scenarios/await_zero.rs" => Kind::Agrees,
        negative_timeout = "../conformance/scenarios/negative_timeout.rs" => Kind::Agrees,
        builder_negative_timeout = "../conformance/scenarios/builder_negative_timeout.rs" => Kind::Agrees,
        derive_inspect = "../conformance/scenarios/derive_inspect.rs" => Kind::Agrees,
        atom_quoting = "../conformance/scenarios/atom_quoting.rs" => Kind::Agrees,
        keyword_wrapping = "../conformance/scenarios/keyword_wrapping.rs" => Kind::Agrees,
        handle_reuse = "../conformance/scenarios/handle_reuse.rs" => Kind::Deliberate(
            "`await`, `ignore` and `shutdown` take the `Task` by value: reusing it after them \
             is a compile error in Rust, not a run-time timeout or `{:exit, :noproc}`"),
        owner_check = "../conformance/scenarios/owner_check.rs" => Kind::Agrees,
        yield_ok_and_nil = "../conformance/scenarios/yield_ok_and_nil.rs" => Kind::Agrees,
        yield_exit = "../conformance/scenarios/yield_exit.rs" => Kind::Agrees,
        yield_late_reply = "../conformance/scenarios/yield_late_reply.rs" => Kind::Agrees,
        yield_or_shutdown = "../conformance/scenarios/yield_or_shutdown.rs" => Kind::Agrees,
        shutdown_running = "../conformance/scenarios/shutdown_running.rs" => Kind::Agrees,
        shutdown_reply_queued = "../conformance/scenarios/shutdown_reply_queued.rs" => Kind::Agrees,
        hand_sent_reply = "../conformance/scenarios/hand_sent_reply.rs" => Kind::Agrees,
        hand_sent_down = "../conformance/scenarios/hand_sent_down.rs" => Kind::Agrees,
        hand_sent_both = "../conformance/scenarios/hand_sent_both.rs" => Kind::Agrees,
        demonitor_flush_hand_sent = "../conformance/scenarios/demonitor_flush_hand_sent.rs" => Kind::Agrees,
        shutdown_trapping_task = "../conformance/scenarios/shutdown_trapping_task.rs" => Kind::Agrees,
        shutdown_dead_task = "../conformance/scenarios/shutdown_dead_task.rs" => Kind::Agrees,
        ignore_outcomes = "../conformance/scenarios/ignore_outcomes.rs" => Kind::Agrees,
        completed = "../conformance/scenarios/completed.rs" => Kind::Agrees,
        await_many_order = "../conformance/scenarios/await_many_order.rs" => Kind::Agrees,
        await_many_timeout = "../conformance/scenarios/await_many_timeout.rs" => Kind::Agrees,
        await_many_crash = "../conformance/scenarios/await_many_crash.rs" => Kind::Agrees,
        yield_many_deadline = "../conformance/scenarios/yield_many_deadline.rs" => Kind::Agrees,
        link_reasons_not_trapping = "../conformance/scenarios/link_reasons_not_trapping.rs" => Kind::Agrees,
        link_reasons_trapping = "../conformance/scenarios/link_reasons_trapping.rs" => Kind::Agrees,
        link_kill_vs_killed = "../conformance/scenarios/link_kill_vs_killed.rs" => Kind::Agrees,
        link_raise = "../conformance/scenarios/link_raise.rs" => Kind::Agrees,
        process_exit_signals = "../conformance/scenarios/process_exit_signals.rs" => Kind::Agrees,
        caller_exit_kills_task = "../conformance/scenarios/caller_exit_kills_task.rs" => Kind::Agrees,
        link_cascade = "../conformance/scenarios/link_cascade.rs" => Kind::Agrees,
        link_dead_and_unlink = "../conformance/scenarios/link_dead_and_unlink.rs" => Kind::Agrees,
        monitor_down = "../conformance/scenarios/monitor_down.rs" => Kind::Agrees,
        message_order = "../conformance/scenarios/message_order.rs" => Kind::Agrees,
        leftover_mailbox = "../conformance/scenarios/leftover_mailbox.rs" => Kind::Agrees,
        stream_ordered = "../conformance/scenarios/stream_ordered.rs" => Kind::Agrees,
        stream_unordered = "../conformance/scenarios/stream_unordered.rs" => Kind::Agrees,
        stream_max_concurrency = "../conformance/scenarios/stream_max_concurrency.rs" => Kind::Agrees,
        stream_timeout_exit = "../conformance/scenarios/stream_timeout_exit.rs" => Kind::Agrees,
        stream_kill_task = "../conformance/scenarios/stream_kill_task.rs" => Kind::Agrees,
        stream_crash = "../conformance/scenarios/stream_crash.rs" => Kind::Agrees,
        stream_exit_normal = "../conformance/scenarios/stream_exit_normal.rs" => Kind::Agrees,
        stream_early_halt = "../conformance/scenarios/stream_early_halt.rs" => Kind::Agrees,
        stream_bad_max_concurrency = "../conformance/scenarios/stream_bad_max_concurrency.rs" => Kind::Agrees,
        sup_async = "../conformance/scenarios/sup_async.rs" => Kind::Agrees,
        sup_async_nolink = "../conformance/scenarios/sup_async_nolink.rs" => Kind::Agrees,
        sup_start_child = "../conformance/scenarios/sup_start_child.rs" => Kind::Agrees,
        sup_terminate_child = "../conformance/scenarios/sup_terminate_child.rs" => Kind::Agrees,
        sup_restart_policies = "../conformance/scenarios/sup_restart_policies.rs" => Kind::Agrees,
        sup_max_children = "../conformance/scenarios/sup_max_children.rs" => Kind::Agrees,
        sup_async_stream = "../conformance/scenarios/sup_async_stream.rs" => Kind::Agrees,
        sup_stop = "../conformance/scenarios/sup_stop.rs" => Kind::Agrees,
        supervisor_strategies = "../conformance/scenarios/supervisor_strategies.rs" => Kind::Agrees,
        supervisor_restarts = "../conformance/scenarios/supervisor_restarts.rs" => Kind::Agrees,
        supervisor_shutdown = "../conformance/scenarios/supervisor_shutdown.rs" => Kind::Agrees,
        supervisor_child_specs = "../conformance/scenarios/supervisor_child_specs.rs" => Kind::Agrees,
        supervisor_reports = "../conformance/scenarios/supervisor_reports.rs" => Kind::Agrees,
        supervisor_ancestors = "../conformance/scenarios/supervisor_ancestors.rs" => Kind::Agrees,
        sup_killed_mid_call = "../conformance/scenarios/sup_killed_mid_call.rs" => Kind::Agrees,
        callers_nested = "../conformance/scenarios/callers_nested.rs" => Kind::Agrees,
        nested_tasks = "../conformance/scenarios/nested_tasks.rs" => Kind::Agrees,
        ten_thousand = "../conformance/scenarios/ten_thousand.rs" => Kind::Agrees,
        crash_report_raise = "../conformance/scenarios/crash_report_raise.rs" => Kind::Agrees,
        crash_report_exit = "../conformance/scenarios/crash_report_exit.rs" => Kind::Agrees,
        format_exit = "../conformance/scenarios/format_exit.rs" => Kind::Agrees,
        timers_send_after = "../conformance/scenarios/timers_send_after.rs" => Kind::Agrees,
        timers_interval = "../conformance/scenarios/timers_interval.rs" => Kind::Agrees,
        throw_exits = "../conformance/scenarios/throw_exits.rs" => Kind::Agrees,
        names_local = "../conformance/scenarios/names_local.rs" => Kind::Agrees,
        registry_keys = "../conformance/scenarios/registry_keys.rs" => Kind::Agrees,
        process_info = "../conformance/scenarios/process_info.rs" => Kind::Agrees,
        agent_basics = "../conformance/scenarios/agent_basics.rs" => Kind::Agrees,
        gen_server_call = "../conformance/scenarios/gen_server_call.rs" => Kind::Agrees,
        gen_server_call_errors = "../conformance/scenarios/gen_server_call_errors.rs" => Kind::Agrees,
        gen_server_crash_report = "../conformance/scenarios/gen_server_crash_report.rs" => Kind::Agrees,
        gen_server_init = "../conformance/scenarios/gen_server_init.rs" => Kind::Agrees,
        gen_server_stop = "../conformance/scenarios/gen_server_stop.rs" => Kind::Agrees,
        gen_server_timeouts = "../conformance/scenarios/gen_server_timeouts.rs" => Kind::Agrees,
        gen_server_task_pattern = "../conformance/scenarios/gen_server_task_pattern.rs" => Kind::Agrees,
    }
    pending {}
}

/// Scenarios that keep every core busy: run alone, before the others.
const HEAVY: &[&str] = &["ten_thousand"];

#[test]
fn extask_prints_what_elixir_prints() {
    let dir = conformance_dir();
    let all = scenarios();

    // Every Elixir scenario is listed here exactly once, and has its recording.
    let listed: BTreeSet<&str> = all.iter().map(|s| s.name).collect();
    assert_eq!(listed.len(), all.len(), "a scenario is listed twice");
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir.join("scenarios"))
        .expect("conformance/scenarios")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".exs").map(str::to_owned)
        })
        .collect();
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(
        listed, on_disk,
        "tests/conformance.rs must list exactly the scenarios/*.exs"
    );

    // `CONFORMANCE_ONLY=a,b` runs only those scenarios (and skips the table).
    let only: Option<Vec<String>> = std::env::var("CONFORMANCE_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());
    let selected = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|n| n == name));

    quiet_scenario_panics();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name(WORKER)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outputs: Vec<Option<String>> = runtime.block_on(async {
        let mut outputs: Vec<Option<String>> = all.iter().map(|_| None).collect();
        // The CPU-heavy scenarios run alone first, so that they cannot upset the
        // timing margins of the others; then all the others at once (they
        // mostly sleep).
        for (i, s) in all.iter().enumerate() {
            if let (Some(run), true) = (s.run, HEAVY.contains(&s.name) && selected(s.name)) {
                outputs[i] = Some(run_one(run).await);
            }
        }
        let handles: Vec<_> = all
            .iter()
            .map(|s| {
                s.run
                    .filter(|_| !HEAVY.contains(&s.name) && selected(s.name))
                    .map(|run| tokio::spawn(run_one(run)))
            })
            .collect();
        for (i, h) in handles.into_iter().enumerate() {
            if let Some(h) = h {
                outputs[i] = Some(h.await.expect("scenario runner"));
            }
        }
        outputs
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    let elapsed = started.elapsed();

    let mut outcomes = Vec::new();
    let mut failures = String::new();
    for (scenario, output) in all.iter().zip(outputs) {
        let expected_path = dir.join("expected").join(format!("{}.out", scenario.name));
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run conformance/record.sh {}",
                expected_path.display(),
                scenario.name
            )
        });
        if !selected(scenario.name) {
            continue;
        }
        let Some(actual) = output else {
            outcomes.push(Outcome {
                name: scenario.name,
                kind: scenario.kind,
                agrees: None,
            });
            continue;
        };
        let actual = normalize::normalize(&actual);
        let (e, a) = (compared(&expected), compared(&actual));
        let agrees = e == a;
        let d = if agrees { String::new() } else { diff(&e, &a) };
        match (scenario.kind, agrees) {
            (Kind::Agrees, false) => {
                let _ = writeln!(
                    failures,
                    "\n=== {} differs from Elixir (- Elixir, + extask):\n{d}",
                    scenario.name
                );
            }
            (Kind::Bug(_), true) => {
                let _ = writeln!(
                    failures,
                    "\n=== {} now agrees with Elixir: mark it `Kind::Agrees` and update \
                     DIVERGENCES.md",
                    scenario.name
                );
            }
            (Kind::Bug(_) | Kind::Deliberate(_), false) => {
                eprintln!(
                    "=== {} differs, as recorded (- Elixir, + extask):\n{d}",
                    scenario.name
                );
            }
            _ => {}
        }
        outcomes.push(Outcome {
            name: scenario.name,
            kind: scenario.kind,
            agrees: Some(agrees),
        });
    }

    let table = status_table(&outcomes);
    let status_path = dir.join("STATUS.md");
    if only.is_some() {
        eprintln!("CONFORMANCE_ONLY is set: conformance/STATUS.md not checked");
    } else if std::env::var_os("CONFORMANCE_BLESS").is_some() {
        std::fs::write(&status_path, &table).expect("write conformance/STATUS.md");
    } else if std::fs::read_to_string(&status_path).ok().as_deref() != Some(table.as_str()) {
        let _ = writeln!(
            failures,
            "\nconformance/STATUS.md is stale: run `CONFORMANCE_BLESS=1 cargo test --test \
             conformance` and commit it. It should read:\n{table}"
        );
    }
    let ran = outcomes.iter().filter(|o| o.agrees.is_some()).count();
    let agreeing = outcomes.iter().filter(|o| o.agrees == Some(true)).count();
    eprintln!(
        "conformance: {agreeing} of {} scenarios agree ({ran} run, in {elapsed:.1?})",
        outcomes.len()
    );
    assert!(failures.is_empty(), "{failures}");
}
