use super::*;
use crate::make_ref;

fn texts(m: &Mailbox) -> Vec<&'static str> {
    let Some(q) = &m.0 else { return Vec::new() };
    q.slots
        .iter()
        .filter_map(|s| match &s.body {
            Body::Message(msg) => Some(msg),
            _ => None,
        })
        .map(|m| *m.downcast_ref::<&str>().unwrap())
        .collect()
}

fn push(m: &mut Mailbox, msg: Message, tag: Tag) {
    m.push(msg, tag).wake();
}

#[test]
fn take_first_keeps_order_of_the_rest() {
    let mut m = Mailbox::default();
    for s in ["b", "a", "c"] {
        push(&mut m, Box::new(s), Tag::Plain);
    }
    let a = m.take_first(&mut 0, |msg| {
        msg.downcast_ref::<&str>().filter(|s| **s == "a").copied()
    });
    assert_eq!(a.map(|(r, _)| r), Some("a"));
    assert_eq!(texts(&m), ["b", "c"]);
    assert_eq!(m.len(), 2);
}

#[test]
fn tagged_messages_are_found_without_scanning_and_holes_are_compacted() {
    let mut m = Mailbox::default();
    let refs: Vec<Ref> = (0..1000).map(|_| make_ref()).collect();
    push(&mut m, Box::new("old"), Tag::Plain);
    let since = m.end_seq();
    for r in &refs {
        push(&mut m, Box::new((*r, 1)), Tag::Reply(*r));
    }
    let any = |msg: &mut Message| Some(msg.is::<(Ref, i32)>());
    for r in refs.iter().rev() {
        let mut from = since;
        assert_eq!(
            m.take_for_ref(*r, &mut from, any).map(|(found, _)| found),
            Some(true)
        );
        assert!(m.take_for_ref(*r, &mut from, any).is_none());
    }
    assert_eq!(texts(&m), ["old"]);
    let q = m.0.as_ref().unwrap();
    assert!(q.slots.len() <= 2 * q.live + 32 && q.tagged.is_empty());
}

#[test]
fn a_task_wait_also_takes_a_plain_reply_sent_after_its_marker_in_order() {
    let mut m = Mailbox::default();
    let r = make_ref();
    push(&mut m, Box::new((r, "too old")), Tag::Plain);
    let since = m.end_seq();
    push(&mut m, Box::new((r, "hand-sent")), Tag::Plain);
    push(&mut m, Box::new((r, "runtime")), Tag::Reply(r));
    let take = |msg: &mut Message| msg.downcast_ref::<(Ref, &str)>().map(|(_, s)| *s);
    let mut from = since;
    assert_eq!(
        m.take_for_ref(r, &mut from, take).map(|f| f.0),
        Some("hand-sent")
    );
    assert_eq!(
        m.take_for_ref(r, &mut from, take).map(|f| f.0),
        Some("runtime")
    );
    assert_eq!(m.take_for_ref(r, &mut from, take).map(|f| f.0), None);
    assert_eq!(m.len(), 1, "the message older than the marker stays");
}

