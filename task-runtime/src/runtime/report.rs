//! Crash reports in Elixir's shape, emitted through `tracing` (or printed
//! to stderr when no subscriber is installed, so a crash is never silent).

use crate::runtime::proc::Proc;
use crate::{ExitReason, Pid};
use std::any::Any;

/// What kind of process this is, for its crash report.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) enum Origin {
    /// `spawn`: a panic is reported as "Process ... raised an exception".
    #[default]
    Process,
    /// A task started from the process `owner`.
    Task { owner: Pid },
    /// A root process: its exit is reported by `run_main` instead.
    Root,
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// The report Elixir logs when a process's own code ends with `reason`, or
/// `None` when Elixir logs nothing.
pub(crate) fn crash_report(pid: Pid, origin: Origin, reason: &ExitReason) -> Option<String> {
    if reason.is_orderly() {
        return None;
    }
    match origin {
        Origin::Task { owner } => {
            let detail = match reason {
                ExitReason::Exception(e) => e.to_string(),
                other => format!("** (stop) {other:?}"),
            };
            // Elixir closes with the task's function and arguments; a Rust
            // task is always an anonymous function of no arguments.
            Some(format!(
                "Task {pid:?} started from {owner:?} terminating\n{detail}\n\
                 Function: #Function<anonymous fn/0>\n    Args: []"
            ))
        }
        Origin::Process => match reason {
            ExitReason::Exception(e) => Some(format!("Process {pid:?} raised an exception\n{e}")),
            _ => None,
        },
        Origin::Root => None,
    }
}

pub(crate) fn crash(proc: &Proc, origin: Origin, reason: &ExitReason) {
    // `proc` gives the pid; its span (entered by the caller) gives the context.
    let Some(report) = crash_report(proc.pid, origin, reason) else {
        return;
    };
    if tracing::dispatcher::has_been_set() {
        // Emitted inside the dying process's `process{pid, callers}` span.
        tracing::error!(target: "extask", "{report}");
    } else {
        eprintln!("\n[error] {report}");
    }
}

/// Installs (once) a panic hook that leaves panics inside processes to the
/// runtime's crash reports, so that a crash is reported once, in Elixir's
/// shape; panics elsewhere still reach the previous hook.
pub(crate) fn quiet_panics_in_processes() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if crate::runtime::current::current_pid().is_none() {
                previous(info);
            }
        }));
    });
}
