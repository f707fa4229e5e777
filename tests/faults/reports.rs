//! Crash reports a Rust user can act on (issue 13 §8), and reports that
//! cannot be written (issue 14): a report names the panic's
//! `file:line:column` (and carries a backtrace under `RUST_BACKTRACE`), goes
//! to the documented target `extask` (kept by a per-crate filter), is
//! written once, and a broken stderr never stops the exit signals. The
//! stderr cases run in a child process of this test binary.

use super::injection::capture;
use super::*;
use std::io::Write;
use std::process::{Command, Stdio};

const CHILD: &str = "EXTASK_FAULTS_CHILD";

/// Runs the ignored test `name` of this binary in a child process; `setup`
/// adjusts its command. Returns (stdout, stderr).
fn run_child(name: &str, setup: impl FnOnce(&mut Command)) -> (String, String) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, name)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    setup(&mut command);
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "child {name} failed:\n{stdout}");
    (stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `true` in the child process started for `name`.
fn is_child(name: &str) -> bool {
    std::env::var(CHILD).is_ok_and(|n| n == name)
}

/// The report's stack line: `    tests/faults/reports.rs:L:C: the panic`.
fn has_location_line(report: &str) -> bool {
    report.lines().any(|line| {
        line.strip_prefix("    tests/faults/reports.rs:")
            .and_then(|rest| rest.strip_suffix(": the panic"))
            .and_then(|lc| lc.split_once(':'))
            .is_some_and(|(l, c)| l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok())
    })
}

#[test]
#[ignore = "run by `a_panic_in_plain_tokio_is_reported_once_with_its_location`"]
fn child_panic_in_plain_tokio() {
    if !is_child("reports::child_panic_in_plain_tokio") {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let t: extask::Task<()> = async_task(async { panic!("boom in the child") });
        assert!(t.await.is_err());
    });
}

#[test]
fn a_panic_in_plain_tokio_is_reported_once_with_its_location() {
    let (_, stderr) = run_child("reports::child_panic_in_plain_tokio", |_| {});
    assert_eq!(stderr.matches("boom in the child").count(), 1, "{stderr}");
    assert!(
        !stderr.contains("panicked at"),
        "Rust's hook printed it:\n{stderr}"
    );
    assert!(
        stderr.contains("** (RuntimeError) boom in the child"),
        "{stderr}"
    );
    assert!(has_location_line(&stderr), "{stderr}");
    assert!(!stderr.contains("Backtrace:"), "{stderr}");
}

#[test]
fn under_rust_backtrace_the_report_carries_the_backtrace() {
    let (_, stderr) = run_child("reports::child_panic_in_plain_tokio", |c| {
        c.env("RUST_BACKTRACE", "1");
    });
    assert_eq!(
        stderr
            .matches("** (RuntimeError) boom in the child")
            .count(),
        1
    );
    assert!(stderr.contains("Backtrace:"), "{stderr}");
}

#[test]
#[ignore = "run by `a_report_that_cannot_be_written_still_lets_the_process_exit`"]
fn child_broken_stderr() {
    if !is_child("reports::child_broken_stderr") {
        return;
    }
    // The parent closed the pipe's reading end: wait until writes fail.
    let mut stderr = std::io::stderr();
    for _ in 0..5_000 {
        if stderr
            .write_all(b".")
            .and_then(|()| stderr.flush())
            .is_err()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    run(async {
        let base = process::count();
        // The task exits once it is monitored: monitored after its exit, its
        // `:DOWN` would be `:noproc` (a run under load saw it).
        let Ok(pid) = extask::task::start(async {
            extask::receive! { go: u8 => assert_eq!(go, 1) };
            process::exit_self(ExitReason::atom("bad")).await;
        });
        let monitor = process::monitor(pid);
        process::send(pid, 1u8);
        let (_, panicked) = process::spawn_monitor(async { panic!("boom with no stderr") });
        let down = down_within(monitor, 5_000).await;
        let panic_down = down_within(panicked, 5_000).await;
        let count_back = settle_count(base).await == base;
        println!("RESULT :DOWN = {down:?}, {panic_down:?}; count back: {count_back}");
    });
}

#[test]
fn a_report_that_cannot_be_written_still_lets_the_process_exit() {
    let mut command = Command::new(std::env::current_exe().unwrap());
    let name = "reports::child_broken_stderr";
    command
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = r#"RESULT :DOWN = Some(:bad), Some({%RuntimeError{message: "boom with no stderr"}, []}); count back: true"#;
    assert!(stdout.contains(expected), "{stdout}");
}

/// The report goes to target `extask`, inside the process's span, and a
/// per-crate filter (`myapp=info,extask=info`) keeps both.
#[test]
fn a_report_passes_a_per_crate_filter_with_its_location_in_its_span() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let reports = capture(async {
            let (_, watch) = process::spawn_monitor(async { panic!("{DELIBERATE}: reported") });
            common::down(watch).await;
        })
        .await;
        let ours: Vec<_> = reports
            .iter()
            .filter(|r| r.message.contains("reported"))
            .collect();
        assert_eq!(ours.len(), 1, "{reports:?}");
        let report = ours[0];
        assert!(report.message.starts_with("Process #PID<"), "{report:?}");
        assert!(has_location_line(&report.message), "{report:?}");
        assert_eq!(report.span.as_deref(), Some("process"));
        // A backtrace field exactly when the environment asks for one.
        let wanted = std::backtrace::Backtrace::capture().status()
            == std::backtrace::BacktraceStatus::Captured;
        assert_eq!(report.has_backtrace, wanted);
    });
}
