//! The private queue and the in-queue (`mailbox/mod.rs`): a scan takes the
//! private queue out of the state and brings it back with the in-queue
//! spliced behind it. Raced here against senders (their messages land in
//! the in-queue, in order, and wake the scan's wait), a reader
//! (`Process.info`'s `messages_of`: all or only the count, never a part),
//! a task wait polled from another thread (it finds the queue away and is
//! woken when it comes back), a matcher sending to its own process, and the
//! lone message lent to a matcher out of its slot (`mailbox/lent.rs`).

use super::{clean_up, deliver_in_thread, explore, own_task_receive_u32, proc};
use crate::make_ref;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::{Message, Ref, Timeout};
use shuttle::thread;
use std::sync::Arc;

fn strs(owner: &Proc) -> Vec<&'static str> {
    super::scan::<&'static str>(owner)
}

/// `Process.info(pid, :messages)` of `owner` from another thread: how many
/// it listed, and the count.
fn read_from_another_thread(owner: &Arc<Proc>) -> thread::JoinHandle<(usize, usize)> {
    let owner = Arc::clone(owner);
    thread::spawn(move || {
        let (listed, len) = crate::info::messages_of(&owner).expect("alive");
        (listed.len(), len)
    })
}

/// The owner's task receives a `u32` with a user's matcher, polled as its
/// own task polls it (no waiter entry), while one thread sends a `&str` and
/// another the `u32`: whether they land in the ring or in the in-queue of a
/// scan in progress, the receive takes the `u32` and the `&str` stays.
#[test]
fn senders_and_the_owner_s_scan_and_splice() {
    explore("split-senders", || {
        let owner = proc(false);
        owner.deliver(Box::new("first"));
        let senders: Vec<_> = [Box::new("x") as Message, Box::new(5_u32) as Message]
            .into_iter()
            .map(|msg| deliver_in_thread(&owner, msg))
            .collect();
        let got = own_task_receive_u32(&owner);
        assert_eq!(got, Some(5));
        for s in senders {
            s.join().unwrap();
        }
        assert_eq!(strs(&owner), ["first", "x"]);
        assert_eq!(owner.state.lock().mailbox.len(), 2);
        clean_up(&[&owner]);
    });
}

/// `Process.info(pid, :messages)` from another thread while the owner's
/// receive scans: the reader lists the whole mailbox as it was at one
/// moment, or (the queue away) nothing but its count; the receive takes its
/// message either way, and nothing else moves.
#[test]
fn a_reader_during_a_scan_sees_all_of_it_or_only_the_count() {
    explore("split-reader", || {
        let owner = proc(false);
        owner.deliver(Box::new("a"));
        owner.deliver(Box::new("b"));
        let reader = read_from_another_thread(&owner);
        let b = |m: &mut Message| m.downcast_ref::<&str>().filter(|s| **s == "b").copied();
        let got = shuttle::future::block_on(Receive::new(Arc::clone(&owner), b, Timeout::Infinity));
        assert_eq!(got, Some("b"));
        let (listed, len) = reader.join().unwrap();
        assert!(
            matches!((listed, len), (2, 2) | (1, 1) | (0, 2) | (0, 1)),
            "listed {listed} of {len}"
        );
        assert_eq!(strs(&owner), ["a"]);
        clean_up(&[&owner]);
    });
}

/// A task's await polled on another thread while the owner's receive scans
/// (declining everything, at its 0 ms timeout) and the task replies: the
/// await finds the queue away or not, and gets the reply either way (found
/// away, it is woken when the queue comes back).
#[test]
fn a_task_wait_from_another_thread_while_the_owner_scans() {
    explore("split-foreign-wait", || {
        let owner = proc(false);
        let task = proc(false);
        let r: Ref = make_ref();
        owner.monitor(task.pid, r);
        let since = owner.state.lock().mailbox.end_seq();
        owner.deliver(Box::new("plain"));
        let waiter = {
            let owner = Arc::clone(&owner);
            thread::spawn(move || {
                let reply = move |m: &mut Message| {
                    m.downcast_ref::<(Ref, u32)>()
                        .filter(|(x, _)| *x == r)
                        .map(|(_, v)| *v)
                };
                shuttle::future::block_on(Receive::for_task::<u32>(
                    owner,
                    r,
                    since,
                    reply,
                    Timeout::Infinity,
                ))
            })
        };
        let replier = {
            let owner = Arc::clone(&owner);
            thread::spawn(move || owner.deliver_reply(r, Box::new((r, 7_u32))))
        };
        let declines = |_: &mut Message| None::<()>;
        let none =
            shuttle::future::block_on(Receive::new(Arc::clone(&owner), declines, Timeout::Ms(0)));
        assert_eq!(none, None);
        replier.join().unwrap();
        assert_eq!(waiter.join().unwrap(), Some(7));
        assert_eq!(strs(&owner), ["plain"]);
        clean_up(&[&owner, &task]);
    });
}

/// A matcher that sends to its own process while it looks (the send lands
/// in the in-queue of its own scan), racing another sender: the message it
/// sent is offered in the same receive, and the others stay, in order.
#[test]
fn a_matcher_sending_to_its_own_process_mid_scan() {
    explore("split-send-self", || {
        let owner = proc(false);
        owner.deliver(Box::new("a"));
        let sender = deliver_in_thread(&owner, Box::new("b"));
        let me = Arc::clone(&owner);
        let matcher = move |m: &mut Message| match m.downcast_ref::<&str>() {
            Some(&"a") => {
                me.deliver(Box::new(7_u32));
                None
            }
            _ => m.downcast_ref::<u32>().copied(),
        };
        let got =
            shuttle::future::block_on(Receive::new(Arc::clone(&owner), matcher, Timeout::Infinity));
        assert_eq!(got, Some(7));
        sender.join().unwrap();
        assert_eq!(strs(&owner), ["a", "b"]);
        assert_eq!(owner.state.lock().mailbox.len(), 2);
        clean_up(&[&owner]);
    });
}

/// The one message a receive has not looked at is lent to its matcher out
/// of its slot (`mailbox/lent.rs`), the queue away meanwhile, while one
/// thread sends a second message and another reads the mailbox: the matcher
/// declines the lent one, which goes back in its place ahead of the second,
/// and takes the second; the reader lists all of it at one moment or only
/// its count, never a part.
#[test]
fn a_lone_message_lent_while_a_sender_and_a_reader_race() {
    explore("split-lent", || {
        let owner = proc(false);
        owner.deliver(Box::new("a"));
        let sender = deliver_in_thread(&owner, Box::new(7_u32));
        let reader = read_from_another_thread(&owner);
        let takes_u32 = |m: &mut Message| m.downcast_ref::<u32>().copied();
        let got = shuttle::future::block_on(Receive::new(
            Arc::clone(&owner),
            takes_u32,
            Timeout::Infinity,
        ));
        assert_eq!(got, Some(7));
        sender.join().unwrap();
        let (listed, len) = reader.join().unwrap();
        assert!(
            matches!((listed, len), (1, 1) | (2, 2) | (0, 1) | (0, 2)),
            "listed {listed} of {len}"
        );
        assert_eq!(strs(&owner), ["a"]);
        assert_eq!(owner.state.lock().mailbox.len(), 1);
        clean_up(&[&owner]);
    });
}
