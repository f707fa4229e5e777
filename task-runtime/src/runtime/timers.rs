//! The timer service behind `Process.send_after/3` and `:timer.send_interval/3`:
//! one per tokio runtime, so a pending timer costs an entry in a heap and a
//! map (its message, its destination, its deadline), never a tokio task.
//!
//! One driver task per runtime sleeps until the earliest deadline, takes every
//! due timer out under the service's lock, and sends their messages after
//! releasing it, through the ordinary send path (`Proc::deliver`, what
//! `process::send` uses). Timers due at the same instant fire in the order
//! they were made (the heap orders by deadline, then by ref, a counter).
//!
//! A timer to a pid belongs to its destination, as in Erlang: once the
//! destination is dead, `read_timer`/`cancel_timer` answer "no timer" and the
//! message is never sent. The service learns of the death lazily (when it
//! fires, or when asked about the timer), so the dying process's exit path
//! has no timer work on it.
//!
//! Why one per runtime (as the default supervisor, `supervisor/default.rs`):
//! the driver is a tokio task and its clock the runtime's (`tokio::time`,
//! paused time included). A timer belongs to the runtime it was started on.
//!
//! The locking rule: no user code under the service's lock. Messages are taken
//! out under it and sent, cloned (intervals) or dropped after it.

use crate::messages::Message;
use crate::runtime::registry;
use crate::runtime::seq_hash::SeqMap;
use crate::runtime::sync::Mutex;
use crate::{Pid, Ref};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, LazyLock, Weak};
use std::time::Duration;
use tokio::runtime::{Handle, Id};
use tokio::sync::Notify;
use tokio::time::Instant;

/// Makes an interval's message anew for every tick.
pub(crate) type MakeMessage = Arc<dyn Fn() -> Message + Send + Sync>;

/// What a timer sends.
enum Payload {
    /// `send_after`: the message, sent once.
    Once(Message),
    /// `send_interval`: a fresh message every `period`.
    Every(Duration, MakeMessage),
}

struct Entry {
    dest: Pid,
    at: Instant,
    payload: Payload,
}

/// What fires now, taken out under the lock and sent after it.
enum Fire {
    Once(Message),
    Every(MakeMessage),
}

/// The pending timers of one runtime. Plain data: the service wraps it in a
/// lock, the model tests drive it directly.
#[derive(Default)]
pub(crate) struct Timers {
    /// Deadlines, earliest first; a cancelled timer's entry stays until it
    /// is popped (or the heap is rebuilt, see [`Timers::compact`]).
    queue: BinaryHeap<Reverse<(Instant, Ref)>>,
    entries: SeqMap<Ref, Entry>,
    /// When the driver will next wake up by itself (`None`: only when told).
    wake_at: Option<Instant>,
}

/// Milliseconds from `now` to `at`, rounded up, as `erlang:read_timer/1`
/// answers (a timer started for 1000 ms reads 1000 right away).
fn ms_left(at: Instant, now: Instant) -> u64 {
    let nanos = at.saturating_duration_since(now).as_nanos();
    u64::try_from(nanos.div_ceil(1_000_000)).unwrap_or(u64::MAX)
}

