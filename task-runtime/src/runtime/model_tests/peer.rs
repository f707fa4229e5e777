//! peer teardown: a link and a monitor held on the same process share one
//! inline slot (the peer, see `relations.rs`); unlinking, demonitoring and
//! the peer's exit race to clear it.

use super::*;
use crate::make_ref;

/// `a` (trapping) links to and monitors `b`; then `a` unlinks, `a`
/// demonitors and `b` crashes, all at once. Whatever the order: at most one
/// `{:EXIT, b, :boom}`, a `:DOWN` exactly when `demonitor` found the monitor
/// gone, and afterwards neither process holds the other (no leaked handle).
#[test]
fn unlink_and_demonitor_racing_the_peers_exit() {
    explore("peer teardown (unlink + demonitor + exit)", || {
        let a = proc(true);
        let b = proc(false);
        let r#ref = make_ref();
        linked(&a, &b);
        a.monitor(b.pid, r#ref);
        let unlinker = {
            let (a, b) = (Arc::clone(&a), b.pid);
            thread::spawn(move || a.unlink(b))
        };
        let demonitor = {
            let a = Arc::clone(&a);
            thread::spawn(move || a.demonitor(r#ref, false))
        };
        let exiter = crash_in_thread(&b);
        unlinker.join().unwrap();
        let was_active = demonitor.join().unwrap();
        exiter.join().unwrap();

        let exits = exits(&a);
        assert!(exits.len() <= 1, "doubled {{:EXIT, ..}}: {exits:?}");
        let downs = downs(&a);
        assert_eq!(
            downs.len(),
            usize::from(!was_active),
            "demonitor said active = {was_active}, yet {downs:?}"
        );
        assert_eq!(pending(&a), None, "a traps exits");
        {
            let state = a.state.lock();
            assert!(!state.relations.has_link(b.pid), "a link to a dead process");
            assert!(!state.relations.has_monitor(r#ref), "a monitor left behind");
        }
        assert!(!is_registered(&b));
        clean_up(&[&a, &b]);
        // Only this scenario's handles are left: nothing holds `a` or `b`.
        assert_eq!(Arc::strong_count(&a), 1, "a handle to a leaked");
        assert_eq!(Arc::strong_count(&b), 1, "a handle to b leaked");
    });
}
