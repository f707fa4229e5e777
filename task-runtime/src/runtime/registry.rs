//! The process table: pid → live process. Sharded, so spawns on different
//! workers rarely touch the same lock.

use crate::Pid;
use crate::runtime::proc::Proc;
use std::sync::Arc;

#[cfg(not(feature = "shuttle"))]
mod table {
    use super::*;
    use crate::runtime::seq_hash::SeqBuild;
    use dashmap::DashMap;
    use std::sync::LazyLock;

    type Table = DashMap<Pid, Arc<Proc>, SeqBuild>;

    static TABLE: LazyLock<Table> = LazyLock::new(Table::default);

    pub(crate) fn insert(proc: Arc<Proc>) {
        TABLE.insert(proc.pid, proc);
    }

    pub(crate) fn remove(pid: Pid) {
        TABLE.remove(&pid);
    }

    pub(crate) fn get(pid: Pid) -> Option<Arc<Proc>> {
        TABLE.get(&pid).map(|p| Arc::clone(p.value()))
    }

    pub(crate) fn len() -> usize {
        TABLE.len()
    }

    pub(crate) fn pids() -> Vec<Pid> {
        TABLE.iter().map(|entry| *entry.key()).collect()
    }
}

/// Under shuttle: one model-checked lock, reset by each model test.
#[cfg(feature = "shuttle")]
mod table {
    use super::*;
    use rustc_hash::FxHashMap;

    static TABLE: std::sync::Mutex<Option<FxHashMap<Pid, Arc<Proc>>>> = std::sync::Mutex::new(None);

    fn with<R>(f: impl FnOnce(&mut FxHashMap<Pid, Arc<Proc>>) -> R) -> R {
        // Each access is a scheduling point, as a real concurrent map's would
        // be: a switch, not `yield_now`, which also wakes the calling thread's
        // waker and so could hide a lost wake-up from `block_on` in a model.
        shuttle::thread::sleep(std::time::Duration::ZERO);
        let mut table = TABLE.lock().unwrap_or_else(|p| p.into_inner());
        f(table.get_or_insert_with(FxHashMap::default))
    }

    pub(crate) fn insert(proc: Arc<Proc>) {
        with(|t| t.insert(proc.pid, proc));
    }

    pub(crate) fn remove(pid: Pid) {
        with(|t| t.remove(&pid));
    }

    pub(crate) fn get(pid: Pid) -> Option<Arc<Proc>> {
        with(|t| t.get(&pid).cloned())
    }

    pub(crate) fn len() -> usize {
        with(|t| t.len())
    }

    pub(crate) fn pids() -> Vec<Pid> {
        with(|t| t.keys().copied().collect())
    }
}

pub(crate) use table::{get, insert, pids, remove};

#[cfg(not(feature = "shuttle"))]
thread_local! {
    /// The process this thread last sent to: sends come in runs to one
    /// process (a client's calls to its server, a reply stream), and the
    /// table's look-up (a shard lock, a probe, an `Arc` clone and drop) was
    /// a fifth of a ping-pong round trip's instructions. A cached process may
    /// be dead (removed from the table): its `deliver` finds it so and drops
    /// the message, which is what a send to a dead pid does. It keeps at most
    /// one ended process's small state alive per thread, until the next send
    /// elsewhere.
    static LAST_SENT: [std::cell::Cell<Option<Arc<Proc>>>; SENT_SLOTS] =
        const { [const { std::cell::Cell::new(None) }; SENT_SLOTS] };
}

/// Slots of `LAST_SENT`, by a pid's low bits: a power of two.
#[cfg(not(feature = "shuttle"))]
const SENT_SLOTS: usize = 4;

/// Runs `f` on the process `pid` if it was alive when it was last looked up
/// (the target of a send: `f` must check it is still alive under its lock,
/// as `Proc::deliver` does); nothing if it is not in the table.
#[inline]
pub(crate) fn with_send_target(pid: Pid, f: impl FnOnce(&Proc)) {
    #[cfg(not(feature = "shuttle"))]
    {
        // Taken out for the call, not borrowed: a waker `f` wakes may send
        // from this thread again (it then finds the cell empty and looks up).
        let slot = pid.number() as usize & (SENT_SLOTS - 1);
        let cached = LAST_SENT.try_with(|c| c[slot].take()).ok().flatten();
        let target = match cached {
            Some(proc) if proc.pid == pid => proc,
            other => {
                drop(other);
                let Some(proc) = get(pid) else { return };
                proc
            }
        };
        f(&target);
        let _ = LAST_SENT.try_with(|c| c[slot].set(Some(target)));
    }
    #[cfg(feature = "shuttle")]
    if let Some(target) = get(pid) {
        f(&target);
    }
}

/// How many processes are alive right now, in the whole OS process.
///
/// Tests use it to prove that nothing leaks: spawn, finish, and the count
/// returns to where it was.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{process, root::spawn_root};
/// let pid = spawn_root(async { process::self_pid() }).await.unwrap();
/// // Gone from the count as soon as it has told its links and monitors.
/// assert!(!process::alive(pid));
/// println!("{} processes alive", process::count());
/// # }
/// ```
pub fn count() -> usize {
    table::len()
}
