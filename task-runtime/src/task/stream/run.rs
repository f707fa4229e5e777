//! The enumerating side of a running stream: what it has started, what
//! it is waiting for, and the messages it receives.

use super::intermediate;
use super::protocol::{Ended, Reply, Spawned, Starter};
use crate::inspect::Term;
use crate::messages::{self, Message};
use crate::runtime::current::{callers_of_child, current_or_stand_in_for};
use crate::runtime::proc::Proc;
use crate::runtime::registry;
use crate::task::reply::down_reason;
use crate::task::{StreamOptions, TaskResult};
use crate::{ExitReason, Pid, Ref, Timeout, make_ref};
use rustc_hash::FxHashMap;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A stream that has started: its intermediate process and its tasks.
pub(super) struct Run {
    pub(super) caller: Arc<Proc>,
    pub(super) stand_in: Option<Arc<Proc>>,
    /// The intermediate process.
    pub(super) intermediate: Pid,
    /// The [`Spawner`](super::protocol::Spawner)'s server, which the
    /// intermediate process monitors during a start: never killed by a halt.
    pub(super) spared: Option<Pid>,
    pub(super) tag: Ref,
    /// `is_stream_message` for this stream's reply type.
    pub(super) is_ours: fn(&Message, Ref, Pid) -> bool,
    pub(super) max: usize,
    pub(super) buffer: usize,
    /// Tasks started and not yet reported ended.
    pub(super) running: usize,
    /// Finished results waiting for an earlier element (ordered mode).
    pub(super) buffered: usize,
    pub(super) spawned: u64,
    /// The next position to emit (ordered mode).
    pub(super) next: u64,
    /// A start a [`Starter::By`] has not answered yet.
    pub(super) awaiting_start: bool,
    pub(super) slots: FxHashMap<u64, Slot>,
}

#[derive(Default)]
pub(super) struct Slot {
    pub(super) input: Option<Term>,
    pub(super) reply: Option<Message>,
    pub(super) result: Option<Message>,
}

/// What the caller received.
pub(super) enum Incoming {
    /// A task's reply (a boxed `Reply<O>`).
    Reply(u64, Message),
    Ended(Ended),
    /// A [`Starter::By`]'s answer: `Some` if it refused the task.
    Spawned {
        refused: Option<ExitReason>,
    },
    /// The intermediate process's `:DOWN`.
    Down(ExitReason),
}

pub(super) fn incoming<O: Send + 'static>(
    tag: Ref,
) -> impl FnMut(&mut Message) -> Option<Incoming> {
    move |msg| {
        if let Some(reply) = msg.downcast_ref::<Reply<O>>().filter(|r| r.tag == tag) {
            let position = reply.position;
            // Kept whole, for `result_of` to downcast once the task ends.
            return Some(Incoming::Reply(
                position,
                std::mem::replace(msg, Box::new(())),
            ));
        }
        if msg.downcast_ref::<Ended>().is_some_and(|e| e.tag == tag) {
            return messages::take::<Ended>(msg).map(Incoming::Ended);
        }
        if let Some(spawned) = msg.downcast_ref::<Spawned>().filter(|s| s.tag == tag) {
            let refused = spawned.refused.clone();
            return Some(Incoming::Spawned { refused });
        }
        down_reason(msg, tag).map(Incoming::Down)
    }
}

/// Polls a selective receive once: `Pending` registers the caller's waker.
pub(super) fn poll_receive<R>(
    proc: &Arc<Proc>,
    matcher: impl FnMut(&mut Message) -> Option<R>,
    cx: &mut Context<'_>,
) -> Poll<R> {
    crate::runtime::receive::poll_detached(proc, matcher, cx)
}

/// `{reason, {Task.Supervised, :stream, [timeout]}}`.
pub(super) fn stream_exit(reason: ExitReason, timeout: Timeout) -> ExitReason {
    let timeout = match timeout {
        Timeout::Ms(ms) => Term::from(ms),
        Timeout::Infinity => Term::atom("infinity"),
    };
    ExitReason::call(reason, "Elixir.Task.Supervised", "stream", vec![timeout])
}

