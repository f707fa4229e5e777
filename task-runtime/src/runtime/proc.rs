//! One process's shared state, and the relations it enters: links,
//! monitors, and the relations it is born with. What other processes do to
//! it (messages, exit signals, `:DOWN`s, its own end) is in `signals.rs`.
//!
//! **The locking rule.** Every signal is delivered synchronously by the
//! sender under the target's lock, and no code holds two processes' locks at
//! once. Signals from one sender therefore arrive in the order they were
//! sent, and a process's link exit signals reach a target before its `:DOWN`
//! messages, as on the BEAM.
//!
//! **Its one exception: birth.** [`Proc::relate_at_birth`] holds the
//! parent's lock and then the child's. The child is in no table and runs no
//! code yet, so nobody else can hold or wait for its lock: no order of two
//! locks can deadlock, and the parent sees the link and the monitor in place
//! from the moment the child exists.

use crate::messages::Message;
use crate::runtime::callers::Callers;
use crate::runtime::mailbox::{Mailbox, Tag};
use crate::runtime::registry;
use crate::runtime::relations::Relations;
use crate::runtime::sync::{AtomicBool, Mutex};
use crate::runtime::waiters::Wakeups;
use crate::{ExitReason, Pid, Ref};
use futures::task::AtomicWaker;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub(crate) struct Proc {
    pub(crate) pid: Pid,
    /// `$callers`: the processes that started this one, most recent first.
    pub(crate) callers: Callers,
    /// Wakes the process's tokio task: exit signals (messages wake the
    /// waits pending in the mailbox instead).
    pub(crate) waker: AtomicWaker,
    /// Fast path for the poll loop: an exit is pending in `state`.
    exiting: AtomicBool,
    /// `waker` was ever given a waker ([`Proc::register_waker`]): a task
    /// that ends in its first poll never registers one, and its end then
    /// need not take it out (two atomic read-modify-writes). Written and read
    /// by the process's own task (a plain store and load, no RMW).
    waker_set: AtomicBool,
    /// Held by [`Proc::terminate`] while it tells links and monitors. Whoever
    /// finds the process dead waits on it before answering `:noproc`, so that
    /// the dead process's own signals always arrive first (Erlang's signal
    /// order).
    pub(super) exit_gate: Mutex<()>,
    pub(crate) state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) alive: bool,
    pub(crate) trap_exit: bool,
    /// A receive that the process's own task polls directly is waiting: it
    /// keeps no waiter entry, the next message wakes that task instead
    /// ([`Proc::push`]). So a process parked in a receive carries
    /// no waiter list, and no mailbox, for it (in the padding after the flags).
    pub(crate) own_task_waits: bool,
    /// The process has a `Meta` (a name, death hooks, `$ancestors`) in the
    /// side table of `meta.rs`: few processes have one, and a flag in the
    /// padding after the others costs none of them a byte.
    pub(crate) has_meta: bool,
    pub(crate) mailbox: Mailbox,
    pub(crate) pending_exit: Option<Box<PendingExit>>,
    /// Links, monitors held (a monitor's ref is also an active alias for task
    /// replies), and monitors held on this process.
    pub(crate) relations: Relations,
}

/// An exit the process has been told to take at its next await point.
#[derive(Clone, Debug)]
pub(crate) struct PendingExit {
    pub(crate) reason: ExitReason,
    /// `None` when the process's own code exited; the sender of the signal
    /// otherwise (its own pid for `Process.exit(self(), r)`).
    pub(crate) from: Option<Pid>,
    /// The first exit signal that came after the process's own exit: kept
    /// in case the own exit is taken back ([`Proc::take_own_exit`]), so
    /// that it is not lost.
    pub(crate) then: Option<(ExitReason, Pid)>,
}

/// The last message a process sends as it ends normally: a task's reply.
/// Sent by the process loop itself, just before the exit signals, so the
/// owner sees reply, `{:EXIT, ..}`, `:DOWN` in that order and is woken once,
/// when everything is there (a wake per message would bounce the owner
/// between workers).
pub(crate) struct Reply {
    /// `None`: the process's peer (a task's owner, which links to it and
    /// monitors it): no handle of its own to hold, since the relation has
    /// one. With no peer left, there is no monitor either, and the reply
    /// would be refused anyway (Elixir's alias rule).
    pub(crate) to: Option<Arc<Proc>>,
    pub(crate) r#ref: Ref,
    pub(crate) msg: Message,
}

