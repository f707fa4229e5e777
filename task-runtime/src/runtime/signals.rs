//! The signals other processes send one process, each delivered by the
//! sender under the target's lock (the locking rule, `proc.rs`): messages,
//! task replies, link exit signals, `Process.exit/2`, `:DOWN`s, and the
//! process's own end, which tells its links and monitors. Also the three
//! ways code sends a signal to a pid: [`send`], [`send_exit`] and
//! [`link_or_noproc`].

use crate::inspect::Term;
use crate::messages::{Exit, Message};
use crate::runtime::current::exit_current;
use crate::runtime::mailbox::Tag;
use crate::runtime::meta::Meta;
use crate::runtime::proc::{Proc, Reply, State};
use crate::runtime::registry;
use crate::runtime::relations::{More, Taken};
use crate::runtime::waiters::Wakeups;
use crate::{ExitReason, Pid, Ref};
use std::sync::Arc;

/// Sends `msg` to `pid` (`send/2`); a no-op to a dead pid.
#[inline]
pub(crate) fn send<M: Send + 'static>(pid: Pid, msg: M) {
    registry::with_send_target(pid, |target| target.deliver(Box::new(msg)));
}

/// Sends the exit signal `reason` to `pid` as the process `from`
/// (`Process.exit/2` called by `from`); a no-op to a dead pid.
pub(crate) fn send_exit(from: Pid, pid: Pid, reason: ExitReason) {
    if let Some(target) = registry::get(pid) {
        target.exit_signal(from, reason);
    }
}

/// Links `me` to `pid` (`Process.link/1`); `me` is the current process, or
/// a stand-in owner (which traps exits). If `pid` is not alive: a process
/// trapping exits gets `{:EXIT, pid, :noproc}`; any other exits with
/// `{:noproc, []}`, and the future never completes.
pub(crate) async fn link_or_noproc(me: &Arc<Proc>, pid: Pid) {
    if me.link(pid).is_ok() {
        return;
    }
    if me.traps_exits() {
        me.deliver(Box::new(Exit {
            from: pid,
            reason: ExitReason::Noproc,
        }));
    } else {
        // Erlang raises an error here: the reason carries a (for us empty)
        // stacktrace, `{:noproc, []}`.
        let reason = ExitReason::Term(Term::tuple([Term::atom("noproc"), Term::list([])]));
        match exit_current(reason).await {}
    }
}

/// What one signal did to a process's state, for the sender to finish once
/// the lock is released.
#[derive(Default)]
#[must_use]
struct Outcome {
    /// The process's own task (an exit to take).
    wake: bool,
    /// The waits a message is for.
    wakeups: Wakeups,
    /// The other end of a relation the signal ended: never dropped under a lock.
    released: Option<Arc<Proc>>,
}

impl Proc {
    /// Delivers a user message (a no-op once the process is dead).
    #[inline]
    pub(crate) fn deliver(&self, msg: Message) {
        let mut state = self.state.lock();
        if !state.alive {
            return;
        }
        // The usual case, a process parked in a receive of its own task, is
        // woken through its `AtomicWaker` directly: no `Wakeups` to fill,
        // move and drop on every send (`Proc::push` would add it there).
        let mut wakeups = Wakeups::default();
        state.mailbox.push_to(msg, Tag::Plain, &mut wakeups);
        let own = match std::mem::take(&mut state.own_task_waits) {
            true => self.waker.take(),
            false => None,
        };
        drop(state);
        wakeups.wake();
        if let Some(own) = own {
            own.wake();
        }
    }

