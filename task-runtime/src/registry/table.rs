//! A registry's entries, and the death hook that removes a process's
//! entries before its links and monitors hear of its death (no polling:
//! `runtime/meta.rs`). The table of live registries, by pid, is how a name
//! finds its registry.

use crate::Pid;
use crate::runtime::meta::Meta;
use crate::runtime::proc::Proc;
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::any::Any;
use std::hash::Hash;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, LazyLock};

/// `keys:` of `Registry.start_link/1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keys {
    /// `:unique`: one entry per key.
    Unique,
    /// `:duplicate`: any number of entries per key, several per process too.
    Duplicate,
}

/// One registry's entries. Its lock is taken alone, or before a process's
/// (never the reverse), and no user code runs under it: values are cloned
/// out, and removed entries dropped after it is released.
pub(crate) struct Table<K, V> {
    pub(crate) name: &'static str,
    pub(crate) keys: Keys,
    /// The registry's process (the `owner` of `{:ok, owner}`).
    pub(crate) pid: Pid,
    entries: Mutex<Entries<K, V>>,
}

pub(crate) struct Entries<K, V> {
    /// `false` once the registry's process is gone: nothing registers.
    alive: bool,
    /// In registration order per key (Elixir's `lookup` order on one partition).
    by_key: FxHashMap<K, Vec<Entry<V>>>,
    /// The keys each process holds (repeated for duplicate entries).
    by_pid: FxHashMap<Pid, Vec<K>>,
}

pub(crate) struct Entry<V> {
    /// The process itself: a via-name claimed at birth is found before its
    /// pid is in the process table.
    pub(crate) proc: Arc<Proc>,
    pub(crate) value: V,
}

/// What a removal took out, dropped once the lock is released.
struct Removed<K, V> {
    keys: Vec<K>,
    entries: Vec<Entry<V>>,
}

impl<K, V> Default for Removed<K, V> {
    fn default() -> Self {
        Removed {
            keys: Vec::new(),
            entries: Vec::new(),
        }
    }
}

impl<K: Eq + Hash, V> Entries<K, V> {
    /// Moves `pid`'s entries under `key` into `removed` (and the key, if
    /// none is left).
    fn take_entries(&mut self, key: &K, pid: Pid, removed: &mut Removed<K, V>) {
        let Some(list) = self.by_key.get_mut(key) else {
            return;
        };
        removed
            .entries
            .extend(list.extract_if(.., |e| e.proc.pid == pid));
        if list.is_empty()
            && let Some((key, _)) = self.by_key.remove_entry(key)
        {
            removed.keys.push(key);
        }
    }
}

/// Why `insert` refused.
pub(crate) enum Refused {
    /// A unique key held by this process.
    Taken(Pid),
    /// The registry is gone.
    Gone,
}

