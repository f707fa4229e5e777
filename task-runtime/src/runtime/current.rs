//! The current process: the task-local that every process's code runs
//! in, and what code asks of it (its handle, its pid, its exit), plus the
//! stand-in owner that code outside any process gets.

use crate::runtime::callers::Callers;
use crate::runtime::proc::{Proc, State};
use crate::runtime::registry;
use crate::{ExitReason, Pid};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::task::futures::TaskLocalFuture;

tokio::task_local! {
    static CURRENT: Arc<Proc>;
}

/// The process the calling code runs in, if any.
pub(crate) fn current() -> Option<Arc<Proc>> {
    CURRENT.try_with(Arc::clone).ok()
}

/// The current process's pid without cloning its handle.
pub(crate) fn current_pid() -> Option<Pid> {
    CURRENT.try_with(|p| p.pid).ok()
}

/// The current process, for a function that must run inside one.
///
/// # Panics
/// Outside any process, naming `what` was called.
pub(crate) fn require_current(what: &str) -> Arc<Proc> {
    current().unwrap_or_else(|| panic!("`{what}` must be called from inside an extask process"))
}

/// Runs `fut` as the code of `proc`: inside, [`current`] is `proc`.
#[inline]
pub(super) fn scope<F: Future>(proc: Arc<Proc>, fut: F) -> TaskLocalFuture<Arc<Proc>, F> {
    CURRENT.scope(proc, fut)
}

/// `$callers` of a process started now: the current process, then its own callers.
pub(crate) fn callers_of_child() -> Callers {
    current().map(Callers::started_by).unwrap_or_default()
}

/// A future that never completes, for code after which the current process
/// must be gone: the process's poll loop sees the pending exit and ends it.
pub(crate) struct Exiting;

impl Future for Exiting {
    type Output = std::convert::Infallible;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Pending
    }
}

/// Makes the current process exit with `reason` (Elixir's `exit/1` or a
/// `raise`); outside any process, panics with Elixir's text of the exit.
pub(crate) fn exit_current(reason: ExitReason) -> Exiting {
    match current() {
        Some(proc) => {
            // No wake: the process's own poll loop sees the exit as soon as
            // this poll returns (a self-wake would only reschedule it).
            let mut state = proc.state.lock();
            proc.set_exit(&mut state, reason, None);
            Exiting
        }
        None => panic!("** (exit) {reason}"),
    }
}

/// Makes the current process exit with `reason` (Elixir's `raise`/`exit`
/// in the caller). Outside any process it panics with Elixir's text.
pub(crate) async fn raise<T>(reason: ExitReason) -> T {
    match exit_current(reason).await {}
}

/// A registered process with no code of its own, trapping exits: the owner
/// of tasks and streams made outside any process.
pub(crate) fn stand_in() -> Arc<Proc> {
    let state = State {
        trap_exit: true,
        ..State::default()
    };
    let proc = Arc::new(Proc::new(Pid::next(), Callers::default(), state));
    registry::insert(Arc::clone(&proc));
    proc
}

/// Panics with a message naming `what` (the public function called) if
/// this thread runs no tokio runtime: tokio's own panic would come later,
/// from inside the spawn, after a stand-in owner was registered.
///
/// # Panics
/// Outside any tokio runtime.
pub(crate) fn require_runtime(what: &str) {
    if tokio::runtime::Handle::try_current().is_err() {
        let what = if what.is_empty() {
            "starting an extask process"
        } else {
            what
        };
        panic!(
            "`{what}` needs a tokio runtime: call it from inside `#[extask::main]`, \
             `#[extask::test]`, `#[tokio::main]` or another tokio runtime"
        );
    }
}

/// The current process, or a new stand-in owner outside any process (also
/// returned second, so that its holder can end it).
pub(crate) fn current_or_stand_in() -> (Arc<Proc>, Option<Arc<Proc>>) {
    current_or_stand_in_for("")
}

/// Runs `f` with the current process, borrowed (no handle cloned: two
/// atomic operations fewer per task started), or outside any process with a
/// new stand-in owner, also given second so that its holder can end it
/// (as [`current_or_stand_in_for`]).
pub(crate) fn with_owner<R>(what: &str, f: impl FnOnce(&Arc<Proc>, Option<Arc<Proc>>) -> R) -> R {
    if CURRENT.try_with(|_| ()).is_ok() {
        return CURRENT.with(|me| f(me, None));
    }
    if !what.is_empty() {
        require_runtime(what);
    }
    let proc = stand_in();
    f(&proc, Some(Arc::clone(&proc)))
}