impl Run {
    /// Starts the intermediate process (on the first poll): `Err` is the
    /// reason the caller exits with. `is_ours` recognises the stream's
    /// messages, for its reply type.
    pub(super) fn start<Z>(
        opts: &StreamOptions<Z>,
        starter: Starter,
        is_ours: fn(&Message, Ref, Pid) -> bool,
    ) -> Result<Box<Run>, ExitReason> {
        let max = match opts.max_concurrency {
            Some(0) => {
                return Err(ExitReason::argument_error(
                    ":max_concurrency must be an integer greater than zero",
                ));
            }
            Some(n) => n,
            None => tokio::runtime::Handle::current()
                .metrics()
                .num_workers()
                .max(1),
        };
        let spared = match &starter {
            Starter::By(spawner) => Some(spawner.server()),
            Starter::Linked => None,
        };
        let (caller, stand_in) = current_or_stand_in_for("task::async_stream");
        let tag = make_ref();
        let config = intermediate::Config {
            caller: Arc::clone(&caller),
            tag,
            timeout: opts.timeout,
            starter,
            callers: callers_of_child(),
        };
        let intermediate = intermediate::start(config, caller.traps_exits());
        Ok(Box::new(Run {
            caller,
            stand_in,
            intermediate,
            spared,
            tag,
            is_ours,
            max,
            buffer: opts.reorder_buffer.unwrap_or(max.saturating_mul(16)),
            running: 0,
            buffered: 0,
            spawned: 0,
            next: 0,
            awaiting_start: false,
            slots: FxHashMap::default(),
        }))
    }

    /// Ordered mode: the result of the next position, if it is there.
    pub(super) fn next_in_order<O: Send + 'static>(&mut self) -> Option<TaskResult<O>> {
        let done = self
            .slots
            .get(&self.next)
            .is_some_and(|s| s.result.is_some());
        if !done {
            return None;
        }
        let slot = self.slots.remove(&self.next)?;
        self.next += 1;
        self.buffered -= 1;
        let result = slot.result?.downcast::<TaskResult<O>>().ok()?;
        Some(*result)
    }

    /// A free slot, no start awaiting its answer, and (ordered mode) room in
    /// the reorder buffer.
    pub(super) fn can_start(&self, ordered: bool) -> bool {
        !self.awaiting_start && self.running < self.max && (!ordered || self.buffered < self.buffer)
    }

    /// Kills the intermediate process, then every task it monitors, which
    /// are all it will have: a process told to exit has no more children
    /// linked to it born alive (`Proc::relate_at_birth`). It also monitors
    /// the caller, and a supervisor while it waits for a start: both are
    /// spared. (A supervised task whose start is in flight at that moment
    /// is the supervisor's to start; the intermediate's own death does not
    /// wait for it.)
    fn kill_all_now(&self) {
        let Some(intermediate) = registry::get(self.intermediate) else {
            return;
        };
        // Its monitors before the kill as well as after: once killed, it
        // may end on another worker (and forget them) before we look again,
        // and unlinked (`_nolink`) tasks would then outlive the halt.
        let before = intermediate.state.lock().relations.monitored();
        intermediate.exit_signal(self.caller.pid, ExitReason::Kill);
        let after = intermediate.state.lock().relations.monitored();
        for task in before.iter().chain(&after) {
            if task.pid != self.caller.pid && Some(task.pid) != self.spared {
                task.exit_signal(self.intermediate, ExitReason::Kill);
            }
        }
        drop((before, after)); // outside any lock: the last handles of processes
    }

    /// Removes the stream's messages from the caller's mailbox.
    pub(super) fn clean_mailbox(&self) {
        let (tag, intermediate, is_ours) = (self.tag, self.intermediate, self.is_ours);
        drop(
            self.caller
                .take_messages(move |m| is_ours(m, tag, intermediate)),
        );
    }

    /// Closes the stream without waiting (a drop cannot): its tasks and the
    /// intermediate process are killed now, so none is alive by the caller's
    /// next statement, as after Elixir's halt, which waits for them; their
    /// later messages are dropped (the tag's alias is gone).
    pub(super) fn close_now(&self) {
        self.caller.unlink(self.intermediate);
        self.caller.demonitor(self.tag, true);
        self.kill_all_now();
        self.clean_mailbox();
        if let Some(stand_in) = &self.stand_in {
            stand_in.terminate(&ExitReason::Normal, None);
        }
    }
}
