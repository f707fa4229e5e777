//! The stream's intermediate process (Elixir's `stream_monitor`): it starts
//! the tasks, kills those that run out of time, reports each task's end to
//! the enumerating process, and absorbs the tasks' exit signals.

use super::protocol::{Command, Ended, NewTask, Spawned, Starter};
use crate::messages::{self, Down, Exit, Message};
use crate::runtime::callers::Callers;
use crate::runtime::current::{current, raise};
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::report::Origin;
use crate::runtime::signals::send_exit;
use crate::runtime::spawn::{Spawn, spawn_pid};
use crate::runtime::time::until;
use crate::{ExitReason, Pid, Ref, Timeout, make_ref};
use futures::future::BoxFuture;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::time::Instant;

pub(crate) struct Config {
    /// The enumerating process.
    pub(crate) caller: Arc<Proc>,
    /// The enumerating process's monitor of this process; tags every report.
    pub(crate) tag: Ref,
    pub(crate) timeout: Timeout,
    pub(crate) starter: Starter,
    /// `$callers` of the tasks: the enumerating process first.
    pub(crate) callers: Callers,
}

/// Starts the intermediate process, linked to and monitored (under
/// `config.tag`) by the enumerating process; it traps exits iff `trap_exit`.
pub(crate) fn start(config: Config, trap_exit: bool) -> Pid {
    let caller = Arc::clone(&config.caller);
    let opts = Spawn {
        link: Some(Arc::clone(&caller)),
        monitor: Some((caller, config.tag)),
        trap_exit,
        // Its exits only echo others' (its parent's, a task's): never reported.
        origin: Origin::Unreported,
        ..Spawn::default()
    };
    spawn_pid(run(config), opts)
}

struct Running {
    position: u64,
    pid: Pid,
    linked: bool,
    timed_out: bool,
}

enum Incoming {
    Command(Command),
    TaskDown(Ref, ExitReason),
    ParentDown(ExitReason),
    Ignored,
}

async fn run(config: Config) {
    let me = current().expect("the stream's intermediate process runs in a process");
    let parent_watch = make_ref();
    me.monitor(config.caller.pid, parent_watch);
    let mut running: FxHashMap<Ref, Running> = FxHashMap::default();
    // Deadlines in start order, which is deadline order: one timeout for all.
    let mut timers: VecDeque<(Instant, Ref)> = VecDeque::new();
    loop {
        let next = timers.front().map(|&(at, _)| at);
        let matcher = |msg: &mut Message| classify(msg, parent_watch, &running);
        let incoming = Receive::runtime(Arc::clone(&me), matcher, until(next)).await;
        match incoming {
            None => {
                let Some((_, watch)) = timers.pop_front() else {
                    continue;
                };
                if let Some(task) = running.get_mut(&watch).filter(|t| !t.timed_out) {
                    // Killed whatever `on_timeout` says; unlinked first so that
                    // `:killed` does not come back to us.
                    me.unlink(task.pid);
                    send_exit(me.pid, task.pid, ExitReason::Kill);
                    task.timed_out = true;
                }
            }
            Some(Incoming::Command(Command::Spawn { position, body })) => {
                match spawn_task(&me, &config, body).await {
                    Ok((watch, pid, linked)) => {
                        let task = Running {
                            position,
                            pid,
                            linked,
                            timed_out: false,
                        };
                        running.insert(watch, task);
                        if let Some(d) = config.timeout.as_duration() {
                            timers.push_back((Instant::now() + d, watch));
                        }
                        report_spawned(&config, None);
                    }
                    Err(refused) => {
                        report_spawned(&config, Some(refused));
                        wait_for_stop(&me, parent_watch, &running).await;
                    }
                }
            }
            Some(Incoming::TaskDown(watch, reason)) => {
                if let Some(task) = running.remove(&watch) {
                    let ended = Ended {
                        tag: config.tag,
                        position: task.position,
                        reason,
                        timed_out: task.timed_out,
                    };
                    config.caller.deliver_reply(config.tag, Box::new(ended));
                }
            }
            Some(Incoming::Command(Command::Stop)) => stop(&me, &running).await,
            Some(Incoming::ParentDown(reason)) => parent_down(&me, &running, reason).await,
            Some(Incoming::Ignored) => {}
        }
    }
}

