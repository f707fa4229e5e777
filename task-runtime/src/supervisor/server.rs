//! The task supervisor process: starts children on request, restarts them
//! by their `:restart`, stops them by their `:shutdown`, and takes them
//! down with it.

use super::errors::StartChildError;
use super::options::Restart;
use crate::messages::{self, Down, Exit, Message};
use crate::runtime::current::{current, raise};
use crate::runtime::meta::ancestors_of_child;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::registry;
use crate::runtime::report::Origin;
use crate::runtime::signals::send_exit;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::runtime::time::{deadline, until};
use crate::task::{Mfa, Shutdown};
use crate::{ExitReason, Pid, Ref, Timeout, make_ref};
use futures::future::BoxFuture;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::Instant;

/// How a child's process is made, now and on restart.
pub(crate) enum ChildStart {
    /// Once only: supervised async tasks and stream tasks (`:temporary`).
    Once(Option<BoxFuture<'static, ()>>),
    /// As often as it is restarted: `start_child`.
    Repeat(Box<dyn FnMut() -> BoxFuture<'static, ()> + Send>),
}

/// A request to the supervisor, answered through `reply`.
pub(crate) enum Request {
    Start {
        start: ChildStart,
        restart: Restart,
        shutdown: Shutdown,
        /// `$callers` of the child: the requesting process first.
        callers: crate::runtime::callers::Callers,
        /// The process its crash report names.
        owner: Pid,
        /// `$initial_call` of an MFA child (`None`: `{:erlang, :apply, 2}`).
        initial_call: Option<Mfa>,
        /// A stream's task: the stream's intermediate process, which asks.
        stream: Option<Pid>,
        reply: oneshot::Sender<Result<Pid, StartChildError>>,
    },
    Children {
        reply: oneshot::Sender<Vec<Pid>>,
    },
    Terminate {
        pid: Pid,
        reply: oneshot::Sender<bool>,
    },
}

struct Child {
    start: ChildStart,
    restart: Restart,
    shutdown: Shutdown,
    callers: crate::runtime::callers::Callers,
    owner: Pid,
    initial_call: Option<Mfa>,
}

pub(crate) struct Config {
    pub(crate) parent: Option<Pid>,
    pub(crate) max_children: Option<usize>,
    pub(crate) max_restarts: usize,
    pub(crate) max_seconds: u64,
}

/// The supervisor's code.
pub(crate) async fn run(config: Config) {
    let me = current().expect("a supervisor runs in a process");
    let mut server = Server {
        me,
        config,
        children: BTreeMap::new(),
        restarts: VecDeque::new(),
    };
    loop {
        let msg = Receive::runtime(Arc::clone(&server.me), incoming, Timeout::Infinity).await;
        match msg {
            Some(Incoming::Request(request)) => server.handle(request).await,
            Some(Incoming::Exit(exit)) => server.exited(exit).await,
            // A peer's `Task.Supervisor.async({name, node}, m, f, a)`.
            #[cfg(feature = "dist")]
            Some(Incoming::Remote(call)) => {
                crate::dist::serve(super::TaskSupervisor::from_pid(server.me.pid), call)
            }
            None => unreachable!("an infinite receive does not time out"),
        }
    }
}

enum Incoming {
    Request(Request),
    Exit(Exit),
    #[cfg(feature = "dist")]
    Remote(crate::gen_server::GenCall<crate::inspect::Term, crate::inspect::Term>),
}

fn incoming(msg: &mut Message) -> Option<Incoming> {
    if let Some(request) = messages::take::<Request>(msg) {
        return Some(Incoming::Request(request));
    }
    #[cfg(feature = "dist")]
    if let Some(call) = messages::take(msg) {
        return Some(Incoming::Remote(call));
    }
    msg.downcast_ref::<Exit>().cloned().map(Incoming::Exit)
}

struct Server {
    me: Arc<Proc>,
    config: Config,
    /// By pid, so in start order.
    children: BTreeMap<Pid, Child>,
    /// When the recent restarts happened, oldest first.
    restarts: VecDeque<Instant>,
}

impl Server {
    async fn handle(&mut self, request: Request) {
        match request {
            Request::Start {
                start,
                restart,
                shutdown,
                callers,
                owner,
                initial_call,
                stream,
                reply,
            } => {
                if stream.is_some_and(|pid| !process_alive(pid)) {
                    // The stream was halted while its start was on the way
                    // (a halt kills the intermediate process without waiting
                    // for it): the task would be killed at once. On the BEAM
                    // the halt waits for the start, then kills the task; here
                    // it is not started, and nobody waits for the answer.
                    // The body is the user's: its drop may panic.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| drop(start)));
                    return;
                }
                // A child already told to exit (a halted stream's task whose
                // future is still being dropped) does not count: on the BEAM
                // its exit would be in by now (see `live_children`). Counted
                // only when the table says full, so the usual start pays one
                // compare.
                let full = self.config.max_children.is_some_and(|max| {
                    self.children.len() >= max && self.live_children().len() >= max
                });
                if full {
                    // The requester may be gone: nobody to answer then.
                    let _ = reply.send(Err(StartChildError::MaxChildren));
                    return;
                }
                let mut child = Child {
                    start,
                    restart,
                    shutdown,
                    callers,
                    owner,
                    initial_call,
                };
                let pid = self.spawn(&mut child);
                self.children.insert(pid, child);
                let _ = reply.send(Ok(pid));
            }
            Request::Children { reply } => {
                let _ = reply.send(self.live_children());
            }
            Request::Terminate { pid, reply } => {
                let found = match self.children.remove(&pid) {
                    Some(child) => {
                        terminate(&self.me, vec![(pid, child.shutdown)]).await;
                        true
                    }
                    None => false,
                };
                let _ = reply.send(found);
            }
        }
    }

    /// The children, less those already told to exit. Such a child is dead
    /// to everybody else (`process::alive`), but its `{:EXIT, ..}` comes only
    /// once its worker has dropped its future, which may lag behind whoever
    /// killed it: a supervised stream's halt returns once its tasks are told
    /// to exit (a drop cannot wait), and the caller's next request may come
    /// first. On the BEAM the halt waits for the tasks, so their exits are
    /// in before that request: none of them is listed.
    fn live_children(&self) -> Vec<Pid> {
        let alive = |pid: &Pid| process_alive(*pid);
        self.children.keys().copied().filter(alive).collect()
    }

    fn spawn(&self, child: &mut Child) -> Pid {
        let body = match &mut child.start {
            ChildStart::Once(body) => body.take(),
            ChildStart::Repeat(make) => Some(make()),
        };
        let body = body.unwrap_or_else(|| Box::pin(async {}));
        let opts = Spawn {
            link: Some(Arc::clone(&self.me)),
            origin: Origin::Task { owner: child.owner },
            callers: Some(child.callers.clone()),
            // The supervisor (by name if it has one), then its own.
            ancestors: Some(ancestors_of_child(&self.me)),
            initial_call: child.initial_call.clone(),
            ..Spawn::default()
        };
        spawn_pid(body, opts)
    }

    /// An `{:EXIT, from, reason}`: the parent telling us to stop, or a child
    /// that ended.
    async fn exited(&mut self, Exit { from, reason }: Exit) {
        if Some(from) == self.config.parent {
            return self.shut_down(reason).await;
        }
        let Some(mut child) = self.children.remove(&from) else {
            return;
        };
        let restart = match child.restart {
            Restart::Temporary => false,
            Restart::Transient => !reason.is_orderly(),
            Restart::Permanent => true,
        };
        if !restart {
            return;
        }
        let now = Instant::now();
        let window = Duration::from_secs(self.config.max_seconds);
        self.restarts.push_back(now);
        while self
            .restarts
            .front()
            .is_some_and(|&t| now.duration_since(t) >= window)
        {
            self.restarts.pop_front();
        }
        if self.restarts.len() > self.config.max_restarts {
            self.shut_down(ExitReason::Shutdown).await;
        }
        let pid = self.spawn(&mut child);
        self.children.insert(pid, child);
    }

    /// Stops every child, then exits with `reason`.
    async fn shut_down(&mut self, reason: ExitReason) {
        let children = std::mem::take(&mut self.children);
        let victims = children.into_iter().map(|(pid, c)| (pid, c.shutdown));
        terminate(&self.me, victims.collect()).await;
        raise::<()>(reason).await;
    }
}

/// `Process.alive?/1`: not told to exit, and not ended.
fn process_alive(pid: Pid) -> bool {
    registry::get(pid).is_some_and(|p| p.is_alive())
}

/// Stops these children, all at once: each is unlinked, sent `:shutdown`
/// and given its shutdown time before `:kill` (or killed at once for
/// `:brutal_kill`). Returns when all are dead.
async fn terminate(me: &Arc<Proc>, victims: Vec<(Pid, Shutdown)>) {
    let mut waiting: FxHashMap<Ref, (Pid, Option<Instant>)> = FxHashMap::default();
    for (pid, how) in victims {
        let watch = make_ref();
        me.monitor(pid, watch);
        me.unlink(pid);
        // Its link signal already arrived: it is dead, nothing to stop.
        let exited = |m: &mut Message| m.downcast_ref::<Exit>().filter(|e| e.from == pid).map(drop);
        if Receive::runtime(Arc::clone(me), exited, Timeout::Ms(0))
            .await
            .is_some()
        {
            me.demonitor(watch, true);
            continue;
        }
        let (signal, kill_at) = match how {
            Shutdown::BrutalKill => (ExitReason::Kill, None),
            Shutdown::Timeout(t) => (ExitReason::Shutdown, deadline(t)),
        };
        send_exit(me.pid, pid, signal);
        waiting.insert(watch, (pid, kill_at));
    }
    while !waiting.is_empty() {
        let next = waiting.values().filter_map(|(_, at)| *at).min();
        let down = |m: &mut Message| {
            let d = m.downcast_ref::<Down>()?;
            waiting.contains_key(&d.r#ref).then_some(d.r#ref)
        };
        let got = Receive::runtime(Arc::clone(me), down, until(next)).await;
        match got {
            Some(watch) => {
                waiting.remove(&watch);
            }
            None => {
                let now = Instant::now();
                for (pid, at) in waiting.values_mut() {
                    if at.is_some_and(|at| at <= now) {
                        send_exit(me.pid, *pid, ExitReason::Kill);
                        *at = None;
                    }
                }
            }
        }
    }
}
