//! The ring of slots itself: queueing at the back, finding a sequence
//! number's position, taking a slot's message out (and its index entry),
//! and trimming holes, giving a burst's memory back.

use super::*;

impl Slot {
    const HOLE: Slot = Slot {
        seq: 0,
        tag: Tag::Plain,
        body: Body::Hole,
    };

    pub(super) fn is_hole(&self) -> bool {
        matches!(self.body, Body::Hole)
    }

    /// The message, made now if it is a `:DOWN` not yet made.
    #[inline]
    pub(super) fn message(&mut self) -> Option<&mut Message> {
        match self.body {
            Body::Message(ref mut msg) => Some(msg),
            Body::Hole => None,
            Body::NormalDown(pid) => self.make_down(pid),
        }
    }

    #[cold]
    fn make_down(&mut self, pid: Pid) -> Option<&mut Message> {
        let Tag::Down(r#ref) = self.tag else {
            return None;
        };
        let down = Down {
            r#ref,
            pid,
            reason: ExitReason::Normal,
        };
        self.body = Body::Message(Box::new(down));
        match &mut self.body {
            Body::Message(msg) => Some(msg),
            _ => None,
        }
    }
}

/// Queues a slot made in its place in the ring, field by field, the body
/// last (`body` makes it there). A `Slot` made on the stack and pushed is
/// copied in with 16-byte loads of the 8-byte stores that made it, which
/// the CPU cannot forward from its store buffer: each send stalled until
/// they reached the cache (a tenth of a round trip's time on a profile,
/// with no instruction to show for it).
#[inline]
pub(super) fn push_in_place(
    slots: &mut VecDeque<Slot>,
    seq: u64,
    tag: Tag,
    body: impl FnOnce() -> Body,
) -> &mut Slot {
    slots.push_back(Slot::HOLE);
    let slot = slots.back_mut().expect("a slot was just pushed");
    slot.seq = seq;
    slot.tag = tag;
    slot.body = body();
    slot
}

impl Queue {
    // Inline: a send's whole path is this and its lock; as a call, its
    // register saves and restores were a third of its instructions.
    #[inline]
    pub(super) fn push(&mut self, body: Body, tag: Tag) -> Wakeups {
        let mut wakeups = Wakeups::default();
        self.push_to(|| body, tag, &mut wakeups);
        wakeups
    }