/// What a process's code returns: nothing, or a [`Reply`] to send.
pub(crate) trait ProcessOutput {
    fn into_reply(self) -> Option<Reply>;
}

impl ProcessOutput for () {
    fn into_reply(self) -> Option<Reply> {
        None
    }
}

impl ProcessOutput for Reply {
    fn into_reply(self) -> Option<Reply> {
        Some(self)
    }
}

impl Proc {
    pub(crate) fn new(pid: Pid, callers: Callers, state: State) -> Proc {
        Proc::with_state(
            pid,
            callers,
            State {
                alive: true,
                ..state
            },
        )
    }

    /// An empty, dead state: what a spare allocation holds while it waits
    /// for the next process (`spare.rs`).
    #[cfg(not(feature = "shuttle"))]
    pub(crate) fn vacant(pid: Pid) -> Proc {
        Proc::with_state(pid, Callers::default(), State::default())
    }

    fn with_state(pid: Pid, callers: Callers, state: State) -> Proc {
        Proc {
            pid,
            callers,
            waker: AtomicWaker::new(),
            exiting: AtomicBool::new(false),
            waker_set: AtomicBool::new(false),
            exit_gate: Mutex::new(()),
            state: Mutex::new(state),
        }
    }

    /// Puts the waker of the process's own task in `waker` (the process's
    /// loop, and its own receives as they go pending).
    #[inline]
    pub(crate) fn register_waker(&self, waker: &std::task::Waker) {
        self.waker.register(waker);
        if !self.waker_set.load(Ordering::Relaxed) {
            self.waker_set.store(true, Ordering::Relaxed);
        }
    }

    /// Lets go of the own task's waker, if it was ever given one (a dead
    /// process is woken by nobody, and the waker holds its tokio task).
    pub(crate) fn release_waker(&self) {
        if self.waker_set.load(Ordering::Relaxed) {
            drop(self.waker.take());
        }
    }

    #[inline]
    pub(crate) fn is_exiting(&self) -> bool {
        self.exiting.load(Ordering::Acquire)
    }

    /// `Process.alive?/1`: not yet terminated, and not told to exit either
    /// (a process stops at its next await point once told).
    pub(crate) fn is_alive(&self) -> bool {
        self.state.lock().alive && !self.is_exiting()
    }

    /// Marks the exit (the first one wins). The caller wakes the process
    /// once it has released the lock (see [`Proc::wake`]).
    pub(crate) fn set_exit(&self, state: &mut State, reason: ExitReason, from: Option<Pid>) {
        match (&mut state.pending_exit, from) {
            (None, _) => {
                state.pending_exit = Some(Box::new(PendingExit {
                    reason,
                    from,
                    then: None,
                }));
                self.exiting.store(true, Ordering::Release);
            }
            (Some(own), Some(from)) if own.from.is_none() && own.then.is_none() => {
                own.then = Some((reason, from));
            }
            _ => {}
        }
    }

    /// Takes back an exit the process's own code asked for (`exit/1` inside
    /// a GenServer callback, which the server turns into its stop reason);
    /// an exit signal from another process stays pending.
    /// An exit signal that came meanwhile becomes the pending exit instead
    /// (and nothing is taken back): the process ends by it.
    pub(crate) fn take_own_exit(&self) -> Option<ExitReason> {
        let mut state = self.state.lock();
        let pending = state.pending_exit.as_mut()?;
        if pending.from.is_some() {
            return None;
        }
        if let Some((reason, from)) = pending.then.take() {
            **pending = PendingExit {
                reason,
                from: Some(from),
                then: None,
            };
            return None;
        }
        let pending = state.pending_exit.take()?;
        self.exiting.store(false, Ordering::Release);
        Some(pending.reason)
    }

