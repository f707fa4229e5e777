//! The supervisor process: starts its children in order, restarts them by
//! their `restart` and its strategy within its restart intensity, answers
//! the management calls, and stops its children in reverse order.

use super::errors::{ChildError, StartError};
use super::info::{ChildCounts, ChildInfo, ChildPid};
use super::options::Strategy;
use super::shutdown::stop_child;
use super::spec::{ChildSpec, ChildType, Start};
use crate::inspect::Term;
use crate::messages::{self, Exit, Message};
use crate::runtime::current::{current, raise};
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::report::{self, panic_reason, take_panic_site};
use crate::supervisor::Restart;
use crate::{ExitReason, Pid, Timeout};
use futures::FutureExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::time::Instant;

/// A call to the supervisor, answered through its sender.
pub(crate) enum Request {
    WhichChildren(oneshot::Sender<Vec<ChildInfo>>),
    CountChildren(oneshot::Sender<ChildCounts>),
    Terminate(Term, oneshot::Sender<Result<(), ChildError>>),
    Restart(Term, oneshot::Sender<Result<ChildPid, ChildError>>),
    Delete(Term, oneshot::Sender<Result<(), ChildError>>),
    /// `Supervisor.stop/2`: the caller waits for the `:DOWN`.
    Stop(ExitReason),
}

/// The supervisor's message to itself: retry the restart of this child,
/// whose last start failed (OTP's `try_again_restart`).
struct Retry(Term);

pub(crate) struct Config {
    pub(crate) parent: Option<Pid>,
    pub(crate) name: Option<crate::name::Name>,
    pub(crate) strategy: Strategy,
    pub(crate) max_restarts: usize,
    pub(crate) max_seconds: u64,
}

struct Child {
    spec: ChildSpec,
    pid: ChildPid,
}

struct Server {
    me: Arc<Proc>,
    config: Config,
    /// In start order.
    children: Vec<Child>,
    /// The whole seconds (since `epoch`) of the recent restart attempts.
    restarts: Vec<u64>,
    epoch: Instant,
    /// The specs as given, printed, for the report of an abnormal exit.
    given: Vec<crate::inspect::Doc>,
}

/// The supervisor's code: `ready` gets the outcome of the start.
pub(crate) async fn run(
    config: Config,
    specs: Vec<ChildSpec>,
    ready: oneshot::Sender<Result<(), StartError>>,
) {
    let me = current().expect("a supervisor runs in a process");
    let mut server = Server {
        me,
        config,
        children: Vec::with_capacity(specs.len()),
        restarts: Vec::new(),
        epoch: Instant::now(),
        given: specs.iter().map(crate::inspect::Inspect::to_doc).collect(),
    };
    if let Err(error) = server.init(specs).await {
        let reason = error.exit_reason();
        // The caller may be gone: then nobody is told but its links.
        let _ = ready.send(Err(error));
        return raise(reason).await;
    }
    let _ = ready.send(Ok(()));
    loop {
        let msg = Receive::runtime(Arc::clone(&server.me), incoming, Timeout::Infinity).await;
        match msg {
            Some(Incoming::Request(request)) => server.handle(request).await,
            Some(Incoming::Exit(exit)) => server.exited(exit).await,
            Some(Incoming::Retry(Retry(id))) => server.retry(id).await,
            None => unreachable!("an infinite receive does not time out"),
        }
    }
}

enum Incoming {
    Request(Request),
    Exit(Exit),
    Retry(Retry),
}

fn incoming(msg: &mut Message) -> Option<Incoming> {
    if let Some(request) = messages::take::<Request>(msg) {
        return Some(Incoming::Request(request));
    }
    if let Some(retry) = messages::take::<Retry>(msg) {
        return Some(Incoming::Retry(retry));
    }
    msg.downcast_ref::<Exit>().cloned().map(Incoming::Exit)
}

