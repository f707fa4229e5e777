//! Root processes: what `#[extask::main]` and `#[extask::test]` expand to
//! ([`run_main`], [`run_test`]; call them only if you cannot use the
//! attributes), and [`spawn_root`] for plain tokio code.

use crate::inspect::Term;
use crate::runtime::report::Origin;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::{ExitReason, Pid};
use std::future::Future;
use tokio::sync::oneshot;

/// The tokio runtime a root process runs on.
#[derive(Clone, Debug)]
pub struct RootConfig {
    multi_thread: bool,
    worker_threads: Option<usize>,
}

impl RootConfig {
    /// A multi-thread runtime, one worker per core (the default, like
    /// `#[tokio::main]`).
    pub fn multi_thread() -> RootConfig {
        RootConfig {
            multi_thread: true,
            worker_threads: None,
        }
    }

    /// A single-thread runtime.
    pub fn current_thread() -> RootConfig {
        RootConfig {
            multi_thread: false,
            worker_threads: None,
        }
    }

    /// The number of workers of a multi-thread runtime.
    pub fn worker_threads(mut self, n: usize) -> RootConfig {
        self.worker_threads = Some(n);
        self
    }

    fn build(&self) -> tokio::runtime::Runtime {
        let mut builder = if self.multi_thread {
            tokio::runtime::Builder::new_multi_thread()
        } else {
            tokio::runtime::Builder::new_current_thread()
        };
        if let Some(n) = self.worker_threads {
            builder.worker_threads(n);
        }
        builder
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the tokio runtime: {e}"))
    }
}

impl Default for RootConfig {
    fn default() -> RootConfig {
        RootConfig::multi_thread()
    }
}

/// How a root process ended without a value.
struct RootExit {
    reason: ExitReason,
    /// The process whose signal killed the root, if one did.
    from: Option<Pid>,
}

fn spawn_root_process<F>(fut: F) -> impl Future<Output = Result<F::Output, RootExit>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (value_tx, value_rx) = oneshot::channel();
    let (exit_tx, exit_rx) = oneshot::channel();
    let body = async move {
        drop(value_tx.send(fut.await));
    };
    let on_exit = move |reason: &ExitReason, from: Option<Pid>| {
        drop(exit_tx.send(RootExit {
            reason: reason.clone(),
            from,
        }));
    };
    let opts = Spawn {
        origin: Origin::Unreported,
        on_exit: Some(Box::new(on_exit)),
        ..Spawn::default()
    };
    let pid = spawn_pid(body, opts);
    async move {
        // The runtime shutting down drops the process without an exit.
        let exit = exit_rx.await.unwrap_or(RootExit {
            reason: ExitReason::Killed,
            from: None,
        });
        match (exit.reason.is_normal(), value_rx.await) {
            (true, Ok(value)) => Ok(value),
            _ => Err(RootExit {
                from: exit.from.filter(|&from| from != pid),
                ..exit
            }),
        }
    }
}

/// Runs `fut` as a new process (linked to nobody) and waits for it: its
/// value, or the reason it exited with. This is how plain tokio code runs
/// process code, e.g. in a `#[tokio::test]`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, root::spawn_root};
/// let pid = spawn_root(async { process::self_pid() }).await.unwrap();
/// assert!(!process::alive(pid));
/// # }
/// ```
pub async fn spawn_root<F>(fut: F) -> Result<F::Output, ExitReason>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    spawn_root_process(fut).await.map_err(|e| e.reason)
}

/// Runs `main`'s body as the root process on a new runtime (what
/// `#[extask::main]` expands to) and returns its value.
///
/// If the root process exits, the program ends the way an Elixir script
/// does: a root killed by a linked process prints `** (EXIT from #PID<..>)
/// reason` and exits with status 1; a root that exits by itself prints `**
/// (exit) reason` (or the raised exception) and exits with the reason's
/// status (0 for `:normal` and `:shutdown`, `n` for `{:shutdown, n}`, 1
/// otherwise, see [`ExitReason::exit_status`]).
///
/// It also installs a panic hook that leaves panics inside processes to the
/// runtime's crash reports (Rust's default hook would print each a second
/// time); panics outside processes still go to the previous hook.
pub fn run_main<F>(config: RootConfig, fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    crate::runtime::report::quiet_panics_in_processes();
    let runtime = config.build();
    let outcome = runtime.block_on(async { spawn_root_process(fut).await });
    match outcome {
        Ok(value) => value,
        Err(exit) => {
            let status = match exit.from {
                Some(_) => 1,
                None => exit.reason.exit_status(),
            };
            // Like an Elixir script: orderly exits of the root itself are silent.
            if exit.from.is_some() || !exit.reason.is_orderly() {
                eprintln!("{}", describe_exit(&exit));
            }
            drop(runtime);
            std::process::exit(status)
        }
    }
}

/// Runs a test body as the root process on a new runtime (what
/// `#[extask::test]` expands to). The test fails if the root process exits.
pub fn run_test<F>(config: RootConfig, fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let runtime = config.build();
    match runtime.block_on(async { spawn_root_process(fut).await }) {
        Ok(value) => value,
        Err(exit) => panic!("the test's root process exited\n{}", describe_exit(&exit)),
    }
}

/// What an Elixir script prints when its main process dies this way.
fn describe_exit(exit: &RootExit) -> String {
    match (&exit.from, &exit.reason) {
        (Some(from), reason) => format!("** (EXIT from {from:?}) {reason}"),
        (None, ExitReason::Exception(e)) => e.to_string(),
        (None, ExitReason::Error(term)) => match term {
            // An uncaught `throw(v)`: Elixir prints `** (throw) v`.
            Term::Tuple(items) if items.len() == 2 && items[0].is_atom("nocatch") => {
                format!("** (throw) {:?}", items[1])
            }
            other => format!("** (ErlangError) Erlang error: {other:?}"),
        },
        (None, reason) => format!("** (exit) {reason}"),
    }
}
