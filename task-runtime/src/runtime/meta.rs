//! What few processes have, kept in a side table keyed by pid so that the
//! others pay one flag (`State::has_meta`, in padding) and one branch at
//! exit for it: a registered name, the hooks that run at death (names and
//! `Registry` entries to free; `Supervisor`/`GenServer` work reuses them),
//! an explicit `$ancestors` and `$initial_call`.
//!
//! **Death hooks run before the signals.** `Proc::terminate` clears the
//! flag under the process's lock, releases it, runs [`Meta::on_death`] and
//! only then tells links and monitors: a name is free, and a `Registry`
//! entry gone, by the time anybody hears of the death (as on the BEAM,
//! which unregisters a name before the exit signals go out), so a
//! supervisor restarting a named child finds the name free. Hooks are the
//! runtime's own code; one that drops user values (a `Registry` entry's key
//! and value) drops them under `catch_unwind`.
//!
//! **The table's lock is a leaf**: taken under a process's lock (to set the
//! flag and the entry together), never held while taking another.

use crate::Pid;
use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::runtime::names;
use crate::runtime::proc::{Proc, State};
use crate::task::Mfa;
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, LazyLock};

/// A hook run once, with the dead process's pid, before its signals.
pub(crate) type DeathHook = Box<dyn FnOnce(Pid) + Send>;

#[derive(Default)]
pub(crate) struct Meta {
    /// Its `Process.register` name.
    pub(crate) name: Option<&'static str>,
    pub(crate) on_death: Vec<DeathHook>,
    /// `$ancestors` given at birth (a supervised child's: its supervisor,
    /// then the supervisor's own); `None`: derived from `$callers`.
    pub(crate) ancestors: Option<Vec<Ancestor>>,
    /// `$initial_call` other than the default (a task's `{M, :f, arity}`).
    pub(crate) initial_call: Option<Mfa>,
}

/// One entry of `$ancestors`: the registered name of the process if it had
/// one when the child was started, else its pid. Prints as Elixir prints
/// it: `#PID<0.96.0>`, `:my_sup`, `MyApp.Tasks`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ancestor {
    /// An unnamed process.
    Pid(Pid),
    /// A process registered under this name.
    Name(&'static str),
}

impl Ancestor {
    /// As an Elixir term.
    pub fn to_term(self) -> Term {
        match self {
            Ancestor::Pid(pid) => Term::Pid(pid),
            Ancestor::Name(name) => Term::Doc(Box::new(names::name_doc(name))),
        }
    }
}

impl Inspect for Ancestor {
    fn to_doc(&self) -> Doc {
        self.to_term().to_doc()
    }
}

impl_debug_via_inspect!(Ancestor);

/// `$ancestors` of a process `parent` starts now (Elixir's `proc_lib`:
/// the parent's registered name, or its pid, then the parent's own
/// `$ancestors`). What a supervisor gives each child it starts
/// (`Spawn::ancestors`).
pub(crate) fn ancestors_of_child(parent: &Arc<Proc>) -> Vec<Ancestor> {
    let mut out = vec![Ancestor::of(parent)];
    out.extend(ancestors(parent));
    out
}

/// The `$ancestors` of `proc`: given at its birth, or, for a task, its
/// starter (the first of its `$callers`) and the starter's own; none for
/// a plain `spawn`. A task's are read now, not recorded at its start (that
/// costs every task nothing): a starter renamed since shows its new name.
pub(crate) fn ancestors(proc: &Arc<Proc>) -> Vec<Ancestor> {
    let mut out = Vec::new();
    let mut at = Arc::clone(proc);
    loop {
        if let Some(given) = Meta::read(at.pid, |m| m.ancestors.clone()).flatten() {
            out.extend(given);
            return out;
        }
        let Some(starter) = at.callers.starter().cloned() else {
            return out;
        };
        out.push(Ancestor::of(&starter));
        at = starter;
    }
}

impl Ancestor {
    /// `proc` as an ancestor: its name if it has one now, else its pid.
    pub(crate) fn of(proc: &Proc) -> Ancestor {
        match names::name_of(proc.pid) {
            Some(name) => Ancestor::Name(name),
            None => Ancestor::Pid(proc.pid),
        }
    }
}

/// parking_lot's lock even under shuttle: the model tests reach no `Meta`.
static TABLE: LazyLock<Mutex<FxHashMap<Pid, Meta>>> = LazyLock::new(Mutex::default);

impl Meta {
    /// Runs `f` on the `Meta` of the process whose locked state is `state`
    /// (made on first need). Under that lock, so that a process that is
    /// dying (its flag taken) never gets a `Meta` nobody would free: the
    /// caller checks `state.alive` first.
    pub(crate) fn update<R>(state: &mut State, pid: Pid, f: impl FnOnce(&mut Meta) -> R) -> R {
        state.has_meta = true;
        f(TABLE.lock().entry(pid).or_default())
    }

    /// Adds a hook run once at `proc`'s death, before its links and
    /// monitors hear; `Err(hook)` (not added) if `proc` is already dead or
    /// dying, so that the caller undoes what the hook was to undo.
    pub(crate) fn add_death_hook(proc: &Proc, hook: DeathHook) -> Result<(), DeathHook> {
        let mut state = proc.state.lock();
        if !state.alive {
            return Err(hook);
        }
        Meta::update(&mut state, proc.pid, |meta| meta.on_death.push(hook));
        Ok(())
    }

    /// Reads the `Meta` of `pid`, if it has one.
    pub(crate) fn read<R>(pid: Pid, f: impl FnOnce(&Meta) -> R) -> Option<R> {
        TABLE.lock().get(&pid).map(f)
    }

    /// Frees what the dead process `pid` held; no lock is held here.
    pub(crate) fn on_death(pid: Pid) {
        let Some(meta) = TABLE.lock().remove(&pid) else {
            return;
        };
        if let Some(name) = meta.name {
            names::release(name, pid);
        }
        for hook in meta.on_death {
            // A failing hook must not stop the signals that follow.
            let _ = catch_unwind(AssertUnwindSafe(|| hook(pid)));
        }
    }
}