    /// Delivers a task reply sent to the alias `r#ref`: dropped unless the
    /// monitor behind the alias is still active (Elixir's `alias: :demonitor`).
    pub(crate) fn deliver_reply(&self, r#ref: Ref, msg: Message) {
        drop(self.deliver_reply_quietly(r#ref, msg));
    }

    /// [`Proc::deliver_reply`], returning the message if it was not
    /// delivered, for the caller to drop outside the lock. The wait for it
    /// (the only one it wakes) is woken at once; the process's own task is
    /// not.
    pub(crate) fn deliver_reply_quietly(&self, r#ref: Ref, msg: Message) -> Option<Message> {
        let mut state = self.state.lock();
        let pushed = self.push_reply(&mut state, r#ref, msg);
        drop(state);
        match pushed {
            Ok(mut wakeups) => {
                wakeups.wake();
                None
            }
            Err(msg) => Some(msg),
        }
    }

    /// Queues a task reply if the alias `r#ref` is active; hands the message
    /// back otherwise.
    fn push_reply(&self, state: &mut State, r#ref: Ref, msg: Message) -> Result<Wakeups, Message> {
        if state.alive && state.relations.has_monitor(r#ref) {
            Ok(self.push(state, msg, Tag::Reply(r#ref)))
        } else {
            Err(msg)
        }
    }

    /// Puts the reply `(ref, value)` of a task that is already done in this
    /// process's own mailbox, tagged like a reply sent to the alias `ref`
    /// (`Task.completed/1`; there is no monitor to check).
    pub(crate) fn deliver_own_reply(&self, r#ref: Ref, msg: Message) {
        let mut state = self.state.lock();
        if state.alive {
            let mut wakeups = self.push(&mut state, msg, Tag::Reply(r#ref));
            drop(state);
            wakeups.wake();
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
        let mut outcome = Outcome {
            released: Some(sender),
            ..Outcome::default()
        };
        if state.trap_exit {
            let msg = Box::new(Exit {
                from,
                reason: reason.clone(),
            });
            outcome.wakeups = self.push_exit(state, msg);
        } else if !reason.is_normal() {
            self.set_exit(state, reason.clone(), Some(from));
            outcome.wake = true;
        }
        outcome
    }

    /// Wakes the process if a signal asked for it, after the lock is released.
    fn finish(&self, mut outcome: Outcome) {
        drop(outcome.released);
        outcome.wakeups.wake();
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
                let mut wakeups = self.push_exit(&mut state, Box::new(Exit { from, reason }));
                drop(state);
                wakeups.wake();
                return;
            }
            ExitReason::Normal if from != self.pid => return,
            reason => self.set_exit(&mut state, reason, Some(from)),
        }
        drop(state);
        self.wake();
    }

    /// A link's exit from a process of another node, whose pair the node
    /// keeps (`dist/links.rs`), not `relations`: as [`Proc::link_exit`], so
    /// `:kill` is an ordinary, trappable reason here; only `exit/2`'s is
    /// untrappable ([`Proc::exit_signal`]).
    #[cfg(feature = "dist")]
    pub(crate) fn remote_link_exit(&self, from: Pid, reason: ExitReason) {
        let mut state = self.state.lock();
        if !state.alive {
            return;
        }
        if state.trap_exit {
            let mut wakeups = self.push_exit(&mut state, Box::new(Exit { from, reason }));
            drop(state);
            wakeups.wake();
        } else if !reason.is_normal() {
            self.set_exit(&mut state, reason, Some(from));
            drop(state);
            self.wake();
        }
    }

    /// A `:DOWN` for the monitor `r#ref` this process holds.
    pub(crate) fn down(&self, r#ref: Ref, pid: Pid, reason: &ExitReason) {
        let mut state = self.state.lock();
        let outcome = self.down_locked(&mut state, r#ref, pid, reason);
        drop(state);
        self.finish(outcome);
    }

    fn down_locked(&self, state: &mut State, r#ref: Ref, pid: Pid, reason: &ExitReason) -> Outcome {
        if !state.alive {
            return Outcome::default();
        }
        let Some(target) = state.relations.remove_monitor(r#ref) else {
            return Outcome::default();
        };
        Outcome {
            wakeups: self.push_down(state, r#ref, pid, reason),
            released: Some(target),
            ..Outcome::default()
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
        let monitor = watched.map(|r#ref| (r#ref, state.relations.end_monitor(r#ref)));
        let (reply, monitor) = match (reply, monitor) {
            // The usual end of a task: the reply and the `:DOWN`, with no
            // `{:EXIT, ..}` between them (the owner traps no exits, or is
            // not linked), queued in one mailbox operation; the link's end
            // then queues nothing, so it may come after them.
            (Some((r#ref, msg)), Some((watched, Some(target))))
                if watched == r#ref && !(link && state.trap_exit) =>
            {
                let mut wakeups = state.mailbox.push_reply_and_down(r#ref, msg, from, reason);
                self.add_own_task(&mut state, &mut wakeups);
                let linked = link.then(|| self.link_exit_locked(&mut state, from, reason));
                drop(state);
                drop(target);
                let wake = linked.is_some_and(|linked| {
                    wakeups.merge(linked.wakeups);
                    drop(linked.released);
                    linked.wake
                });
                wakeups.wake();
                if wake {
                    self.wake();
                }
                return None;
            }
            other => other,
        };
        let mut wakeups = Wakeups::default();
        let undelivered = reply.and_then(|(r#ref, msg)| {
            let active = match monitor {
                Some((watched, ref target)) if watched == r#ref => target.is_some(),
                _ => state.relations.has_monitor(r#ref),
            };
            if !active {
                return Some(msg);
            }
            wakeups.merge(self.push(&mut state, msg, Tag::Reply(r#ref)));
            None
        });
        let linked = link.then(|| self.link_exit_locked(&mut state, from, reason));
        let target = monitor.and_then(|(r#ref, target)| {
            let target = target?;
            wakeups.merge(self.push_down(&mut state, r#ref, from, reason));
            Some(target)
        });
        drop(state);
        drop(target);
        let mut wake = false;
        if let Some(linked) = linked {
            wake = linked.wake;
            wakeups.merge(linked.wakeups);
            drop(linked.released);
        }
        wakeups.wake();
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
        let (taken, mailbox, meta) = {
            let mut state = self.state.lock();
            if !state.alive {
                return false;
            }
            state.alive = false;
            let meta = std::mem::take(&mut state.has_meta);
            (state.relations.take(), state.mailbox.take_all(), meta)
        };
        // Nobody wakes a dead process: let its tokio task go.
        self.release_waker();
        // Messages are user values whose drop may do anything, panic
        // included: never under a lock, and never in the way of the signals.
        drop_user_value(mailbox);
        // Its name and `Registry` entries go before anybody hears (`meta.rs`).
        if meta {
            Meta::on_death(self.pid);
        }
        let Taken { peer, mut more } = taken;
        // A reply to anybody but the peer goes first, on its own; its
        // receiver is woken once everything is out.
        let mut reply = reply.map(|r| (r.to, r.r#ref, r.msg));
        let mut separate = None;
        // (`to: None`, to the peer, which is there or not, is never taken.)
        if let Some((Some(to), r#ref, msg)) = reply.take_if(|(to, ..)| match (to, &peer) {
            (Some(to), Some(p)) => !Arc::ptr_eq(&p.proc, to),
            (Some(_), None) => true,
            (None, _) => false,
        }) {
            let undelivered = to.deliver_reply_quietly(r#ref, msg);
            drop_user_value(undelivered);
            separate = Some(to);
        }
        if peer.is_none()
            && let Some((_, _, msg)) = reply.take()
        {
            // For the peer, which has gone: with it went its monitor, so the
            // reply's alias is void (a user value, dropped as the others).
            drop_user_value(msg);
        }
        if let Some(more) = &mut more {
            for (_, target) in std::mem::take(&mut more.links) {
                target.link_exit(self.pid, reason);
            }
        }
        if let Some(peer) = peer {
            let reply = reply.map(|(_, r#ref, msg)| (r#ref, msg));
            let undelivered = peer
                .proc
                .peer_exit(self.pid, reason, peer.link, peer.watched, reply);
            drop_user_value(undelivered);
            if let Some(r#ref) = peer.monitored {
                let watcher = peer.proc.state.lock().relations.remove_watcher(r#ref);
                drop(watcher);
            }
        }
        if let Some(more) = more {
            let More {
                watchers, monitors, ..
            } = *more;
            for (r#ref, watcher) in watchers {
                watcher.down(r#ref, self.pid, reason);
            }
            for (r#ref, target) in monitors {
                let watcher = target.state.lock().relations.remove_watcher(r#ref);
                drop(watcher);
            }
        }
        if let Some(to) = separate {
            to.wake();
        }
        // Only now: until here, a look-up finds the dying process and waits
        // on its gate.
        registry::remove(self.pid);
        true
    }
}

/// Drops a user value (queued messages, a reply nobody takes) where the
/// exit signals must still go out: its `Drop` may panic, and that panic is
/// dropped with it.
fn drop_user_value<T>(value: T) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(value)));
}