/// Runs a child's start function (user code, in the supervisor): its
/// process, `:undefined` for `:ignore`, or the start error; a panic is
/// `{:EXIT, reason}`, as Elixir reports a start function that raised.
async fn start(spec: &mut ChildSpec) -> Result<ChildPid, Term> {
    let panicked = |payload: Box<dyn std::any::Any + Send>| {
        drop(take_panic_site());
        let reason = panic_reason(&*payload);
        Term::tuple([Term::atom("EXIT"), reason.to_term()])
    };
    let fut = catch_unwind(AssertUnwindSafe(|| (spec.start)())).map_err(panicked)?;
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(Start::Ok(pid) | Start::OkInfo(pid, _)) => Ok(ChildPid::Pid(pid)),
        Ok(Start::Ignore) => Ok(ChildPid::Undefined),
        Ok(Start::Error(reason)) => Err(reason),
        Err(payload) => Err(panicked(payload)),
    }
}

impl Server {
    /// Starts the children in order; on a failure stops those started, in
    /// reverse order.
    async fn init(&mut self, specs: Vec<ChildSpec>) -> Result<(), StartError> {
        for (i, spec) in specs.iter().enumerate() {
            if specs[..i].iter().any(|s| s.id == spec.id) {
                return Err(StartError::DuplicateChildName(spec.id.clone()));
            }
        }
        for mut spec in specs {
            match start(&mut spec).await {
                Ok(ChildPid::Undefined) if spec.restart_type() == Restart::Temporary => {}
                Ok(pid) => self.children.push(Child { spec, pid }),
                Err(reason) => {
                    self.stop_range(0..self.children.len()).await;
                    let id = spec.id.clone();
                    return Err(StartError::FailedToStartChild { id, reason });
                }
            }
        }
        Ok(())
    }

    fn find(&self, id: &Term) -> Option<usize> {
        self.children.iter().position(|c| &c.spec.id == id)
    }

    async fn handle(&mut self, request: Request) {
        match request {
            Request::WhichChildren(reply) => {
                let infos = self.children.iter().rev().map(|c| ChildInfo {
                    id: c.spec.id.clone(),
                    pid: c.pid,
                    r#type: c.spec.child_type(),
                    modules: c.spec.modules(),
                });
                let _ = reply.send(infos.collect());
            }
            Request::CountChildren(reply) => {
                let mut counts = ChildCounts {
                    specs: self.children.len(),
                    ..ChildCounts::default()
                };
                for c in &self.children {
                    counts.active += usize::from(matches!(c.pid, ChildPid::Pid(_)));
                    match c.spec.child_type() {
                        ChildType::Worker => counts.workers += 1,
                        ChildType::Supervisor => counts.supervisors += 1,
                    }
                }
                let _ = reply.send(counts);
            }
            Request::Terminate(id, reply) => {
                let answer = match self.find(&id) {
                    None => Err(ChildError::NotFound),
                    Some(i) => {
                        self.stop_range(i..i + 1).await;
                        Ok(())
                    }
                };
                let _ = reply.send(answer);
            }
            Request::Restart(id, reply) => {
                let answer = match self.find(&id).map(|i| (i, self.children[i].pid)) {
                    None => Err(ChildError::NotFound),
                    Some((_, ChildPid::Pid(_))) => Err(ChildError::Running),
                    Some((_, ChildPid::Restarting)) => Err(ChildError::Restarting),
                    Some((i, ChildPid::Undefined)) => {
                        let started = start(&mut self.children[i].spec).await;
                        started
                            .inspect(|&pid| self.children[i].pid = pid)
                            .map_err(ChildError::Start)
                    }
                };
                let _ = reply.send(answer);
            }
            Request::Delete(id, reply) => {
                let answer = match self.find(&id).map(|i| (i, self.children[i].pid)) {
                    None => Err(ChildError::NotFound),
                    Some((_, ChildPid::Pid(_))) => Err(ChildError::Running),
                    Some((_, ChildPid::Restarting)) => Err(ChildError::Restarting),
                    Some((i, ChildPid::Undefined)) => {
                        self.children.remove(i);
                        Ok(())
                    }
                };
                let _ = reply.send(answer);
            }
            Request::Stop(reason) => self.shut_down(reason, Term::list([])).await,
        }
    }

    /// An `{:EXIT, from, reason}`: the parent telling us to stop, or a child
    /// that ended (any other is ignored, as OTP's supervisor does).
    async fn exited(&mut self, Exit { from, reason }: Exit) {
        if Some(from) == self.config.parent {
            let last = Term::tuple([Term::atom("EXIT"), Term::Pid(from), Term::of(&reason)]);
            return self.shut_down(reason, last).await;
        }
        let Some(i) = self
            .children
            .iter()
            .position(|c| c.pid == ChildPid::Pid(from))
        else {
            return;
        };
        self.children[i].pid = ChildPid::Undefined;
        match self.children[i].spec.restart_type() {
            Restart::Temporary => {
                self.children.remove(i);
            }
            Restart::Transient if reason.is_orderly() => {}
            Restart::Transient | Restart::Permanent => self.restart(i).await,
        }
    }

