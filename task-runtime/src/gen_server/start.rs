//! `GenServer.start_link/3` and `start/3`: spawn the server, wait for its
//! `init/1`, return what Elixir returns for each outcome.

use super::address::Server;
use super::{GenServer, server};
use crate::inspect::{Doc, Inspect, impl_debug_via_inspect};
use crate::messages::Exit;
use crate::name::spawn_named;
use crate::process::Name;
use crate::runtime::current::current_or_stand_in_for;
use crate::runtime::proc::Proc;
use crate::runtime::receive::Receive;
use crate::runtime::report::Origin;
use crate::runtime::signals::send_exit;
use crate::runtime::spawn::{Spawn, spawn_process};
use crate::task::reply::{Outcome, reply_or_down};
use crate::{ExitReason, Pid, Timeout, make_ref};
use std::sync::Arc;

/// Why `start_link`/`start` returned no server: Elixir's `:ignore` and
/// `{:error, reason}`, printed that way.
#[derive(Clone, PartialEq)]
pub enum StartError {
    /// `init/1` returned `:ignore`.
    Ignore,
    /// `{:error, reason}`: `init/1` returned `{:stop, reason}`, crashed
    /// with `reason`, or did not return within the start timeout
    /// (`:timeout`).
    Error(ExitReason),
}

impl Inspect for StartError {
    fn to_doc(&self) -> Doc {
        match self {
            StartError::Ignore => Doc::text(":ignore"),
            StartError::Error(r) => {
                Doc::container("{", vec![Doc::text(":error"), r.to_doc()], "}", false)
            }
        }
    }
}

impl_debug_via_inspect!(StartError);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Ignore => f.write_str("the server's init returned :ignore"),
            StartError::Error(r) => write!(f, "the server did not start: {r}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Options of `start_link`/`start` (Elixir's keyword list).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct StartOptions {
    /// `timeout:`: how long `init/1` may take (`:infinity` by default); past
    /// it the server is killed and the start returns `{:error, :timeout}`.
    pub timeout: Timeout,
    /// `name:`: registered before `init/1` runs; taken, the start returns
    /// `{:error, {:already_started, pid}}` without running `init`.
    pub name: Option<Name>,
}

impl Default for StartOptions {
    fn default() -> Self {
        StartOptions::new()
    }
}

impl StartOptions {
    /// No name, no init timeout.
    pub fn new() -> StartOptions {
        StartOptions {
            timeout: Timeout::Infinity,
            name: None,
        }
    }

    /// `name:`: a local name (`"counter"`) or a via-name.
    pub fn name(mut self, name: impl Into<Name>) -> StartOptions {
        self.name = Some(name.into());
        self
    }

    /// `timeout:` of `init/1`.
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> StartOptions {
        self.timeout = timeout.into();
        self
    }
}

/// `GenServer.start_link(S, arg, opts)`: starts the server linked to the
/// caller (its parent) and waits until `init(arg)` returns.
///
/// | `init` | returns |
/// |---|---|
/// | `Init::Ok(s)`, `Init::OkThen(s, _)` | `Ok(server)` |
/// | `Init::Ignore` | `Err(StartError::Ignore)` (the server exits `:normal`) |
/// | `Init::Stop(r)`, a panic or exit with `r` | `Err(StartError::Error(r))` (the server exits `r`) |
/// | slower than `opts.timeout` | `Err(StartError::Error(:timeout))` (the server is killed) |
///
/// As in Elixir, a server that fails to start exits with its reason after
/// answering, and the link kills a caller that does not trap exits (for a
/// reason other than `:normal`).
pub async fn start_link<S: GenServer>(
    arg: S::Arg,
    opts: StartOptions,
) -> Result<Server<S>, StartError> {
    starting::<S>(arg, opts, true).await
}

/// `GenServer.start(S, arg, opts)`: [`start_link`] without the link (the
/// server is its own parent).
pub async fn start<S: GenServer>(arg: S::Arg, opts: StartOptions) -> Result<Server<S>, StartError> {
    starting::<S>(arg, opts, false).await
}

/// The answer a new server gives its starter once `init` returned.
pub(crate) type Ack = Result<(), StartError>;

async fn starting<S: GenServer>(
    arg: S::Arg,
    opts: StartOptions,
    link: bool,
) -> Result<Server<S>, StartError> {
    let what = if link {
        "gen_server::start_link"
    } else {
        "gen_server::start"
    };
    let (me, stand_in) = current_or_stand_in_for(what);
    let r#ref = make_ref();
    let since = me.state.lock().mailbox.end_seq();
    let parent = link.then_some(me.pid);
    let code = server::run::<S>(arg, parent, Arc::clone(&me), r#ref, opts.name.clone());
    let spawn = Spawn {
        link: link.then(|| Arc::clone(&me)),
        monitor: Some((Arc::clone(&me), r#ref)),
        origin: Origin::Unreported,
        what,
        ..Spawn::default()
    };
    let child = match &opts.name {
        None => spawn_process(code, spawn),
        Some(name) => match spawn_named(code, spawn, name) {
            Ok(child) => child,
            Err(reason) => {
                if let Some(stand_in) = stand_in {
                    stand_in.terminate(&ExitReason::Normal, None);
                }
                return Err(StartError::Error(reason));
            }
        },
    };
    let pid = child.pid;
    drop(child);
    let wait = Receive::for_task::<Ack>(
        Arc::clone(&me),
        r#ref,
        since,
        reply_or_down::<Ack>(r#ref),
        opts.timeout,
    );
    let outcome = wait.then_demonitor(since).await;
    let result = match outcome {
        Some(Outcome::Reply(Ok(()))) => Ok(Server::from_pid(pid)),
        Some(Outcome::Reply(Err(e))) => Err(e),
        Some(Outcome::Down(reason)) => Err(StartError::Error(reason)),
        None => {
            give_up(&me, pid, r#ref, since);
            Err(StartError::Error(ExitReason::atom("timeout")))
        }
    };
    if let Some(stand_in) = stand_in {
        stand_in.terminate(&ExitReason::Normal, None);
    }
    result
}

/// An `init` past its timeout: the server is killed and forgotten, leaving
/// the caller no `{:EXIT, ..}`, `:DOWN` or late answer.
fn give_up(me: &Arc<Proc>, pid: Pid, r#ref: crate::Ref, since: u64) {
    me.unlink(pid);
    let _ = me.demonitor_flush_from(r#ref, since);
    send_exit(me.pid, pid, ExitReason::Kill);
    let stale = me.take_messages(move |m| m.downcast_ref::<Exit>().is_some_and(|e| e.from == pid));
    drop(stale);
}
