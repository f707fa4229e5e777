//! Kernel's `throw/1` for a Rust process: a non-local exit with a value,
//! which ends the process with `{{:nocatch, value}, stacktrace}` when nobody
//! catches it, as Elixir's does.

use crate::Thrown;
use crate::inspect::{Inspect, Term};

/// Throws `value` (Kernel's `throw/1`): unwinds the current code with a
/// [`Thrown`] payload. Uncaught, the process ends with
/// `{{:nocatch, value}, []}` ([`ExitReason::thrown`](crate::ExitReason::thrown)),
/// is reported as Elixir reports it (`** (ErlangError) Erlang error:
/// {:nocatch, value}` for a process, `** (stop) {:nocatch, value}` for a
/// task), and its links and monitors hear that reason; awaiting a task that
/// threw exits with `{{{:nocatch, value}, []}, {Task, :await, [..]}}`.
///
/// `value` is kept as [`Term::of(&value)`](Term::of), rendered at once (its
/// `Inspect` runs here, in the caller, never inside the runtime): compare a
/// reason with `ExitReason::thrown(Term::of(&value))`, or by its printed
/// form. Elixir's `catch :throw, v` is
/// `std::panic::catch_unwind` and `payload.downcast_ref::<Thrown>()`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::inspect::{Atom, Term, inspect};
/// use task_runtime::{ExitReason, process, root::spawn_root};
/// let out = spawn_root(async {
///     process::throw(Atom::new("ball"));
/// }).await;
/// let reason = out.unwrap_err();
/// assert_eq!(reason, ExitReason::thrown(Term::of(&Atom::new("ball"))));
/// assert_eq!(inspect(&reason), "{{:nocatch, :ball}, []}");
/// # }
/// ```
#[track_caller]
pub fn throw<T: Inspect>(value: T) -> ! {
    let term = Term::of(&value);
    drop(value);
    std::panic::panic_any(Thrown(term))
}
