//! Spare process states: the allocation of a finished process's [`Proc`],
//! kept by the thread that dropped it for the next process it spawns,
//! instead of freed and allocated anew.
//!
//! A process that runs to its end one at a time (a task awaited before the
//! next starts, a `start_link` child) frees its state as the next one
//! allocates the same 136 bytes: a `free` and a `malloc` of a chunk too
//! large for glibc's fast bins, so each walks and merges free neighbours.
//! Taking the spare instead costs a thread-local look-up and the writes
//! that make the state new, and it reuses memory still in the cache.
//!
//! Only a handle that is provably the last may be kept ([`Arc::get_mut`]:
//! no other strong handle, and the runtime makes no weak ones), so nothing
//! can still reach a spare; it is emptied before it is kept, so a spare
//! holds nothing (no `$callers` chain, no relation) while it waits. A few
//! per thread: a batch of 100,000 processes ending together frees all but
//! those, as before.

use super::proc::Proc;
use std::cell::RefCell;
use std::sync::Arc;

/// Spares kept per thread: enough for the processes one spawner runs one
/// after another, few enough that a spare is still in the cache.
const SPARES: usize = 16;

thread_local! {
    static SPARE: RefCell<Vec<Arc<Proc>>> = const { RefCell::new(Vec::new()) };
}

/// The state of a new process: `fresh`, in a spare allocation if this
/// thread has one.
#[inline]
pub(crate) fn make(fresh: Proc) -> Arc<Proc> {
    let spare = SPARE.try_with(|s| s.borrow_mut().pop()).ok().flatten();
    let Some(mut spare) = spare else {
        return Arc::new(fresh);
    };
    match Arc::get_mut(&mut spare) {
        Some(state) => {
            *state = fresh;
            spare
        }
        // Cannot happen (a spare is the only handle to its state); if it
        // did, the spare is shared and not ours to reuse.
        None => Arc::new(fresh),
    }
}

/// Keeps the state behind `last` as a spare if `last` is its last handle
/// and this thread has room; `last` itself is dropped by its owner as usual.
#[inline]
pub(crate) fn keep(last: &mut Arc<Proc>) {
    let room = SPARE.try_with(|s| s.borrow().len() < SPARES);
    if room != Ok(true) {
        return;
    }
    let Some(state) = Arc::get_mut(last) else {
        return;
    };
    // Let go of what the dead process still holds now, as its free would
    // have; outside the spares' borrow, for whatever those drops do.
    *state = Proc::vacant(state.pid);
    let spare = Arc::clone(last);
    let _ = SPARE.try_with(|s| s.borrow_mut().push(spare));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pid;
    use crate::runtime::callers::Callers;
    use crate::runtime::proc::State;

    fn spares() -> usize {
        SPARE.with_borrow(Vec::len)
    }

    fn fresh() -> Proc {
        Proc::new(Pid::next(), Callers::default(), State::default())
    }

    #[test]
    fn a_last_handle_is_kept_emptied_and_its_allocation_reused() {
        // A thread of its own: the spares are per thread.
        std::thread::spawn(|| {
            let starter = Arc::new(fresh());
            let mut last = Arc::new(Proc::new(
                Pid::next(),
                Callers::started_by(Arc::clone(&starter)),
                State::default(),
            ));
            let at = Arc::as_ptr(&last);
            keep(&mut last);
            drop(last);
            assert_eq!(spares(), 1);
            // Emptied when kept: the starter is no longer held by it.
            assert_eq!(Arc::strong_count(&starter), 1);
            let next = fresh();
            let pid = next.pid;
            let made = make(next);
            assert_eq!(Arc::as_ptr(&made), at, "the spare's allocation");
            assert_eq!(made.pid, pid);
            assert!(made.state.lock().alive, "the new state, not the spare's");
            assert_eq!(spares(), 0);
        })
        .join()
        .expect("the test thread");
    }

    #[test]
    fn a_shared_handle_is_not_kept_and_the_spares_are_bounded() {
        std::thread::spawn(|| {
            let mut shared = Arc::new(fresh());
            let other = Arc::clone(&shared);
            keep(&mut shared);
            assert_eq!(spares(), 0, "another handle can still reach it");
            assert!(other.state.lock().alive, "left as it was");
            for _ in 0..SPARES + 4 {
                keep(&mut Arc::new(fresh()));
            }
            assert_eq!(spares(), SPARES);
        })
        .join()
        .expect("the test thread");
    }
}
