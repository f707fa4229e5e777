//! `Node.disconnect/1` from this side: each running connection leaves a
//! handle here, by which [`disconnect`] stops it and waits until its
//! teardown (every link and monitor of that node given `:noconnection`,
//! the node out of [`list`](super::list)) is done.

use crate::inspect::Atom;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::LazyLock;
use tokio::sync::oneshot;

/// What a connection is stopped with: where to say its teardown is done.
pub(crate) type Cut = oneshot::Sender<oneshot::Sender<()>>;

/// Peer → (connection id, its handle).
static CUTS: LazyLock<Mutex<HashMap<Atom, (u64, Cut)>>> = LazyLock::new(Default::default);

/// The connection `id` to `peer` is up: returns what stops it.
pub(crate) fn register(peer: &Atom, id: u64) -> oneshot::Receiver<oneshot::Sender<()>> {
    let (cut, stop) = oneshot::channel();
    CUTS.lock().insert(peer.clone(), (id, cut));
    stop
}

/// The connection `id` to `peer` is over (its entry may already be gone,
/// or be a later connection's).
pub(crate) fn unregister(peer: &Atom, id: u64) {
    let mut cuts = CUTS.lock();
    if cuts.get(peer).is_some_and(|(i, _)| *i == id) {
        cuts.remove(peer);
    }
}

/// Stops the connection to `peer` and waits for its teardown; `false` if
/// there was none, as `Node.disconnect/1` answers for a node it is not
/// connected to.
pub(crate) async fn disconnect(peer: &Atom) -> bool {
    let Some((_, cut)) = CUTS.lock().remove(peer) else {
        return false;
    };
    let (done, teardown) = oneshot::channel();
    if cut.send(done).is_ok() {
        // An error: the connection ended by itself meanwhile, and its
        // teardown is the one that ran.
        let _ = teardown.await;
    }
    true
}
