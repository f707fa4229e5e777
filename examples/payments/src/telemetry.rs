//! Logging for the example: `tracing` with `RUST_LOG` filtering, and panics
//! inside processes left to the runtime's crash reports.

use extask::process;
use tracing_subscriber::EnvFilter;

/// Installs a `tracing` subscriber filtered by `RUST_LOG` (default `info`).
/// Every process runs in a span `process{pid=.. callers=[..]}`, so a task's
/// log lines name the task and the processes that started it.
pub(crate) fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// A panic inside a process is that process's crash: the runtime turns it
/// into an exit reason and logs Elixir's crash report (`Task #PID<..>
/// started from #PID<..> terminating`). This hook keeps Rust's default
/// panic message (and backtrace) for panics outside any process only, so a
/// task that lets it crash is reported once, not twice.
pub(crate) fn quiet_process_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if process::try_self_pid().is_none() {
            default(info);
        }
    }));
}
