//! A GenServer callback's own `exit/1` taken back (`Proc::take_own_exit`)
//! racing an exit signal from another process: the signal is never lost.
//! Whatever the order, the process ends up told to exit by the signal (it
//! arrived first and the own exit was ignored; it came after the own exit
//! and was kept behind it; it came after the take-back), and the own exit
//! is taken back only when the signal had not come yet.

use super::*;

fn own_exit_racing_kill() {
    let server = proc(false);
    let killer = proc(false);
    let callback = {
        let server = Arc::clone(&server);
        thread::spawn(move || {
            // The callback's `exit(:own)`, then the server's take-back.
            {
                let mut state = server.state.lock();
                server.set_exit(&mut state, ExitReason::atom("own"), None);
            }
            server.take_own_exit()
        })
    };
    let signal = {
        let (server, killer) = (Arc::clone(&server), Arc::clone(&killer));
        thread::spawn(move || server.exit_signal(killer.pid, ExitReason::Kill))
    };
    let taken = callback.join().unwrap();
    signal.join().unwrap();
    assert!(
        taken.is_none() || taken == Some(ExitReason::atom("own")),
        "took back {taken:?}"
    );
    assert_eq!(
        pending(&server),
        Some((ExitReason::Killed, Some(killer.pid))),
        "the kill was lost (took back {taken:?})"
    );
    assert!(server.is_exiting(), "told to exit, but the flag is down");
    clean_up(&[&server, &killer]);
}

#[test]
fn own_exit_taken_back_never_loses_a_kill() {
    explore("own exit taken back-vs-kill", own_exit_racing_kill);
}
