//! Elixir's `Registry`: a local key-value store of processes. A process
//! registers **itself** under keys, with a value; its entries go when it
//! exits (before its links and monitors hear of it, with no polling); a
//! unique registry's keys are names, through [`Registry::via`].
//!
//! A registry is a process (started linked to the caller, trapping exits,
//! stopping with its parent as a supervisor does) registered under its
//! name; each registering process is linked to it, as Elixir links it to
//! the registry's partition. In Rust a registry is typed: keys `K` and
//! values `V` (an `Atom`, a `String`, a tuple of them... for keys; any
//! `Clone` value, `Term` included, for values). One partition: Elixir's
//! `:partitions` only spreads the load, and `dispatch` calls its function
//! once per partition holding entries, so here once.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use task_runtime::{process, registry::{Keys, Registry}};
//! # task_runtime::root::spawn_root(async {
//! let reg: Registry<&str, u32> = Registry::start_link(Keys::Unique, "Doc.Registry").await.unwrap();
//! let owner = reg.register("k", 1).unwrap();
//! assert_eq!(owner, reg.pid());
//! assert_eq!(reg.lookup(&"k"), vec![(process::self_pid(), 1)]);
//! assert_eq!(format!("{:?}", reg.register("k", 2).unwrap_err()),
//!            format!("{{:already_registered, {:?}}}", process::self_pid()));
//! # }).await.unwrap();
//! # }
//! ```

mod table;
mod via;

pub use table::Keys;

use self::table::{Refused, Table};
use crate::inspect::Term;
use crate::messages::Exit;
use crate::messages::Message;
use crate::name::{Name, spawn_named};
use crate::runtime::current::{current, exit_current};
use crate::runtime::meta::{Meta, ancestors_of_child};
use crate::runtime::names;
use crate::runtime::receive::Receive;
use crate::runtime::report::Origin;
use crate::runtime::spawn::Spawn;
use crate::{ExitReason, Pid, Timeout};
use std::hash::Hash;
use std::sync::Arc;

/// A running registry: a cheap, cloneable handle (`Debug` prints its name).
/// Its calls act on the current process (`register`, `unregister`) or
/// read the entries; a registry that is gone has none, and refuses to
/// register with Elixir's `unknown registry: R`.
pub struct Registry<K, V> {
    table: Arc<Table<K, V>>,
}

impl<K, V> Clone for Registry<K, V> {
    fn clone(&self) -> Self {
        Registry {
            table: Arc::clone(&self.table),
        }
    }
}

impl<K, V> crate::inspect::Inspect for Registry<K, V> {
    fn to_doc(&self) -> crate::inspect::Doc {
        names::name_doc(self.table.name)
    }
}

impl<K, V> std::fmt::Debug for Registry<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::inspect::inspect(self))
    }
}

/// `{:already_registered, pid}`: a unique key `pid` holds.
pub fn already_registered(pid: Pid) -> ExitReason {
    ExitReason::Term(Term::tuple([
        Term::atom("already_registered"),
        Term::Pid(pid),
    ]))
}

/// `unknown registry: R` (an `ArgumentError`).
pub(crate) fn unknown_registry(name: &'static str) -> ExitReason {
    let name = crate::inspect::inspect(&Name::Local(name));
    ExitReason::argument_error(format!("unknown registry: {name}"))
}