/// [`current_or_stand_in`] for `what`, a public function that goes on to
/// spawn: outside any tokio runtime it panics before making the stand-in,
/// which would otherwise leak when the spawn panics (`""`: no check).
pub(crate) fn current_or_stand_in_for(what: &str) -> (Arc<Proc>, Option<Arc<Proc>>) {
    with_owner(what, |me, stand_in| (Arc::clone(me), stand_in))
}

thread_local! {
    /// The process whose code this thread is polling from its own tokio
    /// task right now, with that task's waker (`(proc, data, vtable)` as
    /// addresses), so a wait can tell that the waker it is polled with is
    /// its process's own: `Waker::will_wake`'s test, without a copy.
    static OWN_TASK: std::cell::Cell<(usize, usize, usize)> = const { std::cell::Cell::new((0, 0, 0)) };
}

fn own_task_key(proc: &Proc, waker: &std::task::Waker) -> (usize, usize, usize) {
    let vtable: *const std::task::RawWakerVTable = waker.vtable();
    (
        std::ptr::from_ref(proc) as usize,
        waker.data() as usize,
        vtable as usize,
    )
}

thread_local! {
    /// The process being polled by its own task has its task's waker in
    /// `Proc::waker` already (a receive registered it as it went pending).
    static OWN_WAKER_SET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// One poll of `proc`'s code by its own task (the process loop's, and the
/// model tests'): the code first, then, if it is pending and no receive of
/// its own registered the task's waker as it went pending
/// ([`register_own_waker`]), the waker registered here. It waits on
/// something else (a sleep, a channel, a task await) and exit signals wake
/// it through this waker: one that came during the poll found none, or the
/// last poll's (the same task's), and `exiting` was raised before that wake;
/// this registration synchronizes with it, so the caller's `exiting` check
/// after it sees it.
#[inline]
pub(crate) fn poll_own_task<R>(
    proc: &Proc,
    cx: &mut std::task::Context<'_>,
    poll: impl FnOnce(&mut std::task::Context<'_>) -> std::task::Poll<R>,
) -> std::task::Poll<R> {
    let mut registered = false;
    let polled = polling_own_task(proc, cx.waker(), &mut registered, || poll(cx));
    if polled.is_pending() && !registered {
        proc.register_waker(cx.waker());
    }
    polled
}

/// Runs one poll of `proc`'s code by its own task, whose waker is `waker`;
/// also says (in `registered`) whether that waker was put in `proc.waker`
/// meanwhile ([`register_own_waker`]). Not as a `(R, bool)`: returned, the
/// pair was copied out with 16-byte loads of the 8-byte stores that made
/// it, which the CPU cannot forward (a stall on every poll).
fn polling_own_task<R>(
    proc: &Proc,
    waker: &std::task::Waker,
    registered: &mut bool,
    poll: impl FnOnce() -> R,
) -> R {
    let _restore = Restore(
        OWN_TASK.replace(own_task_key(proc, waker)),
        OWN_WAKER_SET.replace(false),
    );
    let polled = poll();
    // Under the model checker: a point where another thread may run between
    // the code's poll and the loop's registration of the waker, as another
    // core may at any time (futures' `AtomicWaker` has no scheduling point).
    // A switch, not `yield_now`, which would wake the polling task itself.
    #[cfg(feature = "shuttle")]
    shuttle::thread::sleep(std::time::Duration::ZERO);
    *registered = OWN_WAKER_SET.get();
    polled
}

/// Puts `waker`, the waker of `proc`'s own task polling it now, in
/// `proc.waker`, once per poll: a receive of that task does it as it goes
/// pending (before it lets a sender wake the task), so that the process's
/// loop need not before every poll: a task that runs to its end in one
/// poll never registers it (two atomic operations per task).
#[inline]
pub(crate) fn register_own_waker(proc: &Proc, waker: &std::task::Waker) {
    if !OWN_WAKER_SET.get() {
        proc.register_waker(waker);
        OWN_WAKER_SET.set(true);
    }
}

/// Puts the previous markers back, on return and on unwind alike.
struct Restore((usize, usize, usize), bool);

impl Drop for Restore {
    fn drop(&mut self) {
        OWN_TASK.set(self.0);
        OWN_WAKER_SET.set(self.1);
    }
}

/// `true` if `waker` is the waker of `proc`'s own task, which is polling it
/// now: a message for `proc` wakes that task anyway ([`Proc::push`]).
#[inline]
pub(crate) fn is_own_task(proc: &Proc, waker: &std::task::Waker) -> bool {
    OWN_TASK.get() == own_task_key(proc, waker)
}
