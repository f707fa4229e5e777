//! One process's shared state and the signals other processes send it.
//!
//! Every signal is delivered synchronously by the sender under the target's
//! lock, and no code ever holds two processes' locks at once. Signals from
//! one sender therefore arrive in the order they were sent, and a process's
//! link exit signals reach a target before its `:DOWN` messages, as on the BEAM.

use crate::messages::Exit;
use crate::runtime::callers::Callers;
use crate::runtime::mailbox::{Mailbox, Tag};
use crate::runtime::registry;
use crate::runtime::relations::{Relations, Taken};
use crate::runtime::spawn::Reply;
use crate::runtime::sync::{AtomicBool, Mutex};
use crate::{ExitReason, Pid, Ref};
use futures::task::AtomicWaker;
use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// A message in a mailbox: any `Send` value.
pub type Message = Box<dyn Any + Send>;

/// The pid that signals sent from outside any process carry: Erlang's
/// `init`, `#PID<0.0.0>`.
pub(crate) const OUTSIDE: Pid = Pid::OUTSIDE;

pub(crate) struct Proc {
    pub(crate) pid: Pid,
    /// `$callers`: the processes that started this one, most recent first.
    pub(crate) callers: Callers,
    /// Wakes the process's tokio task: new messages and exit signals.
    pub(crate) waker: AtomicWaker,
    /// Fast path for the poll loop: an exit is pending in `state`.
    exiting: AtomicBool,
    /// Held by [`Proc::terminate`] while it tells links and monitors. Whoever
    /// finds the process dead waits on it before answering `:noproc`, so that
    /// the dead process's own signals always arrive first (Erlang's signal
    /// order).
    exit_gate: Mutex<()>,
    pub(crate) state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) alive: bool,
    pub(crate) trap_exit: bool,
    pub(crate) mailbox: Mailbox,
    pub(crate) pending_exit: Option<Box<PendingExit>>,
    /// Links, monitors held (a monitor's ref is also an active alias for task
    /// replies), and monitors held on this process.
    pub(crate) relations: Relations,
}

/// What one signal did to a process's state, for the sender to finish once
/// the lock is released.
#[derive(Default)]
#[must_use]
struct Outcome {
    wake: bool,
    /// The other end of a relation the signal ended: never dropped under a lock.
    released: Option<Arc<Proc>>,
}

/// An exit the process has been told to take at its next await point.
#[derive(Clone, Debug)]
pub(crate) struct PendingExit {
    pub(crate) reason: ExitReason,
    /// `None` when the process's own code exited; the sender of the signal
    /// otherwise (its own pid for `Process.exit(self(), r)`).
    pub(crate) from: Option<Pid>,
}

impl Proc {
    pub(crate) fn new(pid: Pid, callers: Callers, state: State) -> Proc {
        Proc {
            pid,
            callers,
            waker: AtomicWaker::new(),
            exiting: AtomicBool::new(false),
            exit_gate: Mutex::new(()),
            state: Mutex::new(State {
                alive: true,
                ..state
            }),
        }
    }

    pub(crate) fn is_exiting(&self) -> bool {
        self.exiting.load(Ordering::Acquire)
    }

    /// Marks the exit (the first one wins). The caller wakes the process
    /// once it has released the lock (see [`Proc::wake`]).
    pub(crate) fn set_exit(&self, state: &mut State, reason: ExitReason, from: Option<Pid>) {
        if state.pending_exit.is_none() {
            state.pending_exit = Some(Box::new(PendingExit { reason, from }));
            self.exiting.store(true, Ordering::Release);
        }
    }

    /// Queues a message; the caller wakes the process once it has released
    /// the lock (see [`Proc::wake`]).
    pub(crate) fn push(&self, state: &mut State, msg: Message) {
        state.mailbox.push(msg, Tag::Plain);
    }

    /// Wakes the process. Always after its lock is released: a process woken
    /// on another worker would otherwise find the lock still held and spin.
    pub(crate) fn wake(&self) {
        self.waker.wake();
    }

    /// Delivers a user message (a no-op once the process is dead).
    pub(crate) fn deliver(&self, msg: Message) {
        let mut state = self.state.lock();
        if !state.alive {
            return;
        }
        self.push(&mut state, msg);
        drop(state);
        self.wake();
    }

    /// Delivers a task reply sent to the alias `r#ref`: dropped unless the
    /// monitor behind the alias is still active (Elixir's `alias: :demonitor`).
    pub(crate) fn deliver_reply(&self, r#ref: Ref, msg: Message) {
        if let Some(undelivered) = self.deliver_reply_quietly(r#ref, msg) {
            drop(undelivered);
        } else {
            self.wake();
        }
    }

