//! A link cascade of three, `a — b — c`, started by `c` crashing, while the
//! first link is removed concurrently. `b` and `a` run their own process
//! loops (what `ProcessFuture` does): a pending exit makes the loop
//! terminate the process, which signals the next link in turn.

use super::*;

/// Who removes the link `a — b` while `c` crashes.
#[derive(Clone, Copy, Debug)]
enum Unlink {
    /// `a`'s code calls `unlink(b)`.
    ByA,
    /// `b`'s code calls `unlink(a)`.
    ByB,
}

fn cascade_with_unlink(unlink: Unlink, a_traps: bool) {
    let a = proc(a_traps);
    let b = proc(false);
    let c = proc(false);
    linked(&a, &b);
    linked(&b, &c);
    let (a_loop, b_loop) = (run_process(&a), run_process(&b));

    let crasher = crash_in_thread(&c);
    let unlinker = {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        thread::spawn(move || match unlink {
            Unlink::ByA => a.unlink(b.pid),
            Unlink::ByB => b.unlink(a.pid),
        })
    };
    crasher.join().unwrap();
    unlinker.join().unwrap();
    // In cascade order: each loop has handled everything sent before it stops.
    let b_reason = b_loop.finish();
    let a_reason = a_loop.finish();

    assert_eq!(b_reason, Some(boom()), "b is linked to c and does not trap");
    assert!(!is_registered(&b) && !is_registered(&c));
    let exits = exits(&a);
    if a_traps {
        assert_eq!(a_reason, None, "a trapping process died");
        assert!(exits.len() <= 1, "doubled {{:EXIT, ..}}: {exits:?}");
        if let Some(exit) = exits.first() {
            assert_eq!((exit.from, &exit.reason), (b.pid, &boom()));
        }
    } else {
        assert!(exits.is_empty());
        match &a_reason {
            // The signal went through before the unlink.
            Some(reason) => assert_eq!(*reason, boom(), "the original reason"),
            // The unlink came first: a lives, untouched.
            None => assert_eq!(pending(&a), None),
        }
        assert_eq!(a_reason.is_none(), is_registered(&a));
    }
    assert!(!a.state.lock().relations.has_link(b.pid) || !alive(&a));
    clean_up(&[&a, &b, &c]);
}

#[test]
fn cascade_of_three_with_unlink_by_the_first() {
    explore("cascade a-b-c, a unlinks b", || {
        cascade_with_unlink(Unlink::ByA, false);
    });
}

#[test]
fn cascade_of_three_with_unlink_by_the_middle() {
    explore("cascade a-b-c, b unlinks a", || {
        cascade_with_unlink(Unlink::ByB, false);
    });
}

#[test]
fn cascade_of_three_with_unlink_trapping_end() {
    explore("cascade a-b-c, a traps, a unlinks b", || {
        cascade_with_unlink(Unlink::ByA, true);
    });
}

/// Without an unlink the whole chain dies with `c`'s reason, and a trapping
/// middle process stops the cascade: it gets one `{:EXIT, c, :boom}` and
/// `a` is never signalled.
#[test]
fn cascade_of_three_stops_at_a_trapping_middle() {
    explore("cascade a-b-c, b traps", || {
        for b_traps in [false, true] {
            let a = proc(false);
            let b = proc(b_traps);
            let c = proc(false);
            linked(&a, &b);
            linked(&b, &c);
            let (a_loop, b_loop) = (run_process(&a), run_process(&b));
            let crasher = crash_in_thread(&c);
            crasher.join().unwrap();
            let b_reason = b_loop.finish();
            let a_reason = a_loop.finish();
            if b_traps {
                assert_eq!((a_reason, b_reason), (None, None));
                let expected = Exit {
                    from: c.pid,
                    reason: boom(),
                };
                assert_eq!(exits(&b), vec![expected]);
                assert_eq!(pending(&a), None);
            } else {
                assert_eq!((a_reason, b_reason), (Some(boom()), Some(boom())));
            }
            clean_up(&[&a, &b, &c]);
        }
    });
}
