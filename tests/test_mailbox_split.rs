//! The rules of the private queue and the in-queue (the mailbox split of
//! issue 17, `task-runtime/src/runtime/mailbox/mod.rs`): what a reader sees
//! while a matcher runs, code a matcher calls on its own process, a matcher
//! that sends to itself, a matcher that panics. Each wait is bounded.

mod common;

use common::{DELIBERATE, LONG, run};
use extask::{Message, Pid, Timeout, process, receive};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

fn texts(info: &process::ProcessInfo) -> Vec<&'static str> {
    info.messages.iter().map(|m| m.type_name).collect()
}

/// What a guard asking about its own process saw: how often it ran, and
/// each time what `Process.info` listed and `message_queue_len`.
#[derive(Default)]
struct Looks {
    runs: AtomicUsize,
    seen: std::sync::Mutex<Vec<(Vec<&'static str>, usize)>>,
}

impl Looks {
    /// The guard: records one look at `me` and declines.
    fn look_and_decline(&self, me: Pid) -> bool {
        self.runs.fetch_add(1, Ordering::SeqCst);
        let info = process::info(me).expect("alive");
        let len = process::message_queue_len();
        self.seen.lock().unwrap().push((texts(&info), len));
        false
    }
}

/// Another thread reading `pid`'s `Process.info` when asked (`ask`, from
/// inside a matcher): what it listed and `message_queue_len`.
fn reader_of(
    pid: Pid,
) -> (
    impl Fn() -> (usize, usize) + Send,
    std::thread::JoinHandle<()>,
) {
    let (inside_tx, inside_rx) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel::<(usize, usize)>();
    let reader = std::thread::spawn(move || {
        inside_rx.recv().expect("the matcher runs");
        let info = process::info(pid).expect("alive");
        done_tx
            .send((info.messages.len(), info.message_queue_len()))
            .expect("the matcher waits");
    });
    let ask = move || {
        inside_tx.send(()).expect("the reader waits");
        done_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the reader answers")
    };
    (ask, reader)
}

/// Another process's `Process.info` while this process's matcher runs (held
/// inside it until the reader is done): the private queue is out with the
/// scan, so the reader lists none of it, and its count says how many there
/// are. Once the receive is done, the reader sees them all again.
#[test]
fn a_reader_during_a_user_scan_sees_only_the_count() {
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u32);
        process::send(me, "two");
        let (ask, reader) = reader_of(me);
        let got = process::receive_with(
            move |m: &mut Message| {
                if m.is::<u32>() {
                    return Some(ask());
                }
                None
            },
            LONG,
        )
        .await;
        reader.join().expect("the reader");
        assert_eq!(got, Some((0, 2)), "(listed, message_queue_len) mid-scan");
        let after = process::info(me).expect("alive");
        assert_eq!(texts(&after), ["&str"]);
        assert_eq!(after.message_queue_len(), 1);
    });
}

/// `Process.info` of its own process from a guard: the first look finds the
/// queue away (nothing listed); the guard declining, the message is offered
/// again with the queue parked where the guard's code finds it: every
/// message but the one at hand. `message_queue_len` counts them all, both
/// times; the guard runs twice on that message, and once on the others.
#[test]
fn a_guard_asking_about_its_own_messages_sees_all_but_the_one_at_hand() {
    run(async {
        let me = process::self_pid();
        process::send(me, "first");
        process::send(me, 2_u32);
        process::send(me, 3_u64);
        let looks = Arc::new(Looks::default());
        let l = Arc::clone(&looks);
        let got = receive! {
            n: u32 if l.look_and_decline(me) => n,
            n: u64 => n as u32,
            after 1_000 => 0
        };
        assert_eq!(got, 3, "the u64 arm takes the next one");
        assert_eq!(
            looks.runs.load(Ordering::SeqCst),
            2,
            "the guard ran twice on the u32"
        );
        assert_eq!(
            *looks.seen.lock().unwrap(),
            [(vec![], 3), (vec!["&str", "u64"], 3)],
            "first the queue away, then all but the u32"
        );
        assert_eq!(process::message_queue_len(), 2);
    });
}

/// A matcher that sends to its own process: the message goes to the
/// in-queue of the scan in progress and is offered in the same receive,
/// after the messages that were there.
#[test]
fn a_matcher_sending_to_itself_is_offered_its_message_in_the_same_receive() {
    run(async {
        let me = process::self_pid();
        process::send(me, "a");
        process::send(me, "b");
        let mut offered = Vec::new();
        let got = process::receive_with(
            |m: &mut Message| {
                if let Some(s) = m.downcast_ref::<&str>() {
                    offered.push(*s);
                    if *s == "a" {
                        process::send(me, 7_u32);
                    }
                    return None;
                }
                m.downcast_ref::<u32>().copied()
            },
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(got, Some(7));
        assert_eq!(offered, ["a", "b"]);
        assert_eq!(process::message_queue_len(), 2);
    });
}

/// A guard panicking on its second look (the queue parked for it) loses
/// nothing: the queue and the message at hand go back in place, and the
/// panic reaches the caller.
#[test]
fn a_guard_panicking_with_the_queue_parked_loses_nothing() {
    common::quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        process::send(me, "first");
        process::send(me, 2_u32);
        let looks = Arc::new(AtomicUsize::new(0));
        let l = Arc::clone(&looks);
        let caught = futures::FutureExt::catch_unwind(AssertUnwindSafe(async move {
            receive! {
                n: u32 if {
                    let _ = process::info(me);
                    l.fetch_add(1, Ordering::SeqCst) == 1 && panic!("{DELIBERATE}: parked")
                } => n,
                after 0 => 0
            }
        }))
        .await;
        assert!(caught.is_err(), "the guard's panic reaches the caller");
        assert_eq!(looks.load(Ordering::SeqCst), 2);
        let info = process::info(me).expect("alive");
        assert_eq!(texts(&info), ["&str", "u32"]);
        let n = receive! { n: u32 => n, after 1_000 => 0 };
        assert_eq!(n, 2);
    });
}