    /// [`Proc::deliver_reply`] without waking the process: the sender wakes it
    /// once its exit signals are delivered too. Returns the message if it was
    /// not delivered, for the caller to drop outside the lock.
    pub(crate) fn deliver_reply_quietly(&self, r#ref: Ref, msg: Message) -> Option<Message> {
        let mut state = self.state.lock();
        self.push_reply(&mut state, r#ref, msg)
    }

    /// Queues a task reply if the alias `r#ref` is active; hands the message
    /// back otherwise.
    fn push_reply(&self, state: &mut State, r#ref: Ref, msg: Message) -> Option<Message> {
        if state.alive && state.relations.has_monitor(r#ref) {
            state.mailbox.push(msg, Tag::Reply(r#ref));
            None
        } else {
            Some(msg)
        }
    }

    /// Puts the reply `(ref, value)` of a task that is already done in this
    /// process's own mailbox, tagged like a reply sent to the alias `ref`
    /// (`Task.completed/1`; there is no monitor to check).
    pub(crate) fn deliver_own_reply(&self, r#ref: Ref, msg: Message) {
        let mut state = self.state.lock();
        if state.alive {
            state.mailbox.push(msg, Tag::Reply(r#ref));
        }
    }

    /// An exit signal from `from`'s link: `from` ended with `reason`.
    pub(crate) fn link_exit(&self, from: Pid, reason: &ExitReason) {
        let mut state = self.state.lock();
        let outcome = self.link_exit_locked(&mut state, from, reason);
        drop(state);
        self.finish(outcome);
    }

    fn link_exit_locked(&self, state: &mut State, from: Pid, reason: &ExitReason) -> Outcome {
        if !state.alive {
            return Outcome::default();
        }
        // Unlinked meanwhile: the signal is void.
        let Some(sender) = state.relations.remove_link(from) else {
            return Outcome::default();
        };
        let wake = if state.trap_exit {
            let msg = Box::new(Exit {
                from,
                reason: reason.clone(),
            });
            self.push(state, msg);
            true
        } else if !reason.is_normal() {
            self.set_exit(state, reason.clone(), Some(from));
            true
        } else {
            false
        };
        Outcome {
            wake,
            released: Some(sender),
        }
    }

    /// Wakes the process if a signal asked for it, after the lock is released.
    fn finish(&self, outcome: Outcome) {
        drop(outcome.released);
        if outcome.wake {
            self.wake();
        }
    }

    /// `Process.exit(pid, reason)` sent by `from`.
    pub(crate) fn exit_signal(&self, from: Pid, reason: ExitReason) {
        let mut state = self.state.lock();
        if !state.alive {
            return;
        }
        match reason {
            ExitReason::Kill => self.set_exit(&mut state, ExitReason::Killed, Some(from)),
            reason if state.trap_exit => {
                self.push(&mut state, Box::new(Exit { from, reason }));
            }
            ExitReason::Normal if from != self.pid => return,
            reason => self.set_exit(&mut state, reason, Some(from)),
        }
        drop(state);
        self.wake();
    }

    /// A `:DOWN` for the monitor `r#ref` this process holds.
    pub(crate) fn down(&self, r#ref: Ref, pid: Pid, reason: &ExitReason) {
        let mut state = self.state.lock();
        let outcome = Self::down_locked(&mut state, r#ref, pid, reason);
        drop(state);
        self.finish(outcome);
    }

    fn down_locked(state: &mut State, r#ref: Ref, pid: Pid, reason: &ExitReason) -> Outcome {
        if !state.alive {
            return Outcome::default();
        }
        let Some(target) = state.relations.remove_monitor(r#ref) else {
            return Outcome::default();
        };
        state.mailbox.push_down(r#ref, pid, reason);
        Outcome {
            wake: true,
            released: Some(target),
        }
    }

    /// Everything a dying process `from` has to tell its peer, under one
    /// lock and with one wake: its reply, its link's exit signal, then the
    /// `:DOWN` of the peer's monitor (the order a task's owner sees them in
    /// on the BEAM). Returns the reply if it was not delivered.
    fn peer_exit(
        &self,
        from: Pid,
        reason: &ExitReason,
        link: bool,
        watched: Option<Ref>,
        reply: Option<(Ref, Message)>,
    ) -> Option<Message> {
        let mut state = self.state.lock();
        if !state.alive {
            return reply.map(|(_, msg)| msg);
        }
        // A task replies to the ref its owner monitors it under: one look-up
        // both checks the alias and ends the monitor, whose `:DOWN` follows.
        let monitor = watched.map(|r#ref| (r#ref, state.relations.remove_monitor(r#ref)));
        let mut wake = false;
        let undelivered = reply.and_then(|(r#ref, msg)| {
            let active = match monitor {
                Some((watched, ref target)) if watched == r#ref => target.is_some(),
                _ => state.relations.has_monitor(r#ref),
            };
            if !active {
                return Some(msg);
            }
            state.mailbox.push(msg, Tag::Reply(r#ref));
            wake = true;
            None
        });
        let linked = link.then(|| self.link_exit_locked(&mut state, from, reason));
        let target = monitor.and_then(|(r#ref, target)| {
            let target = target?;
            state.mailbox.push_down(r#ref, from, reason);
            wake = true;
            Some(target)
        });
        drop(state);
        drop(target);
        if let Some(linked) = linked {
            wake |= linked.wake;
            drop(linked.released);
        }
        if wake {
            self.wake();
        }
        undelivered
    }

    /// Terminates the process's bookkeeping with `reason` and tells its links
    /// and monitors, links first; `reply` (a task's) goes out before either.
    /// Returns `false` if it had already exited.
    pub(crate) fn terminate(&self, reason: &ExitReason, reply: Option<Reply>) -> bool {
        let _gate = self.exit_gate.lock();
        let (taken, mailbox) = {
            let mut state = self.state.lock();
            if !state.alive {
                return false;
            }
            state.alive = false;
            (state.relations.take(), state.mailbox.take_all())
        };
        // Nobody wakes a dead process: let its tokio task go.
        drop(self.waker.take());
        // Messages are user values whose drop may do anything, panic
        // included: never under a lock, and never in the way of the signals.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(mailbox)));
        let Taken { peer, more } = taken;
        // A reply to anybody but the peer goes first, on its own; its
        // receiver is woken once everything is out.
        let mut reply = reply.map(|r| (r.to, r.r#ref, r.msg));
        let mut separate = None;
        if let Some((to, r#ref, msg)) =
            reply.take_if(|(to, ..)| !peer.as_ref().is_some_and(|p| Arc::ptr_eq(&p.proc, to)))
        {
            drop(to.deliver_reply_quietly(r#ref, msg));
            separate = Some(to);
        }
        for (_, target) in more.links {
            target.link_exit(self.pid, reason);
        }
        if let Some(peer) = peer {
            let reply = reply.map(|(_, r#ref, msg)| (r#ref, msg));
            let undelivered = peer
                .proc
                .peer_exit(self.pid, reason, peer.link, peer.watched, reply);
            drop(undelivered);
            if let Some(r#ref) = peer.monitored {
                let watcher = peer.proc.state.lock().relations.remove_watcher(r#ref);
                drop(watcher);
            }
        }
        for (r#ref, watcher) in more.watchers {
            watcher.down(r#ref, self.pid, reason);
        }
        for (r#ref, target) in more.monitors {
            let watcher = target.state.lock().relations.remove_watcher(r#ref);
            drop(watcher);
        }
        if let Some(to) = separate {
            to.wake();
        }
        // Only now: until here, a look-up finds the dying process and waits
        // on its gate.
        registry::remove(self.pid);
        true
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
        let found = registry::get(target);
        let watching = found.as_ref().is_some_and(|t| {
            // Our side first, so that the alias is active before the target
            // can reply or go down.
            self.state.lock().relations.add_monitor(r#ref, t);
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
                None => self.state.lock().relations.add_monitor(r#ref, self),
            }
            self.down(r#ref, target, &ExitReason::Noproc);
        }
    }

    /// `true` if the process traps exits.
    pub(crate) fn traps_exits(&self) -> bool {
        self.state.lock().trap_exit
    }

    /// Removes the messages `select` picks, keeping the others in order, and
    /// returns them so that the caller drops them outside the lock.
    pub(crate) fn take_messages(&self, select: impl FnMut(&Message) -> bool) -> Vec<Message> {
        self.state.lock().mailbox.take_where(select)
    }

    /// Removes the monitor; `true` if it was active.
    pub(crate) fn demonitor(&self, r#ref: Ref, flush: bool) -> bool {
        let undone = {
            let mut state = self.state.lock();
            Demonitored::take(&mut state, r#ref, flush)
        };
        undone.finish(r#ref)
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
