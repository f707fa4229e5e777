//! The one table of registered names (`Process.register/2`): name → live
//! process. A process holds at most one name, recorded in its `Meta`, and
//! its death frees it before its links and monitors hear (`meta.rs`).
//!
//! Lock order: this table's lock, then a process's state lock (to check it
//! is alive and unnamed, and record the name). The exit path takes the
//! process's lock alone, releases it, then this one: never the reverse.

use crate::Pid;
use crate::inspect::{Atom, Doc, Inspect};
use crate::runtime::meta::Meta;
use crate::runtime::proc::Proc;
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock};

/// The process itself, not only its pid: a name is claimed at birth,
/// before the pid is in the process table, and a send to it must not be lost.
type Table = FxHashMap<&'static str, Arc<Proc>>;

/// parking_lot's lock even under shuttle: the model tests reach no name.
static NAMES: LazyLock<Mutex<Table>> = LazyLock::new(Mutex::default);

/// Why a name could not be given.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Held by this process (`{:already_started, pid}` at a start).
    Taken(Pid),
    /// The process is not alive, or already has a name.
    NotAlive,
    AlreadyNamed,
}

/// Gives `proc` the name `name` (the process may not be visible to anyone yet).
pub(crate) fn claim(name: &'static str, proc: &Arc<Proc>) -> Result<(), Refused> {
    let mut names = NAMES.lock();
    if let Some(holder) = names.get(name) {
        return Err(Refused::Taken(holder.pid));
    }
    {
        let mut state = proc.state.lock();
        if !state.alive || state.pending_exit.is_some() {
            return Err(Refused::NotAlive);
        }
        let pid = proc.pid;
        Meta::update(&mut state, pid, |meta| {
            if meta.name.is_some() {
                return Err(Refused::AlreadyNamed);
            }
            meta.name = Some(name);
            Ok(())
        })?;
    }
    names.insert(name, Arc::clone(proc));
    Ok(())
}

/// The live process registered as `name`.
pub(crate) fn lookup(name: &str) -> Option<Arc<Proc>> {
    NAMES.lock().get(name).cloned()
}

/// `Process.unregister/1`: `false` if nobody holds `name`.
pub(crate) fn unregister(name: &str) -> bool {
    let removed = {
        let mut names = NAMES.lock();
        let removed = names.remove_entry(name);
        // Under the table's lock, as `claim` does, so that no register of
        // the process sees the name half gone.
        if let Some((name, proc)) = &removed {
            let mut state = proc.state.lock();
            if state.alive {
                Meta::update(&mut state, proc.pid, |meta| {
                    meta.name.take_if(|held| held == name);
                });
            }
        }
        removed
    };
    // Perhaps the last reference: dropped with no lock held.
    removed.is_some()
}

/// Frees `name` at the death of `pid` (if it still names that process).
pub(crate) fn release(name: &'static str, pid: Pid) {
    let released = {
        let mut names = NAMES.lock();
        match names.get(name) {
            Some(holder) if holder.pid == pid => names.remove(name),
            _ => None,
        }
    };
    // The last reference may be this one: dropped with no lock held.
    drop(released);
}

/// Every registered name (`Process.registered/0`), in no order.
pub(crate) fn all() -> Vec<&'static str> {
    NAMES.lock().keys().copied().collect()
}

/// The name of the process `pid`, if it has one now.
pub(crate) fn name_of(pid: Pid) -> Option<&'static str> {
    Meta::read(pid, |m| m.name).flatten()
}

/// A registered name as Elixir prints it: `:worker`, or `MyApp.Tasks` for
/// an alias.
pub(crate) fn name_doc(name: &'static str) -> Doc {
    Atom::module(name).to_doc()
}