impl<K, V> Table<K, V>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    pub(crate) fn new(name: &'static str, keys: Keys, pid: Pid) -> Table<K, V> {
        Table {
            name,
            keys,
            pid,
            entries: Mutex::new(Entries {
                alive: true,
                by_key: FxHashMap::default(),
                by_pid: FxHashMap::default(),
            }),
        }
    }

    /// Registers `proc` under `key`; its first entry here gives it the death
    /// hook that removes them all.
    pub(crate) fn insert(
        self: &Arc<Self>,
        key: K,
        proc: &Arc<Proc>,
        value: V,
    ) -> Result<(), Refused> {
        let first = {
            let mut entries = self.entries.lock();
            if !entries.alive {
                return Err(Refused::Gone);
            }
            let list = entries.by_key.entry(key.clone()).or_default();
            if self.keys == Keys::Unique
                && let Some(holder) = list.first()
            {
                return Err(Refused::Taken(holder.proc.pid));
            }
            list.push(Entry {
                proc: Arc::clone(proc),
                value,
            });
            let held = entries.by_pid.entry(proc.pid).or_default();
            held.push(key);
            held.len() == 1
        };
        if first {
            let table = Arc::downgrade(self);
            let hook = Box::new(move |pid: Pid| {
                if let Some(table) = table.upgrade() {
                    table.remove_pid(pid);
                }
            });
            // Dead already (a process registers itself, so only one
            // born dead, killed before it ran): undo at once.
            if let Err(hook) = Meta::add_death_hook(proc, hook) {
                hook(proc.pid);
            }
        }
        Ok(())
    }

    /// Removes every entry of `pid` (its death).
    fn remove_pid(&self, pid: Pid) {
        let removed = {
            let mut entries = self.entries.lock();
            let keys = entries.by_pid.remove(&pid).unwrap_or_default();
            let mut removed = Removed::default();
            for key in &keys {
                entries.take_entries(key, pid, &mut removed);
            }
            removed.keys.extend(keys);
            removed
        };
        drop_user_values(removed);
    }

    /// `Registry.unregister/2`: the caller's entries under `key`.
    pub(crate) fn unregister(&self, key: &K, pid: Pid) {
        let removed = {
            let mut entries = self.entries.lock();
            let mut removed = Removed::default();
            entries.take_entries(key, pid, &mut removed);
            if let Some(held) = entries.by_pid.get_mut(&pid) {
                removed.keys.extend(held.extract_if(.., |k| k == key));
                if held.is_empty() {
                    entries.by_pid.remove(&pid);
                }
            }
            removed
        };
        drop_user_values(removed);
    }

    /// The entries under `key`, `(pid, value)` in registration order.
    pub(crate) fn lookup(&self, key: &K) -> Vec<(Pid, V)> {
        let entries = self.entries.lock();
        entries.by_key.get(key).map_or_else(Vec::new, |list| {
            list.iter().map(|e| (e.proc.pid, e.value.clone())).collect()
        })
    }

    /// The process holding a unique `key`.
    pub(crate) fn holder(&self, key: &K) -> Option<Arc<Proc>> {
        let entries = self.entries.lock();
        entries
            .by_key
            .get(key)
            .and_then(|list| list.first())
            .map(|e| Arc::clone(&e.proc))
    }

    pub(crate) fn count(&self) -> usize {
        self.entries.lock().by_key.values().map(Vec::len).sum()
    }

    pub(crate) fn keys_of(&self, pid: Pid) -> Vec<K> {
        let entries = self.entries.lock();
        entries.by_pid.get(&pid).cloned().unwrap_or_default()
    }

    pub(crate) fn is_alive(&self) -> bool {
        self.entries.lock().alive
    }

    /// The registry's process died: no entry is left, none can be added.
    pub(crate) fn close(&self) {
        let (by_key, by_pid) = {
            let mut entries = self.entries.lock();
            entries.alive = false;
            (
                std::mem::take(&mut entries.by_key),
                std::mem::take(&mut entries.by_pid),
            )
        };
        drop_user_values((by_key, by_pid));
    }
}

/// Keys and values are the user's: their `Drop` may panic, and must not
/// run under the table's lock (callers release it first) or stop a death
/// hook.
fn drop_user_values<T>(values: T) {
    let _ = catch_unwind(AssertUnwindSafe(move || drop(values)));
}

/// Live registries by their process's pid, type-erased: a name leads to a
/// pid, the pid to its table, which [`find`] gives back at its own types.
static LIVE: LazyLock<Mutex<FxHashMap<Pid, Arc<dyn Any + Send + Sync>>>> =
    LazyLock::new(Mutex::default);

pub(crate) fn publish<K, V>(table: &Arc<Table<K, V>>)
where
    K: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    let erased: Arc<dyn Any + Send + Sync> = Arc::clone(table) as _;
    LIVE.lock().insert(table.pid, erased);
}

pub(crate) fn unpublish(pid: Pid) -> Option<Arc<dyn Any + Send + Sync>> {
    LIVE.lock().remove(&pid)
}

/// The live registry whose process is `pid`: `Err(())` if it holds other
/// key or value types, `Ok(None)` if `pid` is no registry.
#[allow(clippy::type_complexity, reason = "a local result, named once")]
pub(crate) fn find<K, V>(pid: Pid) -> Result<Option<Arc<Table<K, V>>>, ()>
where
    K: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    let Some(erased) = LIVE.lock().get(&pid).cloned() else {
        return Ok(None);
    };
    erased.downcast::<Table<K, V>>().map(Some).map_err(|_| ())
}