#[test]
fn a_normal_down_becomes_a_message_only_when_looked_at() {
    let (r1, r2, r3) = (make_ref(), make_ref(), make_ref());
    let pid = Pid::next();
    let mut m = Mailbox::default();
    m.push_down(r1, pid, &ExitReason::Normal).wake();
    m.push_down(r2, pid, &ExitReason::Normal).wake();
    m.push_down(r3, pid, &ExitReason::Killed).wake();
    assert_eq!(m.len(), 3);
    // Flushed unread: nothing was ever made.
    assert!(m.flush_down(r1));
    assert!(!m.flush_down(r1));
    // A receive scanning past it sees an ordinary `Down`, in order.
    let mut seen = Vec::new();
    let none = m.take_first(&mut 0, |msg| {
        let down = msg.downcast_ref::<Down>().expect("a Down");
        seen.push((down.r#ref, down.pid, down.reason.clone()));
        None::<()>
    });
    assert!(none.is_none());
    assert_eq!(
        seen,
        [(r2, pid, ExitReason::Normal), (r3, pid, ExitReason::Killed)]
    );
    let taken = m.take_where(|msg| msg.is::<Down>());
    assert_eq!(taken.len(), 2);
    assert_eq!(m.len(), 0);
}

#[test]
fn scanning_from_a_marker_skips_older_messages() {
    let mut m = Mailbox::default();
    push(&mut m, Box::new("x"), Tag::Plain);
    let mut marker = m.end_seq();
    push(&mut m, Box::new("y"), Tag::Plain);
    let got = m.take_first(&mut marker, |msg| msg.downcast_ref::<&str>().copied());
    assert_eq!(got.map(|(r, _)| r), Some("y"));
    assert_eq!(texts(&m), ["x"]);
}

/// Scans the detached ring with `matcher`, then brings it back.
fn scan_detached<R>(
    m: &mut Mailbox,
    from: &mut u64,
    types: Types<'_>,
    matcher: impl FnMut(&mut Message) -> Option<R>,
) -> Option<(R, Message)> {
    let mut ring = m.detach().expect("the ring is here");
    let found = ring.look(Pid::next(), from, types, matcher);
    let back = m.reattach(
        &mut ring,
        found.as_ref().map(|(i, _)| *i),
        &mut Wakeups::default(),
    );
    assert!(!back.orphaned && back.dropped.is_empty());
    found.map(|(_, r)| r).zip(back.taken)
}

#[test]
fn a_detached_ring_counts_takes_pushes_behind_it_and_comes_back_in_order() {
    let mut m = Mailbox::default();
    for s in ["a", "b", "c"] {
        push(&mut m, Box::new(s), Tag::Plain);
    }
    let mut ring = m.detach().expect("the ring is here");
    assert_eq!(m.len(), 3, "a ring out with a scan still counts");
    assert!(m.detach().is_none(), "one holder at a time");
    // Meanwhile: a push goes to the in-queue, a runtime scan finds nothing
    // and keeps its marker.
    push(&mut m, Box::new("d"), Tag::Plain);
    let mut other = 0;
    assert!(m.take_first(&mut other, |_| Some(())).is_none());
    assert_eq!((other, m.len()), (0, 4));
    let mut from = 0;
    let b = |msg: &mut Message| msg.downcast_ref::<&str>().filter(|s| **s == "b").copied();
    let found = ring.look(Pid::next(), &mut from, Types::All, b);
    let mut wakeups = Wakeups::default();
    let back = m.reattach(&mut ring, found.map(|(i, _)| i), &mut wakeups);
    assert!(back.missed, "the runtime scan found it away");
    assert_eq!(
        back.taken
            .and_then(|t| t.downcast::<&str>().ok())
            .map(|b| *b),
        Some("b")
    );
    assert_eq!(texts(&m), ["a", "c", "d"], "the in-queue is spliced behind");
    assert_eq!(m.len(), 3);
    let mut from = 0;
    let none = scan_detached(&mut m, &mut from, Types::All, |_| None::<()>);
    assert!(none.is_none());
    assert_eq!(
        from,
        m.end_seq(),
        "a scan that takes nothing passes the ring"
    );
}

#[test]
fn flushes_asked_for_while_the_ring_is_away_are_done_on_its_return_up_to_then() {
    let (r, pid) = (make_ref(), Pid::next());
    let mut m = Mailbox::default();
    m.push_down(r, pid, &ExitReason::Normal).wake();
    push(&mut m, Box::new((r, 1_u32)), Tag::Reply(r));
    push(&mut m, Box::new(7_u32), Tag::Plain);
    let mut ring = m.detach().expect("the ring is here");
    assert!(!m.flush_down(r), "deferred");
    assert!(m.flush_reply(r).is_none(), "deferred");
    assert!(m.take_where(|msg| msg.is::<u32>()).is_empty(), "deferred");
    // A u32 after the flush was asked for is not taken by it.
    push(&mut m, Box::new(8_u32), Tag::Plain);
    let back = m.reattach(&mut ring, None, &mut Wakeups::default());
    assert_eq!(back.dropped.len(), 3, "the :DOWN, the reply and the 7");
    let left: Vec<u32> = m
        .take_where(|msg| msg.is::<u32>())
        .into_iter()
        .map(|msg| *msg.downcast::<u32>().unwrap())
        .collect();
    assert_eq!(left, [8]);
    assert_eq!(m.len(), 0);
}

#[test]
fn a_ring_whose_process_ended_while_away_comes_back_orphaned() {
    let mut m = Mailbox::default();
    push(&mut m, Box::new("a"), Tag::Plain);
    let mut ring = m.detach().expect("the ring is here");
    drop(m.take_all());
    let back = m.reattach(&mut ring, None, &mut Wakeups::default());
    assert!(back.orphaned);
    assert_eq!(
        back.dropped.len(),
        1,
        "its message, to drop outside the lock"
    );
}

#[test]
fn the_ring_gives_back_a_burst() {
    let mut m = Mailbox::default();
    for i in 0..100_000_u64 {
        push(&mut m, Box::new(i), Tag::Plain);
    }
    let mut from = 0;
    while m
        .take_first(&mut from, |msg| msg.downcast_ref::<u64>().copied())
        .is_some()
    {}
    let q = m.0.as_ref().unwrap();
    // Drained: nothing of the burst is kept (halving alone stopped at the
    // floor: up to 64 slots, 3 KiB).
    assert_eq!(q.slots.capacity(), 0);
}

#[test]
fn the_index_gives_back_a_burst_of_replies() {
    let mut m = Mailbox::default();
    let refs: Vec<Ref> = (0..10_000).map(|_| make_ref()).collect();
    for r in &refs {
        push(&mut m, Box::new((*r, 1)), Tag::Reply(*r));
    }
    for r in &refs {
        let mut from = 0;
        assert!(m.take_for_ref(*r, &mut from, |_| Some(())).is_some());
    }
    let q = m.0.as_ref().unwrap();
    assert_eq!(q.tagged.capacity(), 0);
    assert_eq!(q.slots.capacity(), 0);
}

/// Batches of up to `SHRINK_FLOOR` messages, emptied each time (a process
/// exchanging messages a few at a time, awaiting a batch of tasks): the
/// ring stays allocated, so no batch reallocates.
#[test]
fn a_mailbox_used_a_few_messages_at_a_time_keeps_its_ring() {
    let mut m = Mailbox::default();
    let mut capacity = None;
    for batch in [1, 40, 3, 64, 1, 64] {
        for i in 0..batch {
            push(&mut m, Box::new(i as u64), Tag::Plain);
        }
        let mut from = 0;
        while m
            .take_first(&mut from, |msg| msg.downcast_ref::<u64>().copied())
            .is_some()
        {}
        let now = m.0.as_ref().unwrap().slots.capacity();
        assert!(now > 0, "batch of {batch}");
        if batch == 64 {
            // Grown to its size for 64 once, then kept.
            assert_eq!(*capacity.get_or_insert(now), now);
        }
    }
}

#[test]
fn the_oldest_down_of_a_ref_is_flushed_hand_sent_or_not() {
    let (r, other) = (make_ref(), make_ref());
    let pid = Pid::next();
    let hand_sent = |r, why: &'static str| -> Message {
        Box::new(Down {
            r#ref: r,
            pid,
            reason: reason(why),
        })
    };
    let reasons = |m: &mut Mailbox| {
        let mut seen = Vec::new();
        let _ = m.take_first(&mut 0, |msg| {
            let d = msg.downcast_ref::<Down>()?;
            seen.push((d.r#ref, d.reason.clone()));
            None::<()>
        });
        seen
    };
    let mut m = Mailbox::default();
    push(&mut m, hand_sent(other, "other"), Tag::Plain);
    push(&mut m, hand_sent(r, "fake"), Tag::Plain);
    m.push_down(r, pid, &ExitReason::Shutdown).wake();
    // The hand-sent one is older: it goes, the runtime's stays.
    assert!(m.flush_oldest_down(r, 0));
    assert_eq!(
        reasons(&mut m),
        [(other, reason("other")), (r, ExitReason::Shutdown)]
    );
    // Then the runtime's.
    assert!(m.flush_oldest_down(r, 0));
    assert!(!m.flush_oldest_down(r, 0));
    // A hand-sent one before `since` (when the ref became known) is not looked at.
    push(&mut m, hand_sent(r, "fake"), Tag::Plain);
    let since = m.end_seq();
    assert!(!m.flush_oldest_down(r, since));
    assert!(m.flush_oldest_down(r, 0));
    assert_eq!(reasons(&mut m), [(other, reason("other"))]);
}

fn reason(why: &'static str) -> ExitReason {
    ExitReason::from(crate::inspect::Term::atom(why))
}

#[test]
fn a_typed_scan_offers_only_its_types_and_passes_the_others() {
    let mut m = Mailbox::default();
    push(&mut m, Box::new("a"), Tag::Plain);
    push(&mut m, Box::new(1_u32), Tag::Plain);
    push(&mut m, Box::new("b"), Tag::Plain);
    let only_u32 = |t: TypeId| t == TypeId::of::<u32>();
    let mut offered = 0;
    let got = scan_detached(&mut m, &mut 0, Types::Only(&only_u32), |msg| {
        offered += 1;
        msg.downcast_ref::<u32>().copied()
    });
    assert_eq!(offered, 1, "only the u32 is offered");
    assert_eq!(got.map(|(r, _)| r), Some(1));
    assert_eq!(texts(&m), ["a", "b"], "the others stay in their slots");
    let mut from = 0;
    let none = scan_detached(&mut m, &mut from, Types::Only(&only_u32), |_| Some(()));
    assert!(none.is_none());
    assert_eq!(from, m.end_seq(), "and are passed for good");
}

/// `start`'s direct guess (sequence numbers contiguous) must stay right
/// after a compaction made the numbers jump: every marker finds the first
/// message at or after it, and a match is removed from its own place.
#[test]
fn scans_find_their_places_after_a_compaction() {
    let mut m = Mailbox::default();
    let names: Vec<&'static str> = (0..200)
        .map(|i| &*Box::leak(format!("m{i}").into_boxed_str()))
        .collect();
    for s in &names {
        push(&mut m, Box::new(*s), Tag::Plain);
    }
    // Take every message but the multiples of 10: holes outnumber messages,
    // so the ring is compacted and the numbers left are 0, 10, 20, ...
    let mut taken = m.take_where(|msg| {
        let s = msg.downcast_ref::<&str>().unwrap();
        s[1..].parse::<u32>().unwrap() % 10 != 0
    });
    assert_eq!(taken.len(), 180);
    taken.clear();
    let kept: Vec<&str> = (0..200).step_by(10).map(|i| names[i]).collect();
    assert_eq!(texts(&m), kept);
    for from in [0, 1, 9, 10, 11, 95, 190, 191, 199, 200, 500] {
        let mut marker = from;
        let mut seen = Vec::new();
        let none = scan_detached(&mut m, &mut marker, Types::All, |msg| {
            seen.push(*msg.downcast_ref::<&str>().unwrap());
            None::<()>
        });
        assert!(none.is_none());
        let want: Vec<&str> = (0..200)
            .step_by(10)
            .filter(|s| *s >= from)
            .map(|i| names[i as usize])
            .collect();
        assert_eq!(seen, want, "from {from}");
        assert_eq!(texts(&m), kept, "from {from}");
        assert_eq!(m.len(), 20);
    }
    let target = names[150];
    let got = scan_detached(&mut m, &mut 95, Types::All, |msg| {
        msg.downcast_ref::<&str>()
            .filter(|s| **s == target)
            .copied()
    });
    assert_eq!(got.map(|(r, _)| r), Some(target));
    assert_eq!(m.len(), 19);
    assert!(!texts(&m).contains(&target));
}

/// The position a scan starts from, with holes at the front, taken slots
/// in the middle and at the back (trimmed), and a compaction: always the
/// first slot with a sequence number from `from` on, as a binary search
/// finds it, whichever guess (from the front, from the back) answers.
#[test]
fn a_scan_starts_at_the_first_slot_from_its_marker_whatever_was_taken() {
    let mut m = Mailbox::default();
    for i in 0..40_u32 {
        push(&mut m, Box::new(i), Tag::Plain);
    }
    let take = |m: &mut Mailbox, n: u32| {
        m.take_first(&mut 0, |msg| {
            (*msg.downcast_ref::<u32>()? == n).then_some(())
        })
    };
    // The newest taken (no hole: popped), as a receive passing the old ones
    // over does; the oldest (trimmed at the front); some in the middle.
    for n in [39, 38, 0, 1, 10, 11, 12, 25] {
        assert!(take(&mut m, n).is_some());
    }
    push(&mut m, Box::new(40_u32), Tag::Plain);
    let Some(q) = &m.0 else { panic!("no queue") };
    for from in 0..=q.next_seq + 1 {
        let expected = q.slots.partition_point(|s| s.seq < from);
        assert_eq!(q.start(from), expected, "from {from}");
    }
}