    /// Queues an `{:EXIT, ..}` the runtime made; the caller wakes the waits
    /// returned once it has released the lock.
    pub(crate) fn push_exit(&self, state: &mut State, msg: Message) -> Wakeups {
        self.push(state, msg, Tag::Exit)
    }

    /// Queues `msg`; returns the wakers to wake once the lock is released.
    pub(crate) fn push(&self, state: &mut State, msg: Message, tag: Tag) -> Wakeups {
        let wakeups = state.mailbox.push(msg, tag);
        self.with_own_task(state, wakeups)
    }

    /// Queues `{:DOWN, ref, :process, pid, reason}`; as [`Proc::push`].
    pub(crate) fn push_down(
        &self,
        state: &mut State,
        r#ref: Ref,
        pid: Pid,
        reason: &ExitReason,
    ) -> Wakeups {
        let wakeups = state.mailbox.push_down(r#ref, pid, reason);
        self.with_own_task(state, wakeups)
    }

    /// The wakers of a message just queued, with the process's own task's
    /// if a receive it polls directly waits for one (`State::own_task_waits`).
    /// Taking the waker leaves an exit signal nothing to wake until the next
    /// poll: harmless, as this wake-up brings that poll.
    fn with_own_task(&self, state: &mut State, mut wakeups: Wakeups) -> Wakeups {
        self.add_own_task(state, &mut wakeups);
        wakeups
    }

    /// Adds the own task's waker to `wakeups` if a receive it polls directly
    /// waits (as [`Proc::with_own_task`]; also when the private queue comes
    /// back to a wait that found it away, `receive/wait.rs`, `info/`).
    pub(crate) fn add_own_task(&self, state: &mut State, wakeups: &mut Wakeups) {
        if std::mem::take(&mut state.own_task_waits)
            && let Some(waker) = self.waker.take()
        {
            wakeups.add_waker(waker);
        }
    }

    /// Wakes the process's own task (exit signals; messages wake the waits
    /// they are for, `waiters.rs`). Always after its lock is released: a
    /// process woken on another worker would otherwise find the lock still
    /// held and spin.
    pub(crate) fn wake(&self) {
        self.waker.wake();
    }

    /// Links `self` and `other`. `Err(())` if `other` is not alive.
    pub(crate) fn link(self: &Arc<Self>, other: Pid) -> Result<(), ()> {
        if other == self.pid {
            return Ok(());
        }
        let Some(target) = registry::get(other) else {
            return Err(());
        };
        self.link_to(&target)
    }

    /// [`Proc::link`] with the other process at hand.
    pub(crate) fn link_to(self: &Arc<Self>, target: &Arc<Proc>) -> Result<(), ()> {
        // Our side first: if `target` dies right after it records us, its
        // signal must find the link here.
        let new = self.state.lock().relations.add_link(target);
        let linked = {
            let mut state = target.state.lock();
            state.alive && {
                state.relations.add_link(self);
                true
            }
        };
        if linked {
            return Ok(());
        }
        // Dead: its own signals come first. A link that existed before this
        // call is the dead process's to resolve (its exit signal is on the way).
        target.wait_exit_delivered();
        if new {
            let stale = self.state.lock().relations.remove_link(target.pid);
            drop(stale);
        }
        Err(())
    }

    /// Waits until a dead process has told all its links and monitors.
    fn wait_exit_delivered(&self) {
        drop(self.exit_gate.lock());
    }

    pub(crate) fn unlink(&self, other: Pid) {
        let target = self.state.lock().relations.remove_link(other);
        if let Some(target) = target.or_else(|| registry::get(other)) {
            let stale = target.state.lock().relations.remove_link(self.pid);
            drop(stale);
        }
    }

    /// Monitors `target` under `r#ref`; a dead target gives `:DOWN` `:noproc` at once.
    pub(crate) fn monitor(self: &Arc<Self>, target: Pid, r#ref: Ref) {
        let _ = self.monitor_for_call(target, r#ref);
    }

    /// [`Proc::monitor`], for a call that goes on to send to `target`:
    /// returns this process's mailbox position before the monitor existed
    /// (where a reply tagged `r#ref` can first be), taken under the lock
    /// that adds the monitor, and the target if it is alive.
    pub(crate) fn monitor_for_call(
        self: &Arc<Self>,
        target: Pid,
        r#ref: Ref,
    ) -> (u64, Option<Arc<Proc>>) {
        let found = registry::get(target);
        let mut since = 0;
        let watching = found.as_ref().is_some_and(|t| {
            // Our side first, so that the alias is active before the target
            // can reply or go down.
            {
                let mut me = self.state.lock();
                since = me.mailbox.end_seq();
                me.relations.add_monitor(r#ref, t);
            }
            let mut state = t.state.lock();
            state.alive && {
                state.relations.add_watcher(r#ref, self);
                true
            }
        });
        if !watching {
            match &found {
                // Dead but still telling its links and monitors: they first.
                Some(t) => t.wait_exit_delivered(),
                // `down` takes only a :DOWN for a monitor this process holds.
                None => {
                    let mut me = self.state.lock();
                    since = me.mailbox.end_seq();
                    me.relations.add_monitor(r#ref, self);
                }
            }
            self.down(r#ref, target, &ExitReason::Noproc);
            return (since, None);
        }
        (since, found)
    }

    /// `true` if the process traps exits.
    pub(crate) fn traps_exits(&self) -> bool {
        self.state.lock().trap_exit
    }

    /// Sets whether the process traps exits; returns the previous value.
    pub(crate) fn set_trap_exit(&self, trap: bool) -> bool {
        std::mem::replace(&mut self.state.lock().trap_exit, trap)
    }

    /// Removes the messages `select` picks, keeping the others in order, and
    /// returns them so that the caller drops them outside the lock. While
    /// the private queue is out with a scan, `select` is kept and run when
    /// it comes back (`mailbox/mod.rs`), hence `Send + 'static`.
    pub(crate) fn take_messages(
        &self,
        select: impl FnMut(&Message) -> bool + Send + 'static,
    ) -> Vec<Message> {
        self.state.lock().mailbox.take_where(select)
    }

    /// Removes the monitor; `true` if it was active. `flush` removes the
    /// runtime's `:DOWN` of it: for a ref user code never sees.
    pub(crate) fn demonitor(&self, r#ref: Ref, flush: bool) -> bool {
        let undone = {
            let mut state = self.state.lock();
            Demonitored::take(&mut state, r#ref, flush)
        };
        undone.finish(r#ref)
    }

    /// `demonitor(ref, [:flush])` of a ref user code knows (a task's, a
    /// `Process.monitor`'s), since the mailbox was at `since`: if it had
    /// fired, the oldest `:DOWN` of it goes, hand-sent or not (see
    /// [`Demonitored::take_flushing`]).
    pub(crate) fn demonitor_flush_from(&self, r#ref: Ref, since: u64) -> bool {
        let undone = {
            let mut state = self.state.lock();
            Demonitored::take_flushing(&mut state, r#ref, since)
        };
        undone.finish(r#ref)
    }
}

impl Proc {
    /// Links and monitors a process being born (`self`), before anybody else
    /// can see it: `link` is linked to it, `monitor` watches it under its ref.
    /// A parent already dead gets nothing and the child exits with `:noproc`,
    /// as linking to a dead process does; so does a linking parent told to
    /// exit (on the BEAM it would be dead already), so that once a process
    /// is killed the children linked to it are all it will ever have (a
    /// halted stream relies on it, `task/stream/run.rs`). The two-lock
    /// exception to the locking rule (module docs).
    pub(crate) fn relate_at_birth(
        self: &Arc<Self>,
        link: Option<&Arc<Proc>>,
        monitor: Option<&(Arc<Proc>, Ref)>,
    ) {
        let child = self;
        let same = match (link, monitor) {
            (Some(l), Some((m, _))) => Arc::ptr_eq(l, m),
            _ => false,
        };
        let mut dead_parent = false;
        if let Some(parent) = link {
            let mut state = parent.state.lock();
            if state.alive && state.pending_exit.is_none() {
                state.relations.add_link(child);
                if same && let Some((_, r#ref)) = monitor {
                    state.relations.add_monitor(*r#ref, child);
                }
                let mut mine = child.state.lock();
                mine.relations.add_link(parent);
                if same && let Some((_, r#ref)) = monitor {
                    mine.relations.add_watcher(*r#ref, parent);
                }
            } else {
                dead_parent = true;
            }
        }
        if let Some((parent, r#ref)) = monitor.filter(|_| !same) {
            let mut state = parent.state.lock();
            if state.alive {
                state.relations.add_monitor(*r#ref, child);
                child.state.lock().relations.add_watcher(*r#ref, parent);
            }
        }
        if dead_parent {
            let mut state = child.state.lock();
            child.set_exit(&mut state, ExitReason::Noproc, None);
        }
    }

    /// The parent's half of a birth whose child's half was made with its
    /// state ([`Relations::born_of`]: linked, and monitored under `watched`):
    /// under the parent's lock, which also reads where its mailbox is (a task
    /// await scans no message from before its task existed). If the parent
    /// is dead or exiting, the child's half is undone and the child exits
    /// `:noproc`, as [`Proc::relate_at_birth`] would have it.
    pub(crate) fn relate_born_of(self: &Arc<Self>, parent: &Proc, watched: Option<Ref>) -> u64 {
        let child = self;
        let mut state = parent.state.lock();
        let since = state.mailbox.end_seq();
        if state.alive && state.pending_exit.is_none() {
            state.relations.add_link(child);
            if let Some(r#ref) = watched {
                state.relations.add_monitor(r#ref, child);
            }
            return since;
        }
        drop(state);
        let mut mine = child.state.lock();
        let orphaned = mine.relations.orphan();
        child.set_exit(&mut mine, ExitReason::Noproc, None);
        drop(mine);
        drop(orphaned);
        since
    }
}

/// A monitor removed under its holder's lock (and its `:DOWN` flushed):
/// what is left to do once that lock is released.
#[must_use]
pub(crate) struct Demonitored {
    target: Option<Arc<Proc>>,
}

impl Demonitored {
    pub(crate) fn take(state: &mut State, r#ref: Ref, flush: bool) -> Demonitored {
        if flush {
            // A monitor gives at most one :DOWN.
            state.mailbox.flush_down(r#ref);
        }
        Demonitored {
            target: state.relations.remove_monitor(r#ref),
        }
    }

    /// Removes the monitor `r#ref`, known to user code since the mailbox
    /// was at `since`, and flushes as OTP's `demonitor(ref, [:flush])` does:
    /// nothing if the monitor was active (no `:DOWN` of it can be queued; a
    /// hand-sent one stays), else the oldest `:DOWN` of it, the runtime's or
    /// a hand-sent one (`conformance/scenarios/hand_sent_both.exs`).
    pub(crate) fn take_flushing(state: &mut State, r#ref: Ref, since: u64) -> Demonitored {
        // The runtime's `:DOWN` of it queued: the monitor has ended, with no
        // look-up for it. In a process holding many monitors that look-up is
        // a miss probing a long run of removed entries (~500 instructions
        // of each await of a batch of tasks).
        if state.mailbox.flush_fired_down(r#ref, since).is_some() {
            debug_assert!(!state.relations.has_monitor(r#ref));
            return Demonitored { target: None };
        }
        let target = state.relations.remove_monitor(r#ref);
        if target.is_none() {
            state.mailbox.flush_oldest_down(r#ref, since);
        }
        Demonitored { target }
    }

    /// Tells the target it is no longer watched; `true` if the monitor was active.
    pub(crate) fn finish(self, r#ref: Ref) -> bool {
        let Some(target) = self.target else {
            return false;
        };
        let watcher = target.state.lock().relations.remove_watcher(r#ref);
        drop(watcher);
        true
    }
}

#[cfg(test)]
mod size_tests {
    /// Every idle process carries a `Proc`: guard its size (PERFORMANCE.md's
    /// bytes-per-idle-task figure depends on it).
    #[test]
    fn proc_stays_small() {
        assert!(
            size_of::<super::Proc>() <= 120,
            "{}",
            size_of::<super::Proc>()
        );
        assert!(
            size_of::<super::State>() <= 64,
            "{}",
            size_of::<super::State>()
        );
    }
}
