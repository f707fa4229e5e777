//! Crash reports in Elixir's shape, emitted through `tracing` under the
//! target [`TARGET`] (or printed to stderr when no subscriber is installed,
//! so a crash is never silent), and the panic hook that records where a
//! process panicked for its report.
//!
//! Everything here may run user code (a subscriber's layers and writers):
//! [`crash`] is called under `catch_unwind`, and never fails the exit that
//! follows it.

use crate::inspect::Term;
use crate::runtime::current::current_pid;
use crate::{CallExit, Exception, ExitReason, Pid, Thrown};
use std::any::Any;
use std::backtrace::{Backtrace, BacktraceStatus};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Write;
use std::sync::Arc;

/// The `tracing` target of crash reports and of the `process` spans, so
/// that a per-crate filter (`RUST_LOG=myapp=info,extask=info`) keeps them.
pub(crate) const TARGET: &str = "extask";

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

/// The exit reason of a process that panicked with `payload`: a message is
/// a `RuntimeError`; a value the runtime knows keeps its meaning (a
/// [`Thrown`] value is `{{:nocatch, v}, []}`, a [`Term`] is raised as
/// `:erlang.error(term)` raises it, an [`Exception`] as `raise` does).
pub(crate) fn panic_reason(payload: &(dyn Any + Send)) -> ExitReason {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        ExitReason::panic(*s)
    } else if let Some(s) = payload.downcast_ref::<String>() {
        ExitReason::panic(s.clone())
    } else if let Some(Thrown(value)) = payload.downcast_ref::<Thrown>() {
        ExitReason::thrown(value.clone())
    } else if let Some(term) = payload.downcast_ref::<Term>() {
        ExitReason::Error(term.clone())
    } else if let Some(e) = payload.downcast_ref::<Exception>() {
        ExitReason::Exception(e.clone())
    } else {
        ExitReason::panic("panic with a non-string payload")
    }
}

/// Where a process's code panicked, recorded by the panic hook for the
/// crash report: `file:line:column`, and a backtrace if `RUST_BACKTRACE`
/// asks for one.
pub(crate) struct PanicSite {
    location: Option<String>,
    backtrace: Option<Backtrace>,
}

thread_local! {
    /// The site of the last panic inside a process on this thread. The
    /// process's `catch_unwind` runs on the thread that panicked, so it
    /// takes the site of its own panic.
    static LAST_PANIC: RefCell<Option<PanicSite>> = const { RefCell::new(None) };
}

/// The site of the panic just caught on this thread, if the hook saw it.
pub(crate) fn take_panic_site() -> Option<PanicSite> {
    LAST_PANIC
        .try_with(|p| p.borrow_mut().take())
        .ok()
        .flatten()
}

/// A report's stack line for a panic at `site` (with its newline), or `""`.
pub(crate) fn stack_line(site: Option<&PanicSite>) -> String {
    match site.and_then(|s| s.location.as_deref()) {
        Some(location) => format!("\n    {location}: the panic"),
        None => String::new(),
    }
}

/// The report Elixir logs when a process's own code ends with `reason` (not
/// an orderly one: [`crash`] has returned for those), or `None` when Elixir
/// logs nothing; a panic's location is the report's stack line (Elixir
/// prints the stacktrace there: `    file:line: call`).
fn crash_report(
    pid: Pid,
    origin: Origin,
    reason: &ExitReason,
    site: Option<&PanicSite>,
) -> Option<String> {
    let stack = stack_line(site);
    let reason = &*shallow(reason);
    match origin {
        Origin::Task { owner } => {
            let detail = match reason {
                ExitReason::Exception(e) => format!("{e}{stack}"),
                ExitReason::Error(term) => format!("** (stop) {term:?}{stack}"),
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
            ExitReason::Exception(e) => {
                Some(format!("Process {pid:?} raised an exception\n{e}{stack}"))
            }
            ExitReason::Error(term) => Some(format!(
                "Process {pid:?} raised an exception\n\
                 ** (ErlangError) Erlang error: {term:?}{stack}"
            )),
            _ => None,
        },
        Origin::Unreported => None,
    }
}

/// How many `{reason, {M, :f, args}}` levels a report shows.
const SHOWN_CALLS: usize = 32;

/// `reason` with the calls nested deeper than [`SHOWN_CALLS`] replaced by
/// `:...` (as Elixir's Logger truncates a long report): a chain of tasks
/// awaiting each other nests a reason once per level, and printing it is
/// recursive (a worker's stack is 2 MiB) and costs its depth at every level.
fn shallow(reason: &ExitReason) -> Cow<'_, ExitReason> {
    let mut calls: Vec<&CallExit> = Vec::new();
    let mut inner = reason;
    while let ExitReason::Call(call) = inner {
        if calls.len() == SHOWN_CALLS {
            let mut rebuilt = ExitReason::atom("...");
            for call in calls.into_iter().rev() {
                rebuilt = ExitReason::Call(Arc::new(CallExit {
                    reason: rebuilt,
                    module: call.module.clone(),
                    function: call.function.clone(),
                    args: call.args.clone(),
                }));
            }
            return Cow::Owned(rebuilt);
        }
        calls.push(&**call);
        inner = &call.reason;
    }
    Cow::Borrowed(reason)
}

