//! Crash reports in Elixir's shape, emitted through `tracing` (or printed
//! to stderr when no subscriber is installed, so a crash is never silent).

use crate::runtime::current::current_pid;
use crate::{ExitReason, Pid};
use std::any::Any;

/// What started a process. It drives two things: the process's crash
/// report (here), and whether the process records `$callers` (only tasks
/// do, as in Elixir; see `spawn_process`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) enum Origin {
    /// `spawn`: a panic is reported as "Process ... raised an exception".
    #[default]
    Process,
    /// A task started from the process `owner`.
    Task { owner: Pid },
    /// Never reported, and no `$callers`: a root process (`run_main`
    /// reports its exit instead), a supervisor and a stream's intermediate
    /// process (their exits only echo their parent's or a child's).
    Unreported,
}

impl Origin {
    /// The origin of a task the current process starts now (`owner` is
    /// [`Pid::OUTSIDE`] outside any process). With it, `spawn_process`
    /// records the task's `$callers`: the current process, then its own.
    pub(crate) fn new_task() -> Origin {
        Origin::Task {
            owner: current_pid().unwrap_or(Pid::OUTSIDE),
        }
    }
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
        Origin::Unreported => None,
    }
}

/// Reports the crash of the process `pid`, if Elixir would; called inside
/// the process's span (entered by the caller), which gives the context.
pub(crate) fn crash(pid: Pid, origin: Origin, reason: &ExitReason) {
    let Some(report) = crash_report(pid, origin, reason) else {
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
            if current_pid().is_none() {
                previous(info);
            }
        }));
    });
}
