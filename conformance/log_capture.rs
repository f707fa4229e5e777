//! `Conf.capture_log/1` for extask: crash reports are `tracing` events
//! (target `extask`, level ERROR); a global subscriber keeps their text so a
//! scenario can print them the way Elixir's console backend does with the
//! format `[$level] $message`.
//!
//! Needs `tracing` as a dev-dependency of the facade.

use extask::{Pid, process};
use std::future::Future;
use std::sync::{Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

struct Message(String);

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_owned();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_span() || (metadata.target() == "extask" && *metadata.level() == Level::ERROR)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        LOG.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Installs the capturing subscriber (once, for the whole test binary).
pub(crate) fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(Capture)
            .expect("no other global tracing subscriber in the conformance test");
    });
}

/// Runs `fut` and returns the crash reports of tasks started from the
/// current process while it ran, as `[error] report` lines (each report
/// followed by a newline, like `ExUnit.CaptureLog`'s output with the format
/// `"[$level] $message\n"`). `fut` must wait (on `:DOWN`) for the processes
/// whose reports it expects.
pub(crate) async fn capture_log<F: Future>(fut: F) -> String {
    capture_log_with(async {
        fut.await;
        Vec::new()
    })
    .await
}

/// [`capture_log`], also keeping the reports of the plain processes whose
/// pids `fut` returns (a `spawn`ed process's report names no owner, and the
/// scenarios of this binary run at once, so it is kept by its pid).
pub(crate) async fn capture_log_with<F: Future<Output = Vec<Pid>>>(fut: F) -> String {
    install();
    let start = LOG.lock().unwrap_or_else(|e| e.into_inner()).len();
    let pids = fut.await;
    let owner = format!("started from {:?} ", process::self_pid());
    let processes: Vec<String> = pids
        .iter()
        .map(|pid| format!("Process {pid:?} raised"))
        .collect();
    let log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    log[start..]
        .iter()
        .filter(|report| report.contains(&owner) || processes.iter().any(|p| report.starts_with(p)))
        .map(|report| format!("[error] {report}\n"))
        .collect()
}

/// [`capture_log`] for the reports about the processes `fut` names: those
/// whose first line names one of them (`GenServer #PID<..> terminating`,
/// `GenServer :name terminating`, `Plain #PID<..> received unexpected
/// message ...`), each given as its printed form (`#PID<..>`, `:name`).
pub(crate) async fn capture_log_about<F: Future<Output = Vec<String>>>(fut: F) -> String {
    install();
    let start = LOG.lock().unwrap_or_else(|e| e.into_inner()).len();
    let subjects = fut.await;
    let log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    log[start..]
        .iter()
        .filter(|report| {
            let first = report.lines().next().unwrap_or_default();
            subjects
                .iter()
                .filter(|s| !s.is_empty())
                .any(|s| first.contains(&format!(" {s} ")))
        })
        .map(|report| format!("[error] {report}\n"))
        .collect()
}

/// [`capture_log`] for reports of processes this one did not start: the
/// reports (of this binary, while `fut` ran) that contain one of the
/// strings `fut` returns (`"started from #PID<sup> "`, `"GenServer Name "`).
pub(crate) async fn capture_log_containing<F: Future<Output = Vec<String>>>(fut: F) -> String {
    install();
    let start = LOG.lock().unwrap_or_else(|e| e.into_inner()).len();
    let needles = fut.await;
    let log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    log[start..]
        .iter()
        .filter(|report| needles.iter().any(|n| report.contains(n.as_str())))
        .map(|report| format!("[error] {report}\n"))
        .collect()
}
