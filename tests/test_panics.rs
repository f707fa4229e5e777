//! Panics and crash reports: a panic is the process's exit reason, the
//! runtime keeps serving, and Elixir's report is emitted through `tracing`
//! exactly when Elixir would log one.

mod common;

use common::{LONG, exit_reason, recv, run};
use extask::inspect::Term;
use extask::task::{async_task, start};
use extask::{ExitReason, Pid, Task, Timeout, process};
use std::sync::{Mutex, OnceLock};

/// Every event the runtime emitted, as formatted text.
fn reports() -> &'static Mutex<Vec<String>> {
    static REPORTS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| Capture)
            .with_ansi(false)
            .without_time()
            .with_level(true)
            .with_target(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        Mutex::new(Vec::new())
    })
}

struct Capture;

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        reports()
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(buf).into_owned());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The reports that mention `pid`. Reports are emitted before the process's
/// links and monitors are told, so after its `:DOWN` they are all in.
fn reports_about(pid: Pid) -> Vec<String> {
    let needle = format!("{pid:?} ");
    reports()
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.contains(&needle))
        .cloned()
        .collect()
}

/// Starts a task (trapping caller, so the caller survives) ending with
/// `reason`, waits for its end, returns its pid.
async fn task_ending_with(reason: ExitReason) -> Pid {
    let task: Task<()> = async_task(async move {
        process::exit_self(reason).await;
    });
    let pid = task.pid;
    let _ = task.try_await(LONG).await;
    pid
}

#[test]
fn task_panic_is_reported_in_elixirs_shape() {
    reports();
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        let task: Task<()> = async_task(async { panic!("boom") });
        let pid = task.pid;
        assert!(task.try_await(LONG).await.is_err());
        let got = reports_about(pid);
        assert_eq!(got.len(), 1, "{got:?}");
        // At error level, inside the task's own `process{pid=..}` span.
        assert!(got[0].starts_with("ERROR "), "{got:?}");
        assert!(got[0].contains(&format!("process{{pid={pid:?} callers=[{me:?}]}}")));
        assert!(
            got[0].contains(&format!(
                "Task {pid:?} started from {me:?} terminating\n** (RuntimeError) boom"
            )),
            "{got:?}"
        );
    });
}

#[test]
fn task_exit_with_a_custom_reason_is_reported_as_stop() {
    reports();
    run(async {
        process::trap_exit(true);
        let pid = task_ending_with(ExitReason::atom("bad")).await;
        let got = reports_about(pid);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("terminating\n** (stop) :bad"), "{got:?}");
        let pid = task_ending_with(ExitReason::Kill).await;
        assert!(reports_about(pid)[0].contains("** (stop) :kill"));
    });
}

#[test]
fn orderly_exits_and_outside_kills_are_not_reported() {
    reports();
    run(async {
        process::trap_exit(true);
        for reason in [
            ExitReason::Normal,
            ExitReason::Shutdown,
            ExitReason::ShutdownWith(Term::from(1)),
        ] {
            let pid = task_ending_with(reason).await;
            assert_eq!(reports_about(pid), Vec::<String>::new());
        }
        let task = async_task(async { process::sleep(Timeout::Infinity).await });
        let pid = task.pid;
        process::exit(pid, ExitReason::Kill);
        assert_eq!(
            task.try_await(LONG)
                .await
                .unwrap_err()
                .to_string()
                .lines()
                .last(),
            Some("    ** (EXIT) killed")
        );
        assert_eq!(reports_about(pid), Vec::<String>::new());
    });
}

#[test]
fn plain_process_panic_is_reported_but_its_exit_is_not() {
    reports();
    run(async {
        let (pid, r) = process::spawn_monitor(async { panic!("plain") });
        common::down(r).await;
        let got = reports_about(pid);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains(&format!(
            "Process {pid:?} raised an exception\n** (RuntimeError) plain"
        )));

        let (pid, r) = process::spawn_monitor(async {
            process::exit_self(ExitReason::atom("quiet")).await;
        });
        common::down(r).await;
        assert_eq!(reports_about(pid), Vec::<String>::new());
    });
}

#[test]
fn panics_never_take_the_runtime_down() {
    reports();
    run(async {
        for _ in 0..100 {
            let Ok(pid) = start(async { panic!("again") });
            let _ = pid;
        }
        let (pid, r) = process::spawn_monitor(async { panic!("last") });
        assert_eq!(common::down(r).await.reason, ExitReason::panic("last"));
        let me = process::self_pid();
        process::spawn(async move { process::send(me, "still serving") });
        assert_eq!(recv::<&str>(LONG).await, Some("still serving"));
        assert_eq!(exit_reason(pid).await, ExitReason::Noproc);
    });
}
