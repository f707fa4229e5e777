//! One process's links and monitors.
//!
//! Most processes are related to one other process only: a task is linked
//! to its owner and monitored by it, and an owner awaiting one task at a
//! time links and monitors just that task. That process, the *peer*, is held
//! once, inline, for a link and a monitor each way; every other relation
//! goes to hash maps allocated on first need. A task therefore carries its
//! relations in 40 bytes with no allocation, and its exit can tell its owner
//! everything under one lock (see [`Proc::terminate`]).
//!
//! Relations hold the other process itself, not its pid, so that exit
//! signals need no process-table look-up. The cycles this makes (a link is
//! held by both ends) are broken when either process terminates.

use crate::runtime::proc::Proc;
use crate::runtime::seq_hash::SeqMap;
use crate::{Pid, Ref};
use std::sync::Arc;

#[derive(Default)]
pub(crate) struct Relations {
    peer: Option<Arc<Proc>>,
    peer_link: bool,
    /// The peer monitors this process under this ref.
    peer_watcher: Option<Ref>,
    /// This process monitors the peer under this ref.
    peer_monitor: Option<Ref>,
    more: Option<Box<More>>,
}

/// The relations beyond the peer's.
#[derive(Default)]
pub(crate) struct More {
    pub(crate) links: SeqMap<Pid, Arc<Proc>>,
    /// Monitors this process holds, by ref: the target. A ref present here
    /// (or as the peer monitor) is also an active alias for task replies.
    pub(crate) monitors: SeqMap<Ref, Arc<Proc>>,
    /// Monitors other processes hold on this one, by ref: the watcher.
    pub(crate) watchers: SeqMap<Ref, Arc<Proc>>,
}

/// Which end of a monitor a process is.
#[derive(Clone, Copy)]
enum Side {
    /// The process holds the monitor.
    Held,
    /// The monitor is held on the process.
    OnUs,
}

impl More {
    fn refs(&mut self, side: Side) -> &mut SeqMap<Ref, Arc<Proc>> {
        match side {
            Side::Held => &mut self.monitors,
            Side::OnUs => &mut self.watchers,
        }
    }
}

/// Everything a terminating process must tell, taken out of its state.
pub(crate) struct Taken {
    pub(crate) peer: Option<Peer>,
    /// `None` for a process that had only its peer (most do): its end then
    /// walks no maps at all.
    pub(crate) more: Option<Box<More>>,
}

/// The peer and what relates it to the process it was taken from.
pub(crate) struct Peer {
    pub(crate) proc: Arc<Proc>,
    pub(crate) link: bool,
    /// The monitor the peer holds on the process.
    pub(crate) watched: Option<Ref>,
    /// The monitor the process holds on the peer.
    pub(crate) monitored: Option<Ref>,
}

impl Relations {
    fn is_peer(&self, pid: Pid) -> bool {
        self.peer.as_ref().is_some_and(|p| p.pid == pid)
    }

    /// A new process's relations to the parent that links to it and
    /// monitors it under `watched` at birth (a task and its owner), made
    /// before the process exists: no lock to take, and the parent's handle
    /// moved in, not cloned. Undone with [`Relations::orphan`] if the parent
    /// turns out to be dead.
    pub(crate) fn born_of(parent: Arc<Proc>, watched: Option<Ref>) -> Relations {
        Relations {
            peer: Some(parent),
            peer_link: true,
            peer_watcher: watched,
            ..Relations::default()
        }
    }

    /// Forgets the parent of [`Relations::born_of`] (it was dead), handing its
    /// handle back for dropping outside the lock.
    pub(crate) fn orphan(&mut self) -> Option<Arc<Proc>> {
        self.peer_link = false;
        self.peer_watcher = None;
        self.release_peer()
    }

    fn more(&mut self) -> &mut More {
        self.more.get_or_insert_with(Box::default)
    }

    /// Whether a new relation with `target` can use the peer's slot `free`.
    fn peer_slot(&mut self, target: &Arc<Proc>, free: bool) -> bool {
        match &self.peer {
            Some(p) => free && p.pid == target.pid,
            None => {
                self.peer = Some(Arc::clone(target));
                true
            }
        }
    }

    /// The peer after one of its relations was removed: handed back if that
    /// was its last one, a new handle otherwise (for dropping outside a lock).
    fn release_peer(&mut self) -> Option<Arc<Proc>> {
        self.take_unused_peer().or_else(|| self.peer.clone())
    }

    /// The peer's handle, taken if none of its relations is left.
    fn take_unused_peer(&mut self) -> Option<Arc<Proc>> {
        let used = self.peer_link || self.peer_watcher.is_some() || self.peer_monitor.is_some();
        if used { None } else { self.peer.take() }
    }

