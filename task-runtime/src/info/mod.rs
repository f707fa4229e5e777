//! `Process.info/1,2` and `Process.list/0` (re-exported by
//! [`process`](crate::process)): a snapshot of a live process.

mod describe;

pub use describe::{MessageInfo, inspectable};

use crate::Pid;
use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::runtime::current::current_pid;
use crate::runtime::mailbox;
use crate::runtime::meta::{self, Ancestor, Meta};
use crate::runtime::names;
use crate::runtime::proc::Proc;
use crate::runtime::registry;
use crate::runtime::waiters::Wakeups;
use crate::task::Mfa;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;

pub(crate) use describe::note;

/// `:status`. A process here is a future: one that is not the caller is
/// `:waiting` (parked at an await: a receive, a sleep, a call), as far as
/// anybody can tell without stopping it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// The caller itself.
    Running,
    /// Parked at an await point.
    Waiting,
    /// Told to exit; it stops at its next await point.
    Exiting,
}

impl Inspect for Status {
    fn to_doc(&self) -> Doc {
        Doc::text(match self {
            Status::Running => ":running",
            Status::Waiting => ":waiting",
            Status::Exiting => ":exiting",
        })
    }
}

/// What `Process.info(pid, keys)` tells of a live process, for the keys
/// that mean something here. Prints as Elixir's keyword list of those
/// keys, in this order: `[registered_name: [], initial_call: {..},
/// status: :waiting, message_queue_len: 2, messages: [..], links: [..],
/// monitors: [process: #PID<..>], monitored_by: [..], dictionary: [..],
/// trap_exit: false]`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ProcessInfo {
    /// The process.
    pub pid: Pid,
    /// `:registered_name` (`[]` in Elixir when unnamed).
    pub registered_name: Option<&'static str>,
    /// `:initial_call`: `{:proc_lib, :init_p, 5}` for a task, supervisor
    /// or registry, `{:erlang, :apply, 2}` for a plain `spawn`.
    pub initial_call: Mfa,
    /// `:status`.
    pub status: Status,
    /// `:messages`, oldest first: each message's Rust type name, and its
    /// Elixir form if known (see [`inspectable`]). Empty while the process's
    /// private queue is out with a scan of its own (a matcher running, with
    /// no lock held, or another reader's look): its count still says how
    /// many there are.
    pub messages: Vec<MessageInfo>,
    /// `:message_queue_len`, read with `messages`.
    queue_len: usize,
    /// `:links`.
    pub links: Vec<Pid>,
    /// `:monitors`: the processes this one monitors (task awaits included).
    pub monitors: Vec<Pid>,
    /// `:monitored_by`.
    pub monitored_by: Vec<Pid>,
    /// `:trap_exit`.
    pub trap_exit: bool,
    /// The dictionary's `"$ancestors"` (empty: not set).
    pub ancestors: Vec<Ancestor>,
    /// The dictionary's `"$callers"`, most recent first (empty: not set).
    pub callers: Vec<Pid>,
    /// The dictionary's `"$initial_call"` (`None`: not set, a plain spawn).
    pub dictionary_initial_call: Option<Mfa>,
}

impl ProcessInfo {
    /// `:message_queue_len`.
    pub fn message_queue_len(&self) -> usize {
        self.queue_len
    }

    /// The dictionary, as `Process.info(pid, :dictionary)` lists it.
    pub fn dictionary(&self) -> Doc {
        let mut pairs = Vec::new();
        if !self.ancestors.is_empty() {
            pairs.push(pair("\"$ancestors\"", self.ancestors.to_doc()));
        }
        if !self.callers.is_empty() {
            pairs.push(pair("\"$callers\"", self.callers.to_doc()));
        }
        if let Some(mfa) = &self.dictionary_initial_call {
            pairs.push(pair("\"$initial_call\"", mfa.to_doc()));
        }
        // A keyword list breaks all or nothing, as Elixir's does.
        Doc::container("[", pairs, "]", true)
    }
}

fn pair(key: &str, value: Doc) -> Doc {
    Doc::Concat(vec![Doc::text(format!("{key}: ")), value])
}