    async fn retry(&mut self, id: Term) {
        if let Some(i) = self.find(&id)
            && self.children[i].pid == ChildPid::Restarting
        {
            self.restart(i).await;
        }
    }

    /// Records a restart attempt (OTP's `add_restart`: whole seconds, the
    /// attempts at or after `now - max_seconds` count); `false` when there
    /// are more than `max_restarts`.
    fn add_restart(&mut self) -> bool {
        let now = self.epoch.elapsed().as_secs();
        let threshold = now.checked_sub(self.config.max_seconds);
        self.restarts
            .retain(|&t| threshold.is_none_or(|th| t >= th));
        self.restarts.push(now);
        self.restarts.len() <= self.config.max_restarts
    }

    /// Restarts child `i` (not running) by the strategy, or gives up.
    async fn restart(&mut self, i: usize) {
        if !self.add_restart() {
            return self.shut_down(ExitReason::Shutdown, Term::list([])).await;
        }
        let id = self.children[i].spec.id.clone();
        let from = match self.config.strategy {
            Strategy::OneForOne => {
                self.start_from(i, i + 1).await;
                return;
            }
            Strategy::OneForAll => {
                self.stop_range(0..self.children.len()).await;
                0
            }
            Strategy::RestForOne => {
                self.stop_range(i + 1..self.children.len()).await;
                i
            }
        };
        // Stopping removed the temporary children: find it again.
        let from = self.find(&id).map_or(from, |at| at.min(from));
        self.start_from(from, self.children.len()).await;
    }

    /// Starts children `from..to` in order; at the first failure that child
    /// is `:restarting` and retried by a message to ourselves.
    async fn start_from(&mut self, from: usize, to: usize) {
        for i in from..to {
            if let ChildPid::Pid(_) = self.children[i].pid {
                continue;
            }
            match start(&mut self.children[i].spec).await {
                Ok(pid) => self.children[i].pid = pid,
                Err(_) => {
                    self.children[i].pid = ChildPid::Restarting;
                    let retry = Retry(self.children[i].spec.id.clone());
                    crate::runtime::signals::send(self.me.pid, retry);
                    return;
                }
            }
        }
    }

    /// Stops the running children of `range`, last first, each fully
    /// before the next; they become `:undefined`, and the `:temporary`
    /// ones are removed.
    async fn stop_range(&mut self, range: std::ops::Range<usize>) {
        for i in range.clone().rev() {
            let child = &mut self.children[i];
            if let ChildPid::Pid(pid) = child.pid {
                let how = child.spec.shutdown_type();
                stop_child(&self.me, pid, how).await;
            }
            self.children[i].pid = ChildPid::Undefined;
        }
        let mut at = 0;
        self.children.retain(|c| {
            let keep = c.spec.restart_type() != Restart::Temporary || !range.contains(&at);
            at += 1;
            keep
        });
    }

    /// Stops every child (reverse order), then exits with `reason`, after
    /// the report of a `GenServer` that stops abnormally (`last` is the
    /// message it was handling).
    async fn shut_down(&mut self, reason: ExitReason, last: Term) {
        // Elixir's report shows the children as they were before
        // `terminate/2` stopped them, and is written after.
        let report = (!reason.is_orderly()).then(|| {
            let state = super::report::State {
                pid: self.me.pid,
                name: self.config.name.as_ref(),
                strategy: self.config.strategy,
                max_restarts: self.config.max_restarts,
                max_seconds: self.config.max_seconds,
                children: self.children.iter().map(|c| (&c.spec, c.pid)).collect(),
                given: &self.given,
            };
            super::report::terminating(&state, &reason, &last)
        });
        self.stop_range(0..self.children.len()).await;
        if let Some(text) = report {
            // A subscriber is user code.
            drop(catch_unwind(AssertUnwindSafe(|| {
                report::error_report(|| text)
            })));
        }
        raise::<()>(reason).await;
    }
}