impl<K, V> Registry<K, V>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// Starts a registry linked to the caller, registered as `name`
    /// (`Registry.start_link(keys: keys, name: name)`).
    /// `Err({:already_started, pid})` if `name` is taken.
    pub async fn start_link(keys: Keys, name: &'static str) -> Result<Registry<K, V>, ExitReason> {
        let parent = current();
        let parent_pid = parent.as_ref().map(|p| p.pid);
        let spawn = Spawn {
            ancestors: parent.as_ref().map(ancestors_of_child),
            link: parent,
            trap_exit: true,
            // Its exit only echoes its parent's.
            origin: Origin::Unreported,
            what: "Registry.start_link/1",
            ..Spawn::default()
        };
        let proc = spawn_named(run(parent_pid), spawn, &Name::Local(name))?;
        let table = Arc::new(Table::new(name, keys, proc.pid));
        table::publish(&table);
        let closing = Arc::clone(&table);
        let hook = Box::new(move |pid: Pid| {
            drop(table::unpublish(pid));
            closing.close();
        });
        if let Err(hook) = Meta::add_death_hook(&proc, hook) {
            hook(proc.pid);
        }
        Ok(Registry { table })
    }

    /// The registry registered as `name`, with these key and value types.
    /// `Err` is Elixir's `unknown registry: R` if there is none (and an
    /// `ArgumentError` naming the types if it holds others).
    pub fn named(name: &'static str) -> Result<Registry<K, V>, ExitReason> {
        let Some(proc) = names::lookup(name) else {
            return Err(unknown_registry(name));
        };
        match table::find::<K, V>(proc.pid) {
            Ok(Some(table)) => Ok(Registry { table }),
            Ok(None) => Err(unknown_registry(name)),
            Err(()) => Err(ExitReason::argument_error(format!(
                "registry {} holds keys and values of other types than {} and {}",
                crate::inspect::inspect(&Name::Local(name)),
                std::any::type_name::<K>(),
                std::any::type_name::<V>(),
            ))),
        }
    }

    /// The registry's process (the `owner` of `register`'s `{:ok, owner}`).
    pub fn pid(&self) -> Pid {
        self.table.pid
    }

    /// Its name.
    pub fn name(&self) -> &'static str {
        self.table.name
    }

    /// Whether it is unique or duplicate.
    pub fn keys(&self) -> Keys {
        self.table.keys
    }

    /// Registers the **current process** under `key` with `value`
    /// (`Registry.register/3`), and links it to the registry; `Ok(owner)`,
    /// the registry's pid. A unique key held (by this process or another):
    /// `Err({:already_registered, holder})`; a registry that is gone:
    /// `Err(unknown registry: R)`.
    ///
    /// # Panics
    /// Outside any process (there is nobody to register).
    pub fn register(&self, key: K, value: V) -> Result<Pid, ExitReason> {
        let me = crate::runtime::current::require_current("Registry.register/3");
        self.register_proc(&me, key, value)
    }

    pub(crate) fn register_proc(
        &self,
        proc: &Arc<crate::runtime::proc::Proc>,
        key: K,
        value: V,
    ) -> Result<Pid, ExitReason> {
        match self.table.insert(key, proc, value) {
            Ok(()) => {}
            Err(Refused::Taken(holder)) => return Err(already_registered(holder)),
            Err(Refused::Gone) => return Err(unknown_registry(self.table.name)),
        }
        if let Some(registry) = crate::runtime::registry::get(self.table.pid) {
            // Dead meanwhile: its death hook emptied the table.
            let _ = proc.link_to(&registry);
        }
        Ok(self.table.pid)
    }

    /// The entries under `key`, `[{pid, value}]` (`Registry.lookup/2`), in
    /// registration order; `[]` if none.
    pub fn lookup(&self, key: &K) -> Vec<(Pid, V)> {
        self.table.lookup(key)
    }

    /// Removes the current process's entries under `key`
    /// (`Registry.unregister/2`, always `:ok`): another process's stay.
    pub fn unregister(&self, key: &K) {
        if let Some(me) = crate::runtime::current::current_pid() {
            self.table.unregister(key, me);
        }
    }

    /// The number of entries (`Registry.count/1`).
    pub fn count(&self) -> usize {
        self.table.count()
    }

    /// The keys `pid` is registered under (`Registry.keys/2`), a key once
    /// per entry; `[]` for an unknown pid.
    pub fn keys_of(&self, pid: Pid) -> Vec<K> {
        self.table.keys_of(pid)
    }

    /// The values `pid` registered under `key` (`Registry.values/3`).
    pub fn values(&self, key: &K, pid: Pid) -> Vec<V> {
        let entries = self.table.lookup(key);
        entries
            .into_iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, v)| v)
            .collect()
    }

    /// Runs `f` with the entries under `key`, in the caller
    /// (`Registry.dispatch/3`); not at all if there are none. The entries
    /// are a copy taken at the call: `f` runs with no lock held and may
    /// send to them, or call the registry.
    pub fn dispatch(&self, key: &K, f: impl FnOnce(&[(Pid, V)])) {
        let entries = self.table.lookup(key);
        if !entries.is_empty() {
            f(&entries);
        }
    }

    /// Whether the registry's process is still running.
    pub fn alive(&self) -> bool {
        self.table.is_alive()
    }
}

/// The registry's process: it holds no state (the table does); it waits
/// for its parent to stop it, taking every message, such as the
/// `{:EXIT, ..}` of each process registered in it (linked to it), as
/// Elixir's partitions do.
async fn run(parent: Option<Pid>) {
    let me = current().expect("a registry runs in a process");
    loop {
        // The whole message out, so that a stray one is dropped here, with
        // no lock held.
        let taken = Receive::runtime(
            Arc::clone(&me),
            |m: &mut Message| Some(std::mem::replace(m, Box::new(()))),
            Timeout::Infinity,
        )
        .await;
        let Some(Ok(exit)) = taken.map(|m| m.downcast::<Exit>()) else {
            continue;
        };
        let Exit { from, reason } = *exit;
        if Some(from) == parent {
            match exit_current(reason).await {}
        }
    }
}