    /// [`Queue::push`] adding the wakers to `wakeups` (the caller's, in its
    /// place: a `Wakeups` returned is copied out, a stall as in
    /// [`push_in_place`]), the body made in its slot by `body`.
    #[inline]
    pub(super) fn push_to(&mut self, body: impl FnOnce() -> Body, tag: Tag, wakeups: &mut Wakeups) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if let Some(r) = tag.r#ref()
            && let Some(slot) = self.tagged.entry(r).or_default().slot(tag)
        {
            *slot = Some(seq);
        }
        if tag == Tag::Plain {
            self.plain_end = seq + 1;
        }
        let slot = push_in_place(&mut self.slots, seq, tag, body);
        let msg = match &slot.body {
            Body::Message(msg) => Some(msg),
            _ => None,
        };
        self.live += 1;
        self.waiters.on_message(tag.waiters(), msg, wakeups);
    }

    /// The position of the first slot from sequence `from` on.
    pub(super) fn start(&self, from: u64) -> usize {
        start(&self.slots, from)
    }

    /// Takes every message before sequence `until` that `select` picks.
    pub(super) fn take_where(
        &mut self,
        until: u64,
        mut select: impl FnMut(&Message) -> bool,
    ) -> Vec<Message> {
        let mut taken = Vec::new();
        for i in 0..self.slots.len() {
            if self.slots[i].seq >= until {
                break;
            }
            if self.slots[i].message().is_some_and(|msg| select(msg))
                && let Body::Message(msg) = self.take_at_without_trim(i)
            {
                taken.push(msg);
            }
        }
        self.trim();
        taken
    }

    /// The position of the slot with sequence number `seq`. Sequence numbers
    /// are contiguous unless a compaction happened, so the direct guess almost
    /// always hits; a binary search covers the rest.
    pub(super) fn position(&self, seq: u64) -> usize {
        position(&self.slots, seq)
    }

    /// Takes the message at `i`, which the caller has already seen through
    /// [`Slot::message`] (so a `:DOWN` there is a message by now), or whose
    /// inspection ended with a match.
    pub(super) fn take_at(&mut self, i: usize) -> Option<Message> {
        let body = self.take_and_trim(i);
        match body {
            Body::Message(msg) => Some(msg),
            Body::Hole | Body::NormalDown(_) => None,
        }
    }

    /// [`Queue::take_at_without_trim`] and [`Queue::trim`]; the oldest
    /// message (what most receives and awaits take) is popped, with no hole
    /// made and no walk over the back of the ring.
    #[inline]
    pub(super) fn take_and_trim(&mut self, i: usize) -> Body {
        self.take_and_trim_as(i, Index::Forget)
    }

    /// [`Queue::take_and_trim`] of a slot whose index entry the caller has
    /// already cleared (`Index::Cleared`): the look-up it made to find the
    /// slot is the only one (a task await's reply and `:DOWN` each cost one
    /// look-up of the index, not three).
    #[inline]
    pub(super) fn take_and_trim_as(&mut self, i: usize, index: Index) -> Body {
        if i != 0 {
            let body = self.take_at_without_trim_as(i, index);
            self.trim();
            return body;
        }
        let Some(slot) = self.slots.pop_front() else {
            return Body::Hole;
        };
        if !slot.is_hole() {
            self.forget_as(slot.tag, index);
        }
        while self.slots.front().is_some_and(Slot::is_hole) {
            self.slots.pop_front();
        }
        self.shrink();
        slot.body
    }

    pub(super) fn take_at_without_trim(&mut self, i: usize) -> Body {
        self.take_at_without_trim_as(i, Index::Forget)
    }

    fn take_at_without_trim_as(&mut self, i: usize, index: Index) -> Body {
        let Some(slot) = self.slots.get_mut(i) else {
            return Body::Hole;
        };
        let body = std::mem::replace(&mut slot.body, Body::Hole);
        if !matches!(body, Body::Hole) {
            let tag = slot.tag;
            self.forget_as(tag, index);
        }
        body
    }

    #[inline]
    fn forget_as(&mut self, tag: Tag, index: Index) {
        match index {
            Index::Forget => self.forget(tag),
            Index::Cleared => self.live -= 1,
        }
    }

    /// The bookkeeping of a message with `tag` leaving: its index entry and
    /// the count.
    pub(super) fn forget(&mut self, tag: Tag) {
        if let Some(r) = tag.r#ref()
            && let Some(tagged) = self.tagged.get_mut(&r)
        {
            if let Some(seq) = tagged.slot(tag) {
                *seq = None;
            }
            if tagged.reply.is_none() && tagged.down.is_none() {
                self.tagged.remove(&r);
            }
        }
        self.live -= 1;
    }

    pub(super) fn trim(&mut self) {
        while self.slots.front().is_some_and(Slot::is_hole) {
            self.slots.pop_front();
        }
        while self.slots.back().is_some_and(Slot::is_hole) {
            self.slots.pop_back();
        }
        if self.slots.len() > 2 * self.live + 32 {
            self.slots.retain(|s| !s.is_hole());
        }
        self.shrink();
    }

    #[inline]
    pub(super) fn shrink(&mut self) {
        // Give a burst's memory back once the ring is mostly empty: halving
        // only at a quarter keeps the cost amortised O(1) per message. A ring
        // that grew past the floor stays just above it until it is empty,
        // then goes entirely, so a drained mailbox is back to an idle
        // process's size; one that never grew past the floor (a process
        // exchanging a few messages at a time) keeps its ring and never
        // reallocates.
        if self.slots.capacity() > SHRINK_FLOOR && self.slots.capacity() > 4 * self.slots.len() {
            self.slots.shrink_to(shrink_target(self.slots.len()));
        }
        if self.tagged.capacity() > SHRINK_FLOOR && self.tagged.capacity() > 4 * self.tagged.len() {
            self.tagged.shrink_to(shrink_target(self.tagged.len()));
        }
    }
}

