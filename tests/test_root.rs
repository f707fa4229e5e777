//! The root process of `#[extask::main]`: how the program ends when it exits.
//! Each case re-runs this test binary in a child OS process with
//! `EXTASK_ROOT_CASE` set, and checks the child's status and stderr.

use extask::inspect::Term;
use extask::root::{RootConfig, run_main};
use extask::task::{async_task, await_task};
use extask::{ExitReason, Task, Timeout, process};
use std::process::Command;

const CASE: &str = "EXTASK_ROOT_CASE";

/// In the child: runs the case as `main` would and never returns.
fn run_case(case: &str) -> ! {
    let config = RootConfig::current_thread();
    match case {
        "linked_shutdown" => run_main(config, async {
            let Ok(_) = extask::task::start_link(async {
                process::exit_self(ExitReason::Shutdown).await;
            });
            process::sleep(Timeout::Infinity).await;
        }),
        "linked_panic" => run_main(config, async {
            let task: Task<()> = async_task(async { panic!("boom") });
            await_task(task, Timeout::Infinity).await;
        }),
        "await_timeout" => run_main(config, async {
            let task = async_task(async { process::sleep(Timeout::Infinity).await });
            await_task(task, Timeout::Ms(100)).await;
        }),
        "shutdown_3" => run_main(config, async {
            process::exit_self(ExitReason::ShutdownWith(Term::from(3))).await;
        }),
        "returns" => run_main(config, async {
            println!("{}", extask::inspect::inspect(&"done"));
        }),
        other => panic!("unknown case {other}"),
    }
    std::process::exit(0)
}

/// Runs `case` in a child process: (status, stdout, stderr).
fn child(case: &str) -> (i32, String, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "root_cases_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CASE, case)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn root_cases_entry() {
    if let Ok(case) = std::env::var(CASE) {
        run_case(&case);
    }
}

#[test]
fn root_killed_by_a_linked_shutdown_prints_exit_from_and_status_1() {
    let (status, _, stderr) = child("linked_shutdown");
    assert_eq!(status, 1);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("** (EXIT from"))
        .unwrap_or_default();
    assert!(
        line.starts_with("** (EXIT from #PID<0.") && line.ends_with(">) shutdown"),
        "{stderr}"
    );
}

#[test]
fn root_killed_by_a_panicking_task_prints_the_exception() {
    let (status, _, stderr) = child("linked_panic");
    assert_eq!(status, 1);
    assert!(
        stderr.contains(">) an exception was raised:\n    ** (RuntimeError) boom"),
        "{stderr}"
    );
}

#[test]
fn root_await_timeout_prints_elixirs_exit_text() {
    let (status, _, stderr) = child("await_timeout");
    assert_eq!(status, 1);
    let start = stderr
        .find("** (exit) exited in: Task.await(%Task{")
        .expect(&stderr);
    let rest = &stderr[start..];
    assert!(rest.contains("}, 100)\n    ** (EXIT) time out"), "{stderr}");
}

#[test]
fn root_exit_shutdown_n_gives_status_n_silently() {
    let (status, _, stderr) = child("shutdown_3");
    assert_eq!(status, 3);
    assert!(!stderr.contains("** ("), "{stderr}");
}

#[test]
fn root_returning_exits_zero() {
    let (status, stdout, _) = child("returns");
    assert_eq!(status, 0);
    assert!(stdout.contains("\"done\""), "{stdout}");
}
