//! spawn-vs-link: `Process.link/1` racing the target's exit, and racing an
//! `unlink` from the other side.

use super::*;

/// `a` links to `b` while `b` terminates with `:boom`. Either the link
/// found `b` dead (`noproc`: no signal, no link left behind) or it was made
/// in time, and then `a` gets exactly one exit signal: a pending exit when
/// not trapping, one `{:EXIT, b, :boom}` when trapping.
fn link_racing_exit(trap_exit: bool) {
    let a = proc(trap_exit);
    let b = proc(false);
    let linker = {
        let (a, b) = (Arc::clone(&a), b.pid);
        thread::spawn(move || a.link(b).is_ok())
    };
    let exiter = crash_in_thread(&b);
    let linked = linker.join().unwrap();
    exiter.join().unwrap();

    let (exits, pending) = (exits(&a), pending(&a));
    match (linked, trap_exit) {
        (false, _) => {
            assert!(exits.is_empty(), "noproc link, yet {exits:?}");
            assert_eq!(pending, None, "noproc link, yet an exit is pending");
        }
        (true, false) => {
            assert!(exits.is_empty());
            assert_eq!(pending, Some((boom(), Some(b.pid))), "lost exit signal");
        }
        (true, true) => {
            let expected = Exit {
                from: b.pid,
                reason: boom(),
            };
            assert_eq!(exits, vec![expected], "lost or doubled {{:EXIT, ..}}");
            assert_eq!(pending, None);
        }
    }
    assert!(
        !a.state.lock().relations.has_link(b.pid),
        "a link to a dead process"
    );
    assert!(!is_registered(&b));
    clean_up(&[&a, &b]);
}

#[test]
fn link_racing_exit_not_trapping() {
    explore("link-vs-exit (not trapping)", || link_racing_exit(false));
}

#[test]
fn link_racing_exit_trapping() {
    explore("link-vs-exit (trapping)", || link_racing_exit(true));
}

/// `a` links to `b` while `b` unlinks `a`; then `b` crashes. Whatever the
/// order, `a` hears of the crash at most once, and exactly once if the link
/// is on both sides.
#[test]
fn link_racing_unlink() {
    explore("link-vs-unlink", || {
        let a = proc(true);
        let b = proc(false);
        let linker = {
            let (a, b) = (Arc::clone(&a), b.pid);
            thread::spawn(move || a.link(b).is_ok())
        };
        let unlinker = {
            let (b, a) = (Arc::clone(&b), a.pid);
            thread::spawn(move || b.unlink(a))
        };
        assert!(linker.join().unwrap(), "b is alive: the link succeeds");
        unlinker.join().unwrap();
        let a_side = a.state.lock().relations.has_link(b.pid);
        let b_side = b.state.lock().relations.has_link(a.pid);
        assert!(b.terminate(&boom(), None));
        let exits = exits(&a);
        assert!(exits.len() <= 1, "doubled {{:EXIT, ..}}: {exits:?}");
        assert_eq!(
            exits.len() == 1,
            a_side && b_side,
            "a: {a_side}, b: {b_side}"
        );
        if a_side != b_side {
            HALF_LINKS.fetch_add(1, Ordering::Relaxed);
        }
        clean_up(&[&a, &b]);
    });
    // A half-link (`b` lists `a`, `a` does not list `b`) is inert: neither
    // side's exit signals the other, as after `link` then `unlink`. It stays
    // as a stale entry in `b`'s link set until `b` exits.
    println!(
        "model link-vs-unlink: {} interleavings left an inert half-link",
        HALF_LINKS.load(Ordering::Relaxed)
    );
}

/// Interleavings of [`link_racing_unlink`] that left a one-sided link.
static HALF_LINKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `a`, already linked to `b`, calls `link(b)` again while `b` terminates.
/// The existing link must still deliver `b`'s real reason, exactly once,
/// whatever the second `link` returns.
#[test]
fn relink_racing_exit() {
    explore("relink-vs-exit", || {
        let a = proc(true);
        let b = proc(false);
        linked(&a, &b);
        let linker = {
            let (a, b) = (Arc::clone(&a), b.pid);
            thread::spawn(move || a.link(b).is_ok())
        };
        let exiter = crash_in_thread(&b);
        linker.join().unwrap();
        exiter.join().unwrap();
        let expected = Exit {
            from: b.pid,
            reason: boom(),
        };
        assert_eq!(
            exits(&a),
            vec![expected],
            "the existing link's signal was lost"
        );
        clean_up(&[&a, &b]);
    });
}