impl Inspect for ProcessInfo {
    fn to_doc(&self) -> Doc {
        let name = match self.registered_name {
            Some(name) => names::name_doc(name),
            None => Doc::text("[]"),
        };
        let monitors = self
            .monitors
            .iter()
            .map(|pid| pair("process", pid.to_doc()))
            .collect();
        let items = vec![
            pair("registered_name", name),
            pair("initial_call", self.initial_call.to_doc()),
            pair("status", self.status.to_doc()),
            pair("message_queue_len", self.message_queue_len().to_doc()),
            pair("messages", self.messages.to_doc()),
            pair("links", self.links.to_doc()),
            pair("monitors", Doc::container("[", monitors, "]", false)),
            pair("monitored_by", self.monitored_by.to_doc()),
            pair("dictionary", self.dictionary()),
            pair("trap_exit", self.trap_exit.to_doc()),
        ];
        Doc::container("[", items, "]", true)
    }
}

impl_debug_via_inspect!(ProcessInfo);

/// `{:proc_lib, :init_p, 5}`: the initial call of every process OTP starts.
const PROC_LIB: Mfa = Mfa {
    module: crate::inspect::Atom::new("proc_lib"),
    function: crate::inspect::Atom::new("init_p"),
    arity: 5,
};

/// A snapshot of the process `pid` (`Process.info/1`); `None` if it is not
/// alive (Elixir's `nil`).
///
/// Its messages are described with no runtime lock held (an `Inspect` is
/// user code): the process's private queue is taken out of its state for
/// the look and put back, as a receive's matcher takes it, so the process's
/// own receives wait for it meanwhile and nothing is lost or reordered. If a
/// matcher of the process has the queue out at that instant, none of its
/// messages is listed, and [`ProcessInfo::message_queue_len`] still counts
/// them.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{inspect::inspect, process};
/// # task_runtime::root::spawn_root(async {
/// let pid = process::spawn(async { process::sleep(1000_u64).await });
/// process::send(pid, "hi");
/// let info = process::info(pid).unwrap();
/// assert_eq!(info.message_queue_len(), 1);
/// assert_eq!(inspect(&info.messages), r#"["hi"]"#);
/// assert_eq!(info.messages[0].type_name, "&str");
/// process::exit(pid, task_runtime::ExitReason::Kill);
/// # }).await.unwrap();
/// # }
/// ```
pub fn info(pid: Pid) -> Option<ProcessInfo> {
    let proc = registry::get(pid)?;
    let (trap_exit, [links, monitors, monitored_by]) = {
        let state = proc.state.lock();
        if !state.alive {
            return None;
        }
        (state.trap_exit, state.relations.pids())
    };
    let (messages, queue_len) = messages_of(&proc)?;
    let status = if proc.is_exiting() {
        Status::Exiting
    } else if current_pid() == Some(pid) {
        Status::Running
    } else {
        Status::Waiting
    };
    let callers = proc.callers.to_vec();
    let ancestors = meta::ancestors(&proc);
    let given = Meta::read(pid, |m| m.initial_call.clone()).flatten();
    // OTP's processes (`proc_lib`): tasks, and what a supervisor or the
    // runtime starts with `$ancestors`.
    let otp = !callers.is_empty() || !ancestors.is_empty();
    let dictionary_initial_call = given.or_else(|| otp.then_some(Mfa::APPLY));
    Some(ProcessInfo {
        pid,
        registered_name: names::name_of(pid),
        initial_call: if otp { PROC_LIB } else { Mfa::APPLY },
        status,
        messages,
        queue_len,
        links,
        monitors,
        monitored_by,
        trap_exit,
        ancestors,
        callers,
        dictionary_initial_call,
    })
}

