//! kill-vs-trap_exit toggle: `Process.flag(:trap_exit, b)` racing an exit
//! signal. The flag is read under the same lock the signal is delivered
//! under, so the signal sees the flag either before or after the toggle:
//! exactly one of an `{:EXIT, ..}` message or a pending exit, never both,
//! never neither. `:kill` is untrappable whatever the flag.

use super::*;

/// How the signal reaches `target`.
#[derive(Clone, Copy)]
enum Signal {
    /// `Process.exit(target, reason)` from `sender`.
    Explicit,
    /// `sender` terminates while linked to `target`.
    Link,
}

fn signal_racing_toggle(signal: Signal, reason: ExitReason, trap_before: bool) {
    let target = proc(trap_before);
    let sender = proc(false);
    if let Signal::Link = signal {
        linked(&target, &sender);
    }
    let toggler = {
        let target = Arc::clone(&target);
        thread::spawn(move || std::mem::replace(&mut target.state.lock().trap_exit, !trap_before))
    };
    let signaller = {
        let (target, sender, reason) = (Arc::clone(&target), Arc::clone(&sender), reason.clone());
        thread::spawn(move || match signal {
            Signal::Explicit => target.exit_signal(sender.pid, reason),
            Signal::Link => assert!(sender.terminate(&reason, None)),
        })
    };
    assert_eq!(
        toggler.join().unwrap(),
        trap_before,
        "the flag returns its old value"
    );
    signaller.join().unwrap();

    let (exits, pending) = (exits(&target), pending(&target));
    let from = Some(sender.pid);
    match signal {
        Signal::Explicit if reason == ExitReason::Kill => {
            assert!(exits.is_empty(), ":kill was trapped: {exits:?}");
            assert_eq!(pending, Some((ExitReason::Killed, from)));
        }
        _ if reason.is_normal() => {
            // Trapped: one {:EXIT, from, :normal}; not trapped: ignored.
            assert!(exits.len() <= 1, "doubled {{:EXIT, ..}}: {exits:?}");
            assert_eq!(pending, None, ":normal killed a process");
        }
        _ => {
            let trapped = exits.len() == 1 && exits[0].reason == reason && pending.is_none();
            let died = exits.is_empty() && pending == Some((reason.clone(), from));
            assert!(trapped ^ died, "neither or both: {exits:?}, {pending:?}");
        }
    }
    clean_up(&[&target, &sender]);
}

#[test]
fn kill_racing_trap_exit_on() {
    explore("kill-vs-trap_exit(true)", || {
        signal_racing_toggle(Signal::Explicit, ExitReason::Kill, false);
    });
}

#[test]
fn kill_racing_trap_exit_off() {
    explore("kill-vs-trap_exit(false)", || {
        signal_racing_toggle(Signal::Explicit, ExitReason::Kill, true);
    });
}

#[test]
fn exit_signal_racing_trap_exit_on() {
    explore("exit(pid, :boom)-vs-trap_exit(true)", || {
        signal_racing_toggle(Signal::Explicit, boom(), false);
    });
}

#[test]
fn exit_signal_racing_trap_exit_off() {
    explore("exit(pid, :boom)-vs-trap_exit(false)", || {
        signal_racing_toggle(Signal::Explicit, boom(), true);
    });
}

#[test]
fn link_exit_racing_trap_exit() {
    explore("link-exit :boom-vs-trap_exit toggle", || {
        signal_racing_toggle(Signal::Link, boom(), false);
        signal_racing_toggle(Signal::Link, boom(), true);
    });
}

#[test]
fn link_exit_kill_reason_is_trappable() {
    // A process that *terminates* with `:kill` sends an ordinary `:kill`.
    explore("link-exit :kill-vs-trap_exit toggle", || {
        signal_racing_toggle(Signal::Link, ExitReason::Kill, false);
    });
}

#[test]
fn normal_exit_racing_trap_exit() {
    explore("link-exit :normal-vs-trap_exit toggle", || {
        signal_racing_toggle(Signal::Link, ExitReason::Normal, false);
        signal_racing_toggle(Signal::Explicit, ExitReason::Normal, true);
    });
}