impl Timers {
    /// Adds a timer; `true` if the driver must wake earlier than planned.
    fn insert(&mut self, r#ref: Ref, dest: Pid, at: Instant, payload: Payload) -> bool {
        self.queue.push(Reverse((at, r#ref)));
        self.entries.insert(r#ref, Entry { dest, at, payload });
        let earlier = self.wake_at.is_none_or(|w| at < w);
        if earlier {
            self.wake_at = Some(at);
        }
        earlier
    }

    /// The timer `r#ref` with its ms left, if it is pending and its
    /// destination is alive; a timer to a dead destination is removed and
    /// returned second, for the caller to drop outside the lock.
    fn read(&mut self, r#ref: Ref, now: Instant, dest_alive: impl Fn(Pid) -> bool) -> Read {
        let Some(entry) = self.entries.get(&r#ref) else {
            return Read::None;
        };
        if dest_alive(entry.dest) {
            Read::Left(ms_left(entry.at, now))
        } else {
            Read::Dead(self.remove(r#ref))
        }
    }

    /// Takes the timer `r#ref` out (its message is the caller's to drop).
    fn remove(&mut self, r#ref: Ref) -> Option<Entry> {
        let entry = self.entries.remove(&r#ref);
        self.compact();
        entry
    }

    /// Rebuilds the heap once cancelled timers are most of it, so that a
    /// program that starts and cancels timers in a loop (a timeout per
    /// request) keeps the heap the size of its pending timers.
    fn compact(&mut self) {
        if self.queue.len() > 64 && self.queue.len() > 2 * self.entries.len() {
            let live = self.entries.iter().map(|(r, e)| Reverse((e.at, *r)));
            self.queue = live.collect();
        }
    }

    /// Takes out every timer due at `now`, in firing order (intervals are
    /// rescheduled), and plans the driver's next wake-up.
    fn take_due(&mut self, now: Instant, due: &mut Vec<(Ref, Pid, Fire)>) {
        while let Some(&Reverse((at, r#ref))) = self.queue.peek() {
            if at > now {
                break;
            }
            self.queue.pop();
            let Some(entry) = self.entries.get_mut(&r#ref) else {
                continue; // cancelled
            };
            match &entry.payload {
                Payload::Once(_) => {
                    if let Some(Entry {
                        dest,
                        payload: Payload::Once(msg),
                        ..
                    }) = self.entries.remove(&r#ref)
                    {
                        due.push((r#ref, dest, Fire::Once(msg)));
                    }
                }
                Payload::Every(period, make) => {
                    // Drift-free while on time; a driver that fell behind
                    // does not fire a burst to catch up.
                    let next = (at + *period).max(now + Duration::from_millis(1));
                    entry.at = next;
                    due.push((r#ref, entry.dest, Fire::Every(Arc::clone(make))));
                    self.queue.push(Reverse((next, r#ref)));
                }
            }
        }
        self.wake_at = self.queue.peek().map(|Reverse((at, _))| *at);
    }
}

/// What [`Timers::read`] found.
enum Read {
    None,
    Left(u64),
    Dead(#[allow(dead_code, reason = "held to be dropped outside the lock")] Option<Entry>),
}

/// One runtime's timers and the driver's doorbell.
pub(crate) struct Service {
    timers: Mutex<Timers>,
    wake: Notify,
}

/// The service of every runtime that has one.
static SERVICES: LazyLock<std::sync::Mutex<FxHashMap<Id, Arc<Service>>>> =
    LazyLock::new(Default::default);

thread_local! {
    /// The last service this thread used: a `send_after` in a loop does not
    /// take the table's lock each time.
    static LAST: RefCell<Option<(Id, Weak<Service>)>> = const { RefCell::new(None) };
}

impl Service {
    /// The current runtime's service, started on first use.
    ///
    /// # Panics
    /// Outside a tokio runtime, naming `what`.
    fn current(what: &str) -> Arc<Service> {
        let Ok(handle) = Handle::try_current() else {
            panic!(
                "`{what}` needs a tokio runtime: call it from inside `#[extask::main]`, \
                 `#[extask::test]`, `#[tokio::main]` or another tokio runtime"
            );
        };
        let id = handle.id();
        let cached = LAST.with_borrow(|last| match last {
            Some((last_id, service)) if *last_id == id => service.upgrade(),
            _ => None,
        });
        if let Some(service) = cached {
            return service;
        }
        let service = {
            let mut services = SERVICES.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(services.entry(id).or_insert_with(|| {
                let service = Arc::new(Service {
                    timers: Mutex::new(Timers::default()),
                    wake: Notify::new(),
                });
                // Spawning runs no user code: fine under the table's lock, so
                // two first callers get one driver.
                handle.spawn(drive(Arc::clone(&service), Forget(id)));
                service
            }))
        };
        LAST.with_borrow_mut(|last| *last = Some((id, Arc::downgrade(&service))));
        service
    }

    fn insert(&self, r#ref: Ref, dest: Pid, after: Duration, payload: Payload) {
        let at = Instant::now() + after;
        let earlier = self.timers.lock().insert(r#ref, dest, at, payload);
        if earlier {
            self.wake.notify_one();
        }
    }
}

/// Starts a one-shot timer: `msg` goes to `dest` after `after`.
pub(crate) fn send_after(what: &str, r#ref: Ref, dest: Pid, msg: Message, after: Duration) {
    Service::current(what).insert(r#ref, dest, after, Payload::Once(msg));
}

/// Starts an interval: a message made by `make` goes to `dest` every `period`.
pub(crate) fn send_interval(
    what: &str,
    r#ref: Ref,
    dest: Pid,
    period: Duration,
    make: MakeMessage,
) {
    // A zero period would make the driver spin.
    let period = period.max(Duration::from_millis(1));
    Service::current(what).insert(r#ref, dest, period, Payload::Every(period, make));
}

/// Ms left on the timer `r#ref`, or `None` if it is not pending (fired,
/// cancelled, unknown, or its destination is dead).
pub(crate) fn read(what: &str, r#ref: Ref) -> Option<u64> {
    let service = Service::current(what);
    let read = service.timers.lock().read(r#ref, Instant::now(), alive);
    match read {
        Read::Left(ms) => Some(ms),
        Read::None => None,
        Read::Dead(entry) => {
            drop_user_value(entry);
            None
        }
    }
}

/// Cancels the timer `r#ref`: its ms left, or `None` if it was not pending.
/// The message is dropped after the lock (its `Drop` is user code).
pub(crate) fn cancel(what: &str, r#ref: Ref) -> Option<u64> {
    let service = Service::current(what);
    let mut timers = service.timers.lock();
    let (left, removed) = match timers.read(r#ref, Instant::now(), alive) {
        Read::Left(ms) => (Some(ms), timers.remove(r#ref)),
        Read::None => (None, None),
        Read::Dead(entry) => (None, entry),
    };
    drop(timers);
    drop_user_value(removed);
    left
}

/// Drops user values (messages, an interval's maker) outside every lock; a
/// panicking `Drop` must not stop the driver or the caller.
fn drop_user_value<T>(value: T) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(value)));
}

fn alive(pid: Pid) -> bool {
    // A timer to a remote pid is pending until it fires or is cancelled.
    #[cfg(feature = "dist")]
    if pid.is_remote() {
        return true;
    }
    registry::get(pid).is_some_and(|p| p.is_alive())
}

/// Removes a runtime's service when its driver is dropped (the runtime shut
/// down): ended runtimes leave nothing behind.
struct Forget(Id);

impl Drop for Forget {
    fn drop(&mut self) {
        let removed = SERVICES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.0);
        // The pending messages are dropped here, after the table's lock.
        if let Some(service) = removed {
            let timers = std::mem::take(&mut *service.timers.lock());
            drop_user_value(timers);
        }
    }
}

/// Sends one due timer's message; an interval whose destination is dead
/// goes on `stopped` (an interval follows its destination).
fn fire_one(r#ref: Ref, dest: Pid, fire: Fire, stopped: &mut Vec<Ref>) {
    // A remote pid's message goes through distribution, as `process::send`
    // sends it (an interval to one runs until cancelled: its liveness is
    // the peer's to know).
    #[cfg(feature = "dist")]
    if dest.is_remote() {
        let msg = match fire {
            Fire::Once(msg) => msg,
            Fire::Every(make) => make(),
        };
        return crate::dist::route_boxed(dest, msg);
    }
    let target = registry::get(dest);
    let msg = match fire {
        Fire::Once(msg) => msg,
        Fire::Every(make) => {
            if !target.as_ref().is_some_and(|t| t.is_alive()) {
                stopped.push(r#ref);
                return;
            }
            make()
        }
    };
    if let Some(target) = target {
        target.deliver(msg);
    }
}

/// The driver: sends what is due, then sleeps until the next deadline or
/// until a timer earlier than it is started.
async fn drive(service: Arc<Service>, _forget: Forget) {
    let mut due = Vec::new();
    loop {
        let next = {
            let mut timers = service.timers.lock();
            timers.take_due(Instant::now(), &mut due);
            timers.wake_at
        };
        let mut stopped = Vec::new();
        for (r#ref, dest, fire) in due.drain(..) {
            // User code runs here (an interval's `Clone`, a message's `Drop`
            // when its destination is gone): a panic in it loses that one
            // message, never the driver.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fire_one(r#ref, dest, fire, &mut stopped);
            }));
        }
        if !stopped.is_empty() {
            let mut timers = service.timers.lock();
            let removed: Vec<_> = stopped.drain(..).filter_map(|r| timers.remove(r)).collect();
            drop(timers);
            drop_user_value(removed);
        }
        match next {
            Some(at) => {
                let _ = tokio::time::timeout_at(at, service.wake.notified()).await;
            }
            None => service.wake.notified().await,
        }
    }
}