/// The queued messages of `proc`, described outside its lock (its private
/// queue taken out, as a scan takes it, `mailbox/mod.rs`), and how many
/// there are; `None` if it died meanwhile. A describe that panics (a user's
/// `Inspect`) leaves every message in place.
pub(crate) fn messages_of(proc: &Arc<Proc>) -> Option<(Vec<MessageInfo>, usize)> {
    let mut state = proc.state.lock();
    let len = state.mailbox.len();
    if len == 0 {
        return Some((Vec::new(), 0));
    }
    let Some(mut ring) = state.mailbox.detach() else {
        drop(state);
        // Away with a scan of the process's own, or another reader: only the
        // count can be read now, unless that scan is the one whose matcher
        // called us (on this thread), and parked it for us (`nested.rs`).
        mailbox::missed(proc.pid);
        let Some(mut ring) = mailbox::take_parked(proc.pid) else {
            return Some((Vec::new(), len));
        };
        let mut out = Vec::new();
        let described = catch_unwind(AssertUnwindSafe(|| {
            ring.each(|msg| out.push(describe::describe(&**msg)));
        }));
        mailbox::put_parked(proc.pid, ring);
        if let Err(panic) = described {
            resume_unwind(panic);
        }
        return Some((out, len));
    };
    drop(state);
    let mut out = Vec::with_capacity(len);
    let described = catch_unwind(AssertUnwindSafe(|| {
        ring.each(|msg| out.push(describe::describe(&**msg)));
    }));
    let mut wakeups = Wakeups::default();
    let back = {
        let mut state = proc.state.lock();
        let back = state.mailbox.reattach(&mut ring, None, &mut wakeups);
        // A wait of the process's own task found the ring away: it must
        // look again.
        if back.missed {
            proc.add_own_task(&mut state, &mut wakeups);
        }
        back
    };
    wakeups.wake();
    let orphaned = back.orphaned;
    drop(back); // user values: outside the lock
    if let Err(panic) = described {
        resume_unwind(panic);
    }
    // It ended meanwhile: its messages are gone with it.
    (!orphaned).then(|| {
        let len = out.len();
        (out, len)
    })
}

/// Every live process (`Process.list/0`), in pid order.
pub fn list() -> Vec<Pid> {
    let mut pids = registry::pids();
    pids.sort_unstable();
    pids
}

/// The `$ancestors` of the current process (`Process.get(:"$ancestors")`,
/// empty where Elixir has `nil`): for a task, the process that started it,
/// then that one's own ancestors, each by its registered name if it has one.
pub fn ancestors() -> Vec<Ancestor> {
    crate::runtime::current::current().map_or_else(Vec::new, |me| meta::ancestors(&me))
}

/// One item of [`info`] (`Process.info(pid, :item)`): `None` for a dead
/// process. Elixir's keys are the fields of [`ProcessInfo`]; this reads
/// one as a [`Term`], printed `{:key, value}` as Elixir does.
pub fn info_item(pid: Pid, item: InfoItem) -> Option<Term> {
    let info = info(pid)?;
    let (key, doc) = match item {
        InfoItem::RegisteredName => (
            "registered_name",
            info.registered_name
                .map_or(Doc::text("[]"), names::name_doc),
        ),
        InfoItem::Status => ("status", info.status.to_doc()),
        InfoItem::MessageQueueLen => ("message_queue_len", info.message_queue_len().to_doc()),
        InfoItem::Messages => ("messages", info.messages.to_doc()),
        InfoItem::Links => ("links", info.links.to_doc()),
        InfoItem::Monitors => {
            let monitors = info.monitors.iter().map(|p| pair("process", p.to_doc()));
            (
                "monitors",
                Doc::container("[", monitors.collect(), "]", false),
            )
        }
        InfoItem::MonitoredBy => ("monitored_by", info.monitored_by.to_doc()),
        InfoItem::TrapExit => ("trap_exit", info.trap_exit.to_doc()),
        InfoItem::Dictionary => ("dictionary", info.dictionary()),
        InfoItem::InitialCall => ("initial_call", info.initial_call.to_doc()),
    };
    Some(Term::tuple([Term::atom(key), Term::Doc(Box::new(doc))]))
}

/// The keys of `Process.info/2` that [`info_item`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InfoItem {
    /// `:registered_name`
    RegisteredName,
    /// `:initial_call`
    InitialCall,
    /// `:status`
    Status,
    /// `:message_queue_len`
    MessageQueueLen,
    /// `:messages`
    Messages,
    /// `:links`
    Links,
    /// `:monitors`
    Monitors,
    /// `:monitored_by`
    MonitoredBy,
    /// `:dictionary`
    Dictionary,
    /// `:trap_exit`
    TrapExit,
}
