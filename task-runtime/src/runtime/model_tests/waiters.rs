//! Waits and deliveries racing (`waiters.rs`): every wait pending in a
//! process, polled at once from one thread, is woken by the message it is
//! for, whatever the interleaving of its registration with the senders.

use super::{clean_up, deliver_in_thread, explore, own_task_receive_u32, proc};
use crate::make_ref;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::{Ref, Timeout};
use shuttle::thread;
use std::sync::Arc;

/// A receive and two task waits polled together, while a user message and
/// the two tasks' replies arrive from three threads: no wake-up is lost (a
/// lost one leaves `block_on` waiting for ever, which shuttle reports as a
/// deadlock).
#[test]
fn three_waits_in_one_process_each_get_their_message() {
    explore("three-waits", || {
        let owner = proc(false);
        let (t1, t2) = (proc(false), proc(false));
        let (r1, r2) = (make_ref(), make_ref());
        owner.monitor(t1.pid, r1);
        owner.monitor(t2.pid, r2);
        let since = owner.state.lock().mailbox.end_seq();
        let senders: Vec<_> = [(r1, 1_u32), (r2, 2)]
            .into_iter()
            .map(|(r, v)| {
                let owner = Arc::clone(&owner);
                thread::spawn(move || owner.deliver_reply(r, Box::new((r, v))))
            })
            .chain(std::iter::once(deliver_in_thread(
                &owner,
                Box::new("plain"),
            )))
            .collect();
        let reply = |r: Ref| {
            move |m: &mut crate::Message| {
                m.downcast_ref::<(Ref, u32)>()
                    .filter(|(x, _)| *x == r)
                    .map(|(_, v)| *v)
            }
        };
        let got = shuttle::future::block_on(async {
            futures::join!(
                Receive::for_task::<u32>(
                    Arc::clone(&owner),
                    r1,
                    since,
                    reply(r1),
                    Timeout::Infinity
                ),
                Receive::for_task::<u32>(
                    Arc::clone(&owner),
                    r2,
                    since,
                    reply(r2),
                    Timeout::Infinity
                ),
                Receive::new(
                    Arc::clone(&owner),
                    |m: &mut crate::Message| m.downcast_ref::<&str>().copied(),
                    Timeout::Infinity
                ),
            )
        });
        assert_eq!(got, (Some(1), Some(2), Some("plain")));
        for s in senders {
            s.join().unwrap();
        }
        assert_eq!(owner.state.lock().mailbox.len(), 0);
        clean_up(&[&owner, &t1, &t2]);
    });
}

/// A process holding a `u32` and a `"b"`, and a thread whose receive in it
/// takes the private queue out of the state and declines every message
/// (returning `None` at its 0 ms timeout).
fn a_u32_and_a_receive_that_declines_it() -> (Arc<Proc>, thread::JoinHandle<Option<()>>) {
    let owner = proc(false);
    owner.deliver(Box::new(1_u32));
    owner.deliver(Box::new("b"));
    let other = {
        let owner = Arc::clone(&owner);
        thread::spawn(move || {
            let declines = |_: &mut crate::Message| None::<()>;
            shuttle::future::block_on(Receive::new(owner, declines, Timeout::Ms(0)))
        })
    };
    (owner, other)
}

/// A receive polled on one thread while another, polled on a second thread,
/// has the private queue out for its matcher (which declines everything):
/// the first receive takes the `u32`, whether it looked before, during or
/// after. Finding the queue away, its marker stays where it was and the
/// queue's return wakes it (a lost wake-up leaves it waiting for ever: a
/// deadlock).
#[test]
fn a_receive_passing_a_message_out_with_another_still_takes_it() {
    explore("passed-by", || {
        let (owner, other) = a_u32_and_a_receive_that_declines_it();
        let got = shuttle::future::block_on(Receive::new(
            Arc::clone(&owner),
            crate::messages::take::<u32>,
            Timeout::Infinity,
        ));
        assert_eq!(got, Some(1));
        assert_eq!(other.join().unwrap(), None);
        assert_eq!(owner.state.lock().mailbox.len(), 1);
        clean_up(&[&owner]);
    });
}

/// The same race with the first receive polled by the process's own task
/// (which waits without an entry among the waiters, `State::own_task_waits`):
/// the queue's return wakes that task too.
#[test]
fn an_own_task_receive_passing_a_message_out_with_another_still_takes_it() {
    explore("own-task-passed-by", || {
        let (owner, other) = a_u32_and_a_receive_that_declines_it();
        let got = own_task_receive_u32(&owner);
        assert_eq!(got, Some(1));
        assert_eq!(other.join().unwrap(), None);
        clean_up(&[&owner]);
    });
}

/// A send racing the poll in which the process's own task goes pending in a
/// receive: the process loop registers the task's waker only after a poll
/// in which nothing did, so the receive puts it in place itself before a
/// sender can see that it waits (`State::own_task_waits`). Without that, the
/// send finds no waker to wake, and `block_on` waits for ever.
#[test]
fn an_own_task_receive_is_woken_by_a_send_racing_its_pending_poll() {
    explore("own-task-woken", || {
        let owner = proc(false);
        let sender = deliver_in_thread(&owner, Box::new(7_u32));
        let got = own_task_receive_u32(&owner);
        assert_eq!(got, Some(7));
        sender.join().unwrap();
        clean_up(&[&owner]);
    });
}