fn classify(
    msg: &mut Message,
    parent_watch: Ref,
    running: &FxHashMap<Ref, Running>,
) -> Option<Incoming> {
    if let Some(command) = messages::take::<Command>(msg) {
        return Some(Incoming::Command(command));
    }
    if let Some(down) = msg.downcast_ref::<Down>() {
        if down.r#ref == parent_watch {
            return Some(Incoming::ParentDown(down.reason.clone()));
        }
        if running.contains_key(&down.r#ref) {
            return Some(Incoming::TaskDown(down.r#ref, down.reason.clone()));
        }
        return None;
    }
    // Exit signals of tasks (and of the parent) when trapping: absorbed.
    msg.is::<Exit>().then_some(Incoming::Ignored)
}

/// A [`Spawner`](super::protocol::Spawner)'s stream waits for the answer
/// of each start.
fn report_spawned(config: &Config, refused: Option<ExitReason>) {
    if let Starter::By(_) = config.starter {
        let spawned = Spawned {
            tag: config.tag,
            refused,
        };
        config.caller.deliver_reply(config.tag, Box::new(spawned));
    }
}

/// Starts one task and monitors it: `(monitor, pid, linked)`, or the
/// reason the enumerating process exits with if the task was refused.
async fn spawn_task(
    me: &Arc<Proc>,
    config: &Config,
    body: BoxFuture<'static, ()>,
) -> Result<(Ref, Pid, bool), ExitReason> {
    let watch = make_ref();
    let owner = config.caller.pid;
    match &config.starter {
        Starter::Linked => {
            let opts = Spawn {
                link: Some(Arc::clone(me)),
                monitor: Some((Arc::clone(me), watch)),
                origin: Origin::Task { owner },
                callers: Some(config.callers.clone()),
                ..Spawn::default()
            };
            Ok((watch, spawn_pid(body, opts), true))
        }
        Starter::By(spawner) => {
            let task = NewTask {
                watch,
                owner,
                callers: config.callers.clone(),
                body,
            };
            let (pid, linked) = spawner.spawn(me, task).await?;
            Ok((watch, pid, linked))
        }
    }
}

/// After a task was refused: only a stop or the parent's death
/// matter now.
async fn wait_for_stop(me: &Arc<Proc>, parent_watch: Ref, running: &FxHashMap<Ref, Running>) {
    loop {
        let matcher = |msg: &mut Message| match classify(msg, parent_watch, running) {
            Some(Incoming::Command(Command::Stop)) => Some(None),
            Some(Incoming::ParentDown(reason)) => Some(Some(reason)),
            Some(_) => None,
            None => None,
        };
        let got = Receive::runtime(Arc::clone(me), matcher, Timeout::Infinity).await;
        match got {
            Some(None) => stop(me, running).await,
            Some(Some(reason)) => parent_down(me, running, reason).await,
            None => {}
        }
    }
}

/// The stream is closed: kill every task, wait for them, exit `:normal`.
async fn stop(me: &Arc<Proc>, running: &FxHashMap<Ref, Running>) {
    me.set_trap_exit(true);
    for task in running.values() {
        send_exit(me.pid, task.pid, ExitReason::Kill);
    }
    for &watch in running.keys() {
        let down = |msg: &mut Message| {
            msg.downcast_ref::<Down>()
                .filter(|d| d.r#ref == watch)
                .map(drop)
        };
        Receive::runtime(Arc::clone(me), down, Timeout::Infinity).await;
    }
    raise::<()>(ExitReason::Normal).await;
}

/// The enumerating process died with `reason`: so do the linked tasks and
/// this process. A caller that exits `:normal` mid-iteration closes the
/// stream in Elixir (its reducer's `catch` calls `stream_close`, which
/// kills every task), and a `:normal` signal would stop no task: they are
/// killed.
async fn parent_down(me: &Arc<Proc>, running: &FxHashMap<Ref, Running>, reason: ExitReason) {
    if reason.is_normal() {
        return stop(me, running).await;
    }
    for task in running.values().filter(|t| t.linked) {
        send_exit(me.pid, task.pid, reason.clone());
    }
    raise::<()>(reason).await;
}
