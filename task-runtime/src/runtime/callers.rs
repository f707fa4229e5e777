//! `$callers`: the processes that started a process, most recent first.
//!
//! Held as the process that started this one, whose own callers follow it:
//! a task already holds its owner for the link, so recording `$callers`
//! costs one reference count, not an allocation per task. A dead starter
//! stays allocated (its relations and mailbox emptied) while a process it
//! started lives.

use crate::Pid;
use crate::runtime::proc::Proc;
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Default)]
pub(crate) struct Callers(Option<Arc<Proc>>);

impl Callers {
    /// The callers of a process started by `starter`: `starter`, then its callers.
    pub(crate) fn started_by(starter: Arc<Proc>) -> Callers {
        Callers(Some(starter))
    }

    /// The process that started this one (`$ancestors` follow it).
    pub(crate) fn starter(&self) -> Option<&Arc<Proc>> {
        self.0.as_ref()
    }

    /// Most recent first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Pid> + '_ {
        std::iter::successors(self.0.as_deref(), |p| p.callers.0.as_deref()).map(|p| p.pid)
    }

    pub(crate) fn to_vec(&self) -> Vec<Pid> {
        self.iter().collect()
    }
}

impl fmt::Debug for Callers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Drop for Callers {
    /// Unwinds the chain in a loop: dropping the last holder of a long chain
    /// of dead starters must not recurse once per ancestor.
    fn drop(&mut self) {
        let mut next = self.0.take();
        while let Some(proc) = next {
            next = Arc::into_inner(proc).and_then(|mut p| p.callers.0.take());
        }
    }
}
