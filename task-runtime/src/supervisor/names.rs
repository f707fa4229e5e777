//! Registered names of task supervisors (`name: ...`).

use crate::Pid;
use rustc_hash::FxHashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};

static NAMES: LazyLock<Mutex<FxHashMap<&'static str, Pid>>> = LazyLock::new(Mutex::default);

pub(crate) fn table() -> MutexGuard<'static, FxHashMap<&'static str, Pid>> {
    NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The pid registered under `name`.
pub(crate) fn whereis(name: &str) -> Option<Pid> {
    table().get(name).copied()
}

/// Forgets `name` if it still names `pid`.
pub(crate) fn unregister(name: &'static str, pid: Pid) {
    let mut names = table();
    if names.get(name) == Some(&pid) {
        names.remove(name);
    }
}
