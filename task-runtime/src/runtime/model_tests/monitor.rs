//! exit-vs-monitor: `Process.monitor/1` and `Process.demonitor/2` racing the
//! target's exit.

use super::*;
use crate::make_ref;

/// `a` monitors `b` while `b` terminates with `:boom`: exactly one `:DOWN`,
/// carrying `:noproc` (the monitor came too late) or `:boom`.
#[test]
fn monitor_racing_exit() {
    explore("monitor-vs-exit", || {
        let a = proc(false);
        let b = proc(false);
        let r#ref = make_ref();
        let monitor = {
            let (a, b) = (Arc::clone(&a), b.pid);
            thread::spawn(move || a.monitor(b, r#ref))
        };
        let exiter = crash_in_thread(&b);
        monitor.join().unwrap();
        exiter.join().unwrap();

        let downs = downs(&a);
        assert_eq!(downs.len(), 1, "lost or doubled :DOWN: {downs:?}");
        let down = &downs[0];
        assert_eq!((down.r#ref, down.pid), (r#ref, b.pid));
        assert!(
            down.reason == boom() || down.reason == ExitReason::Noproc,
            "{down:?}"
        );
        let stays = a.state.lock().relations.has_monitor(r#ref);
        assert!(!stays, "a fired monitor stays");
        clean_up(&[&a, &b]);
    });
}

/// `a` holds a monitor on `b` and removes it (`demonitor(ref, [:info])`, or
/// with `[:flush]`) while `b` terminates. `:info` says `true` exactly when
/// no `:DOWN` arrives; after `:flush` no `:DOWN` is ever in the mailbox.
fn demonitor_racing_exit(flush: bool) {
    let a = proc(false);
    let b = proc(false);
    let r#ref = make_ref();
    a.monitor(b.pid, r#ref);
    let demonitor = {
        let a = Arc::clone(&a);
        thread::spawn(move || a.demonitor(r#ref, flush))
    };
    let exiter = crash_in_thread(&b);
    let was_active = demonitor.join().unwrap();
    exiter.join().unwrap();

    let downs = downs(&a);
    if flush {
        assert!(
            downs.is_empty(),
            ":DOWN after demonitor(ref, [:flush]): {downs:?}"
        );
    } else {
        let expected = usize::from(!was_active);
        assert_eq!(
            downs.len(),
            expected,
            "[:info] said {was_active}, yet {downs:?}"
        );
        if let Some(down) = downs.first() {
            assert_eq!(down.reason, boom());
        }
    }
    assert!(!a.state.lock().relations.has_monitor(r#ref));
    clean_up(&[&a, &b]);
}

#[test]
fn demonitor_info_racing_exit() {
    explore("demonitor[:info]-vs-exit", || demonitor_racing_exit(false));
}

#[test]
fn demonitor_flush_racing_exit() {
    explore("demonitor[:flush]-vs-exit", || demonitor_racing_exit(true));
}

/// The watcher and the watched terminate at once, and a third process
/// monitors the watcher meanwhile: no deadlock, the third process gets
/// exactly one `:DOWN`, and nothing stays registered.
#[test]
fn watcher_and_watched_exit_together() {
    explore("watcher-and-watched-exit", || {
        let a = proc(false);
        let b = proc(false);
        let c = proc(false);
        a.monitor(b.pid, make_ref());
        let watch_a = make_ref();
        let threads = [
            crash_in_thread(&a),
            {
                let b = Arc::clone(&b);
                thread::spawn(move || assert!(b.terminate(&ExitReason::Normal, None)))
            },
            {
                let (c, a) = (Arc::clone(&c), a.pid);
                thread::spawn(move || c.monitor(a, watch_a))
            },
        ];
        for t in threads {
            t.join().unwrap();
        }
        let seen = downs(&c);
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(seen[0].reason == boom() || seen[0].reason == ExitReason::Noproc);
        assert!(downs(&a).is_empty(), "a dead process received a :DOWN");
        assert!(!is_registered(&a) && !is_registered(&b));
        clean_up(&[&a, &b, &c]);
    });
}

/// `a` holds a monitor on `b` and monitors it again while `b` terminates.
/// As on the BEAM, where a monitor on an exiting process is answered by that
/// process after the signals it already sent, the first monitor's `:DOWN`
/// (the real reason) must be in the mailbox before the second one's
/// `:noproc`. `Task.shutdown` relies on it: it monitors the task afresh and,
/// on `:noproc`, looks for the task's own `:DOWN` to learn the reason.
#[test]
fn second_monitor_racing_exit_keeps_signal_order() {
    explore("second-monitor-vs-exit", || {
        let a = proc(false);
        let b = proc(false);
        let (first, second) = (make_ref(), make_ref());
        a.monitor(b.pid, first);
        let monitor = {
            let (a, b) = (Arc::clone(&a), b.pid);
            thread::spawn(move || a.monitor(b, second))
        };
        let exiter = crash_in_thread(&b);
        monitor.join().unwrap();
        exiter.join().unwrap();
        let order: Vec<(bool, ExitReason)> = downs(&a)
            .into_iter()
            .map(|d| (d.r#ref == first, d.reason))
            .collect();
        assert_eq!(order.len(), 2, "{order:?}");
        if order.contains(&(false, ExitReason::Noproc)) {
            assert_eq!(order[0], (true, boom()), ":noproc overtook the real :DOWN");
        }
        clean_up(&[&a, &b]);
    });
}