/// Reports the crash of the process `pid`, if Elixir would; called inside
/// the process's span (entered by the caller), which gives the context, and
/// under `catch_unwind` (a subscriber is user code). A report that cannot be
/// written (stderr a broken pipe) is dropped: it must never stop the exit.
///
/// Inline, for its first test: an orderly end (most ends) has no report,
/// and then costs that test and no call.
#[inline]
pub(crate) fn crash(pid: Pid, origin: Origin, reason: &ExitReason, site: Option<PanicSite>) {
    if !reason.is_orderly() {
        report_crash(pid, origin, reason, site);
    }
}

fn report_crash(pid: Pid, origin: Origin, reason: &ExitReason, site: Option<PanicSite>) {
    let subscribed = tracing::dispatcher::has_been_set();
    // Formatting costs what the reason's size costs (a deeply nested exit is
    // long): only for a subscriber that will take the report.
    if subscribed && !tracing::enabled!(target: TARGET, tracing::Level::ERROR) {
        return;
    }
    let Some(report) = crash_report(pid, origin, reason, site.as_ref()) else {
        return;
    };
    write(&report, site);
}

/// Whether an error report would be taken (no subscriber: stderr takes it).
pub(crate) fn wanted() -> bool {
    !tracing::dispatcher::has_been_set() || tracing::enabled!(target: TARGET, tracing::Level::ERROR)
}

/// Writes an error report made elsewhere (a GenServer's), as [`crash`] writes
/// its own; the same rules (user code: call it under `catch_unwind`).
pub(crate) fn write(report: &str, site: Option<PanicSite>) {
    let subscribed = tracing::dispatcher::has_been_set();
    let backtrace = site.and_then(|s| s.backtrace);
    if subscribed {
        // Emitted inside the dying process's `process{pid, callers}` span;
        // the backtrace is a field of its own, so the message keeps
        // Elixir's shape.
        match backtrace {
            Some(bt) => tracing::error!(target: TARGET, backtrace = %bt, "{report}"),
            None => tracing::error!(target: TARGET, "{report}"),
        }
    } else {
        let mut text = format!("\n[error] {report}\n");
        if let Some(bt) = backtrace {
            text.push_str(&format!("Backtrace:\n{bt}\n"));
        }
        // `eprintln!` panics on a closed stderr; a lost report is better.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// Writes another report Elixir's Logger prints at `[error]` (a
/// supervisor's `GenServer ... terminating`) as crash reports are written;
/// `report` is formatted only for a subscriber that takes it. The caller
/// runs it under `catch_unwind`: a subscriber is user code.
pub(crate) fn error_report(report: impl FnOnce() -> String) {
    let subscribed = tracing::dispatcher::has_been_set();
    if subscribed && !tracing::enabled!(target: TARGET, tracing::Level::ERROR) {
        return;
    }
    let report = report();
    if subscribed {
        tracing::error!(target: TARGET, "{report}");
    } else {
        let _ = std::io::stderr()
            .lock()
            .write_all(format!("\n[error] {report}\n").as_bytes());
    }
}

/// Installs (once) a panic hook that records where a process panicked (for
/// its crash report) and otherwise leaves panics inside processes to the
/// runtime's crash reports, so that a crash is reported once, in Elixir's
/// shape; panics elsewhere still reach the previous hook. Called by every
/// spawn, so plain tokio code gets it too.
pub(crate) fn quiet_panics_in_processes() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if current_pid().is_none() {
                return previous(info);
            }
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            // `capture` reads RUST_BACKTRACE (and RUST_LIB_BACKTRACE).
            let backtrace = Backtrace::capture();
            let backtrace = (backtrace.status() == BacktraceStatus::Captured).then_some(backtrace);
            let site = PanicSite {
                location,
                backtrace,
            };
            let _ = LAST_PANIC.try_with(|p| *p.borrow_mut() = Some(site));
        }));
    });
}