// The same rules when the receive has one message to look at: it is lent
// to the matcher out of its slot, with the queue away, rather than the
// whole private queue taken out (`mailbox/lent.rs`).

/// Another process's `Process.info` while a matcher looks at the lone
/// message (and declines it): nothing listed, counted all the same; the
/// message is back in its place afterwards.
#[test]
fn a_reader_during_the_look_at_a_lone_message_sees_only_the_count() {
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u32);
        let (ask, reader) = reader_of(me);
        let seen = Arc::new(std::sync::Mutex::new(None));
        let s = Arc::clone(&seen);
        let got = process::receive_with(
            move |m: &mut Message| {
                if m.is::<u32>() && s.lock().unwrap().is_none() {
                    *s.lock().unwrap() = Some(ask());
                }
                None::<()>
            },
            Timeout::Ms(0),
        )
        .await;
        reader.join().expect("the reader");
        assert_eq!(got, None, "declined");
        assert_eq!(
            *seen.lock().unwrap(),
            Some((0, 1)),
            "(listed, message_queue_len) mid-look"
        );
        let after = process::info(me).expect("alive");
        assert_eq!(texts(&after), ["u32"], "back in its place");
        assert_eq!(process::message_queue_len(), 1);
    });
}

/// A guard asking about its own process while it looks at the lone
/// message: the first look finds the queue away, the second (the guard
/// declined) finds it parked with nothing but the message at hand, which is
/// out of it. Twice, not more, and the message stays.
#[test]
fn a_guard_asking_about_its_own_lone_message_runs_twice() {
    run(async {
        let me = process::self_pid();
        process::send(me, 2_u32);
        let looks = Arc::new(Looks::default());
        let l = Arc::clone(&looks);
        let got = receive! {
            n: u32 if l.look_and_decline(me) => n,
            after 0 => 0
        };
        assert_eq!(got, 0, "declined: the timeout's arm");
        assert_eq!(looks.runs.load(Ordering::SeqCst), 2, "the guard ran twice");
        assert_eq!(
            *looks.seen.lock().unwrap(),
            [(vec![], 1), (vec![], 1)],
            "first the queue away, then parked without the message at hand"
        );
        assert_eq!(texts(&process::info(me).expect("alive")), ["u32"]);
    });
}

/// A matcher that declines the lone message and sends to its own process
/// meanwhile: the lone message goes back ahead of the new one, which the
/// same receive is offered and takes.
#[test]
fn a_matcher_declining_a_lone_message_is_offered_what_it_sent_meanwhile() {
    run(async {
        let me = process::self_pid();
        process::send(me, "a");
        let mut offered = Vec::new();
        let got = process::receive_with(
            |m: &mut Message| {
                if let Some(s) = m.downcast_ref::<&str>() {
                    offered.push(*s);
                    process::send(me, 7_u32);
                    return None;
                }
                m.downcast_ref::<u32>().copied()
            },
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(got, Some(7));
        assert_eq!(offered, ["a"]);
        assert_eq!(texts(&process::info(me).expect("alive")), ["&str"]);
    });
}

/// A matcher that takes the lone message and sends to its own process
/// meanwhile: the message taken leaves, the one sent stays.
#[test]
fn a_matcher_taking_a_lone_message_keeps_what_it_sent_meanwhile() {
    run(async {
        let me = process::self_pid();
        process::send(me, 1_u32);
        let got = process::receive_with(
            |m: &mut Message| {
                let n = m.downcast_ref::<u32>().copied()?;
                process::send(me, "sent");
                Some(n)
            },
            Timeout::Ms(0),
        )
        .await;
        assert_eq!(got, Some(1));
        assert_eq!(texts(&process::info(me).expect("alive")), ["&str"]);
        assert_eq!(process::message_queue_len(), 1);
    });
}

/// A matcher panicking on the lone message loses nothing: the message goes
/// back in its place, and the panic reaches the caller.
#[test]
fn a_matcher_panicking_on_a_lone_message_loses_nothing() {
    common::quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        process::send(me, 3_u32);
        let caught = futures::FutureExt::catch_unwind(AssertUnwindSafe(process::receive_with(
            |_: &mut Message| -> Option<()> { panic!("{DELIBERATE}: lent") },
            Timeout::Ms(0),
        )))
        .await;
        assert!(caught.is_err(), "the matcher's panic reaches the caller");
        assert_eq!(texts(&process::info(me).expect("alive")), ["u32"]);
        let n = receive! { n: u32 => n, after 1_000 => 0 };
        assert_eq!(n, 3);
    });
}
