//! reply-vs-timeout: a task's reply racing its owner giving up on it.
//!
//! `Task.await` that times out (and `Task.ignore`, `Task.shutdown`) ends with
//! `Process.demonitor(ref, [:flush])`, which also deactivates the alias the
//! task replies to: a reply is either in the owner's mailbox when
//! `demonitor` returns, or it never arrives.

use super::*;
use crate::Ref;
use crate::make_ref;

/// The task's reply, as `async_task` sends it.
type Reply = (Ref, u32);

fn replies(p: &Proc) -> usize {
    scan::<Reply>(p).len()
}

/// `try_await` with a timeout of 0 on a task that is replying and exiting
/// with `reason` at the same moment. A task that returns has its reply sent
/// by its process loop (`terminate` delivers it with its exit signals, under
/// one lock of the owner's); a task that replies from its code (`deliver_reply`, as supervised
/// tasks and streams do) may still crash after.
fn reply_racing_timeout(reason: ExitReason) {
    // The owner traps exits, so the task's link signal is a message to count.
    let owner = proc(true);
    let task = proc(false);
    let r#ref = make_ref();
    linked(&owner, &task);
    owner.monitor(task.pid, r#ref);

    let task_thread = {
        let (owner, task, reason) = (Arc::clone(&owner), Arc::clone(&task), reason.clone());
        thread::spawn(move || {
            let reply = Box::new((r#ref, 42_u32));
            if reason.is_normal() {
                let reply = crate::runtime::proc::Reply {
                    to: Some(owner),
                    r#ref,
                    msg: reply,
                };
                assert!(task.terminate(&reason, Some(reply)));
            } else {
                owner.deliver_reply(r#ref, reply);
                assert!(task.terminate(&reason, None));
            }
        })
    };
    let owner_thread = {
        let owner = Arc::clone(&owner);
        thread::spawn(move || {
            // The receive: take the reply if it is there.
            let got = {
                let mut state = owner.state.lock();
                state
                    .mailbox
                    .take_first(&mut 0, |m| m.is::<Reply>().then_some(()))
            };
            // Either way `try_await` then demonitors with `[:flush]`.
            owner.demonitor(r#ref, true);
            let in_mailbox = replies(&owner);
            (got.is_some(), in_mailbox)
        })
    };
    task_thread.join().unwrap();
    let (got, at_demonitor) = owner_thread.join().unwrap();

    let now = replies(&owner);
    if got {
        assert_eq!(now, 0, "the reply arrived twice");
    } else {
        assert_eq!(
            now, at_demonitor,
            "a reply arrived after demonitor returned"
        );
    }
    assert!(
        downs(&owner).is_empty(),
        ":DOWN left behind by demonitor(ref, [:flush])"
    );
    let expected = Exit {
        from: task.pid,
        reason,
    };
    assert_eq!(
        exits(&owner),
        vec![expected],
        "the link signal, exactly once"
    );
    assert!(!owner.state.lock().relations.has_monitor(r#ref));
    clean_up(&[&owner, &task]);
}

#[test]
fn reply_racing_timeout_task_returns() {
    explore("reply-vs-timeout (task returns)", || {
        reply_racing_timeout(ExitReason::Normal);
    });
}

#[test]
fn reply_racing_timeout_task_crashes() {
    explore("reply-vs-timeout (task crashes)", || {
        reply_racing_timeout(boom())
    });
}

/// A reply sent while the owner demonitors and the owner exits at the same
/// time: a dead owner's mailbox takes nothing.
#[test]
fn reply_racing_owner_exit() {
    explore("reply-vs-owner-exit", || {
        let owner = proc(false);
        let task = proc(false);
        let r#ref = make_ref();
        owner.monitor(task.pid, r#ref);
        let replier = {
            let owner = Arc::clone(&owner);
            thread::spawn(move || owner.deliver_reply(r#ref, Box::new((r#ref, 1_u32))))
        };
        let exiter = crash_in_thread(&owner);
        replier.join().unwrap();
        exiter.join().unwrap();
        assert_eq!(replies(&owner), 0, "a dead process's mailbox took a reply");
        assert!(
            !task.state.lock().relations.has_watcher(r#ref),
            "a dead owner's monitor stays"
        );
        clean_up(&[&owner, &task]);
    });
}