/// [`Queue::position`], on the ring alone (for a caller that holds an
/// index entry meanwhile).
#[inline]
pub(super) fn position(slots: &VecDeque<Slot>, seq: u64) -> usize {
    let guess = slots
        .front()
        .and_then(|front| usize::try_from(seq.checked_sub(front.seq)?).ok());
    match guess {
        Some(i) if slots.get(i).is_some_and(|s| s.seq == seq) => i,
        _ => slots.partition_point(|s| s.seq < seq),
    }
}

/// Whether taking a slot out also clears its index entry.
#[derive(Clone, Copy)]
pub(super) enum Index {
    /// Clear it (look it up).
    Forget,
    /// The caller has (with the look-up that found the slot).
    Cleared,
}

/// The position of the first slot of `slots` from sequence `from` on.
/// Sequence numbers are contiguous unless a compaction happened, so the
/// direct guess almost always hits (a receive that passes a long queue over
/// starts there once per poll); a binary search covers the rest.
#[inline]
pub(super) fn start(slots: &VecDeque<Slot>, from: u64) -> usize {
    let Some(front) = slots.front() else {
        return 0;
    };
    let Some(guess) = from.checked_sub(front.seq) else {
        return 0;
    };
    if guess == 0 {
        return 0; // the usual receive: from its oldest message
    }
    start_at(slots, from, guess)
}

fn start_at(slots: &VecDeque<Slot>, from: u64, guess: u64) -> usize {
    match usize::try_from(guess) {
        Ok(i) if i >= slots.len() => {
            // Past the back, or a compaction moved it.
            if slots.back().is_some_and(|b| b.seq < from) {
                slots.len()
            } else {
                from_the_back(slots, from)
            }
        }
        Ok(i) if slots[i].seq == from => i,
        _ => from_the_back(slots, from),
    }
}

/// The position of `from` counted from the back: a receive that passes old
/// messages over takes the newest, which leaves no hole (popped from the
/// back), so the front guess is then off by one for every message it took
/// while the ones before it stayed, and the back guess is right (a binary
/// search over the queue was 3 % of such a round trip). A binary search
/// when both miss.
fn from_the_back(slots: &VecDeque<Slot>, from: u64) -> usize {
    let len = slots.len();
    let guess = slots
        .back()
        .and_then(|b| b.seq.checked_sub(from))
        .and_then(|behind| usize::try_from(behind).ok())
        .and_then(|behind| (len - 1).checked_sub(behind));
    match guess {
        Some(i) if slots[i].seq == from => i,
        _ => slots.partition_point(|s| s.seq < from),
    }
}

/// The first slot from position `begin` on for which `f` says something,
/// with its position: the ring's two halves walked as slices (an indexed
/// access per slot costs a wrap-around computation, an iterator over a range
/// of a `VecDeque` more to set up than a one-message walk).
#[inline]
pub(super) fn find_from<R>(
    slots: &mut VecDeque<Slot>,
    begin: usize,
    mut f: impl FnMut(&mut Slot) -> Option<R>,
) -> Option<(usize, R)> {
    let (front, back) = slots.as_mut_slices();
    let split = front.len();
    let (first, second, offset) = match front.get_mut(begin..) {
        Some(rest) => (rest, &mut back[..], begin),
        None => (&mut back[begin - split..], &mut [][..], begin),
    };
    let second_at = offset + first.len();
    for (i, slot) in first.iter_mut().enumerate() {
        if let Some(r) = f(slot) {
            return Some((offset + i, r));
        }
    }
    for (i, slot) in second.iter_mut().enumerate() {
        if let Some(r) = f(slot) {
            return Some((second_at + i, r));
        }
    }
    None
}

/// Below this many entries a ring or index keeps its capacity.
const SHRINK_FLOOR: usize = 64;

/// The room a shrinking ring or index of `len` entries keeps: twice them,
/// not below the floor, nothing once empty.
fn shrink_target(len: usize) -> usize {
    match len {
        0 => 0,
        len => (2 * len).max(SHRINK_FLOOR + 1),
    }
}