    /// Links to `target`; `true` if the link is new.
    pub(crate) fn add_link(&mut self, target: &Arc<Proc>) -> bool {
        if self.is_peer(target.pid) && self.peer_link {
            return false;
        }
        let in_more = self
            .more
            .as_ref()
            .is_some_and(|m| m.links.contains_key(&target.pid));
        if !in_more && self.peer_slot(target, !self.peer_link) {
            self.peer_link = true;
            return true;
        }
        self.more()
            .links
            .insert(target.pid, Arc::clone(target))
            .is_none()
    }

    /// Removes the link to `pid`, returning the other process if there was one.
    pub(crate) fn remove_link(&mut self, pid: Pid) -> Option<Arc<Proc>> {
        if self.peer_link && self.is_peer(pid) {
            self.peer_link = false;
            return self.release_peer();
        }
        self.more.as_mut()?.links.remove(&pid)
    }

    #[cfg(test)]
    pub(crate) fn has_link(&self, pid: Pid) -> bool {
        (self.peer_link && self.is_peer(pid))
            || self
                .more
                .as_ref()
                .is_some_and(|m| m.links.contains_key(&pid))
    }

    /// Records a monitor this process holds on `target` under `r#ref`.
    pub(crate) fn add_monitor(&mut self, r#ref: Ref, target: &Arc<Proc>) {
        self.add_ref(Side::Held, r#ref, target);
    }

    /// Removes the monitor `r#ref` this process holds, returning its target.
    pub(crate) fn remove_monitor(&mut self, r#ref: Ref) -> Option<Arc<Proc>> {
        self.remove_ref(Side::Held, r#ref)
    }

    /// [`Relations::remove_monitor`] for a caller that needs only to know
    /// whether it was there: `Some` if it was, with the target's handle if
    /// that was its last relation (to drop outside the lock). A task's owner
    /// ends its monitor and then its link, and the peer's handle would
    /// otherwise be cloned for the first and dropped at once (two atomic
    /// operations per task).
    pub(crate) fn end_monitor(&mut self, r#ref: Ref) -> Option<Option<Arc<Proc>>> {
        if self.peer_monitor == Some(r#ref) {
            self.peer_monitor = None;
            return Some(self.take_unused_peer());
        }
        self.more
            .as_mut()?
            .refs(Side::Held)
            .remove(&r#ref)
            .map(Some)
    }

    pub(crate) fn has_monitor(&self, r#ref: Ref) -> bool {
        self.has_ref(Side::Held, r#ref)
    }

    /// The targets of the monitors this process holds.
    pub(crate) fn monitored(&self) -> Vec<Arc<Proc>> {
        let peer = self.peer.as_ref().filter(|_| self.peer_monitor.is_some());
        let more = self
            .more
            .as_ref()
            .into_iter()
            .flat_map(|m| m.monitors.values());
        peer.into_iter().chain(more).cloned().collect()
    }

    /// `Process.info`'s `:links`, `:monitors` (targets) and `:monitored_by`
    /// (watchers), as pids, the peer's first.
    pub(crate) fn pids(&self) -> [Vec<Pid>; 3] {
        let peer = self.peer.as_ref().map(|p| p.pid);
        let with_peer = |has: bool, more: Option<&SeqMap<_, Arc<Proc>>>| -> Vec<Pid> {
            let more = more.into_iter().flat_map(|m| m.values().map(|p| p.pid));
            peer.filter(|_| has).into_iter().chain(more).collect()
        };
        let more = self.more.as_deref();
        let links = peer
            .filter(|_| self.peer_link)
            .into_iter()
            .chain(more.into_iter().flat_map(|m| m.links.keys().copied()))
            .collect();
        [
            links,
            with_peer(self.peer_monitor.is_some(), more.map(|m| &m.monitors)),
            with_peer(self.peer_watcher.is_some(), more.map(|m| &m.watchers)),
        ]
    }

    /// Records that `watcher` monitors this process under `r#ref`.
    pub(crate) fn add_watcher(&mut self, r#ref: Ref, watcher: &Arc<Proc>) {
        self.add_ref(Side::OnUs, r#ref, watcher);
    }

    /// Removes the monitor `r#ref` held on this process, returning its watcher.
    pub(crate) fn remove_watcher(&mut self, r#ref: Ref) -> Option<Arc<Proc>> {
        self.remove_ref(Side::OnUs, r#ref)
    }

    #[cfg(test)]
    pub(crate) fn has_watcher(&self, r#ref: Ref) -> bool {
        self.has_ref(Side::OnUs, r#ref)
    }

    fn peer_ref(&mut self, side: Side) -> &mut Option<Ref> {
        match side {
            Side::Held => &mut self.peer_monitor,
            Side::OnUs => &mut self.peer_watcher,
        }
    }

    fn add_ref(&mut self, side: Side, r#ref: Ref, other: &Arc<Proc>) {
        let free = self.peer_ref(side).is_none();
        if self.peer_slot(other, free) {
            *self.peer_ref(side) = Some(r#ref);
        } else {
            self.more().refs(side).insert(r#ref, Arc::clone(other));
        }
    }

    fn remove_ref(&mut self, side: Side, r#ref: Ref) -> Option<Arc<Proc>> {
        let peer_ref = self.peer_ref(side);
        if *peer_ref == Some(r#ref) {
            *peer_ref = None;
            return self.release_peer();
        }
        self.more.as_mut()?.refs(side).remove(&r#ref)
    }

    fn has_ref(&self, side: Side, r#ref: Ref) -> bool {
        let peer_ref = match side {
            Side::Held => self.peer_monitor,
            Side::OnUs => self.peer_watcher,
        };
        peer_ref == Some(r#ref)
            || self.more.as_ref().is_some_and(|m| match side {
                Side::Held => m.monitors.contains_key(&r#ref),
                Side::OnUs => m.watchers.contains_key(&r#ref),
            })
    }

    /// Takes every relation out, leaving none.
    pub(crate) fn take(&mut self) -> Taken {
        let Relations {
            peer,
            peer_link,
            peer_watcher,
            peer_monitor,
            more,
        } = std::mem::take(self);
        Taken {
            peer: peer.map(|proc| Peer {
                proc,
                link: peer_link,
                watched: peer_watcher,
                monitored: peer_monitor,
            }),
            more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_ref;
    use crate::runtime::callers::Callers;
    use crate::runtime::proc::State;

    fn proc() -> Arc<Proc> {
        Arc::new(Proc::new(Pid::next(), Callers::default(), State::default()))
    }

    #[test]
    fn the_peer_holds_a_link_and_a_monitor_each_way_without_maps() {
        let (owner, other) = (proc(), proc());
        let (watch, mon) = (make_ref(), make_ref());
        let mut r = Relations::default();
        assert!(r.add_link(&owner));
        assert!(!r.add_link(&owner));
        r.add_watcher(watch, &owner);
        r.add_monitor(mon, &owner);
        assert!(r.more.is_none());
        assert!(r.has_link(owner.pid) && r.has_watcher(watch) && r.has_monitor(mon));
        // Anybody else spills into the maps.
        assert!(r.add_link(&other));
        assert!(r.more.is_some() && r.has_link(other.pid));
        // The peer is let go with its last relation only.
        assert!(r.remove_link(owner.pid).is_some());
        assert!(r.remove_watcher(watch).is_some() && r.peer.is_some());
        assert!(r.remove_monitor(mon).is_some() && r.peer.is_none());
        assert!(r.remove_link(owner.pid).is_none());
        assert_eq!(Arc::strong_count(&owner), 1);
    }

    #[test]
    fn a_link_kept_in_the_maps_is_not_duplicated_into_a_free_peer_slot() {
        let (a, b) = (proc(), proc());
        let mut r = Relations::default();
        r.add_link(&a);
        r.add_link(&b);
        r.remove_link(a.pid);
        assert!(!r.add_link(&b), "b was linked already");
        assert!(r.remove_link(b.pid).is_some());
        assert!(!r.has_link(b.pid));
    }

    #[test]
    fn a_second_monitor_of_the_peer_goes_to_the_maps() {
        let owner = proc();
        let (m1, m2) = (make_ref(), make_ref());
        let mut r = Relations::default();
        r.add_monitor(m1, &owner);
        r.add_monitor(m2, &owner);
        assert!(r.has_monitor(m1) && r.has_monitor(m2));
        let taken = r.take();
        let peer = taken.peer.expect("a peer");
        assert_eq!(
            (peer.proc.pid, peer.link, peer.watched, peer.monitored),
            (owner.pid, false, None, Some(m1))
        );
        let more = taken.more.expect("the maps");
        assert_eq!(more.monitors.keys().copied().collect::<Vec<_>>(), [m2]);
    }

    #[test]
    fn a_process_with_only_its_peer_hands_over_no_maps() {
        let owner = proc();
        let mut r = Relations::default();
        r.add_link(&owner);
        r.add_monitor(make_ref(), &owner);
        let taken = r.take();
        assert!(taken.peer.is_some() && taken.more.is_none());
    }
}
