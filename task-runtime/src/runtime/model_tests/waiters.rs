//! Waits and deliveries racing (`waiters.rs`): every wait pending in a
//! process, polled at once from one thread, is woken by the message it is
//! for, whatever the interleaving of its registration with the senders.

use super::{clean_up, explore, proc};
use crate::make_ref;
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
            .chain(std::iter::once({
                let owner = Arc::clone(&owner);
                thread::spawn(move || owner.deliver(Box::new("plain")))
            }))
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
