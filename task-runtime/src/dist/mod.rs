//! Erlang distribution (feature `dist`): this program as a **hidden node**
//! of a BEAM cluster. Elixir nodes `Node.connect/1` to it and send to its
//! pids and registered names; its processes send to theirs.
//!
//! What crosses the wire is a [`Term`]: a message from another node lands
//! in the mailbox as a `Term` (receive it with a `Term` arm), and sending a
//! `Term` to a remote pid ([`process::send`](crate::process::send)) or to
//! `{name, node}` ([`send_to`]) encodes it on the way. A remote [`Pid`] is
//! still 8 bytes and `Copy`; it prints `#PID<N.id.serial>` as Elixir prints
//! one. `docs/distribution.md` has the design and what is not built yet.
//!
//! ```no_run
//! use task_runtime::{dist, inspect::Term};
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! dist::start("rust@127.0.0.1", "secret").await?;
//! assert!(dist::connect("ex@127.0.0.1").await);
//! dist::send_to("shell", "ex@127.0.0.1", Term::atom("hello"))?;
//! # Ok(()) }
//! # fn main() { let _ = demo(); }
//! ```

pub(crate) mod address;
mod calls;
mod conn;
mod cut;
mod de;
mod epmd;
mod events;
mod gen_server;
mod links;
mod monitors;
mod net_kernel;
mod node;
mod node_monitors;
mod nodes;
mod remote_monitor;
mod remote_tasks;
mod ser;
#[cfg(test)]
mod serde_tests;
mod setup;
mod term;
mod watch;

pub use calls::{Remote, TermProtocol};
pub use de::from_term;
pub use epmd::ensure_epmd;
#[doc(hidden)]
pub use epmd::start_main;
pub use events::{NameDown, NodeDown, NodeUp};
pub use monitors::exit_term;
pub(crate) use remote_tasks::serve;
pub use remote_tasks::{RemoteTask, async_remote, await_remote, register_mfa};
pub use ser::{TermError, send, to_term};
pub use term::EncodeError;

use crate::Pid;
use crate::inspect::{Atom, Term};
use std::any::Any;
use std::fmt;
use std::time::Duration;

/// How to start a node: its name and cookie, the cluster's ticktime and
/// where EPMD listens.
#[derive(Clone, Debug)]
pub struct Options {
    name: String,
    cookie: String,
    ticktime: Duration,
    epmd_port: u16,
}

impl Options {
    /// A node `name` (`"rust@127.0.0.1"`: long names) with this cookie;
    /// ticktime 60 s (`net_ticktime`'s default) and EPMD's port from
    /// `ERL_EPMD_PORT`, else 4369, as `erl` reads them.
    pub fn new(name: impl Into<String>, cookie: impl Into<String>) -> Options {
        let epmd_port = std::env::var("ERL_EPMD_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(4369);
        Options {
            name: name.into(),
            cookie: cookie.into(),
            ticktime: Duration::from_secs(60),
            epmd_port,
        }
    }

    /// The cluster's `net_ticktime` (every node must agree): a tick goes
    /// out after a quarter of it with nothing written, and a peer heard
    /// nothing from for all of it is disconnected.
    pub fn ticktime(mut self, ticktime: Duration) -> Options {
        self.ticktime = ticktime.max(Duration::from_millis(40));
        self
    }

    /// The port EPMD listens on.
    pub fn epmd_port(mut self, port: u16) -> Options {
        self.epmd_port = port;
        self
    }
}

/// Why a node did not start or a connect failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum DistError {
    /// [`start`] was called before in this OS process.
    AlreadyStarted,
    /// The name is not `name@host`.
    BadName(String),
    /// A socket operation failed.
    Io(&'static str, std::io::Error),
    /// EPMD refused the registration or does not know the peer.
    Epmd(String),
    /// The handshake failed (a wrong cookie, a refusal).
    Handshake(String),
    /// [`start`] has not been called.
    NotStarted,
}

impl DistError {
    fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> DistError {
        move |e| DistError::Io(what, e)
    }
}

impl fmt::Display for DistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DistError::AlreadyStarted => f.write_str("the node is already started"),
            DistError::BadName(why) => write!(f, "bad node name: {why}"),
            DistError::Io(what, e) => write!(f, "{what}: {e}"),
            DistError::Epmd(why) => write!(f, "epmd: {why}"),
            DistError::Handshake(why) => write!(f, "handshake: {why}"),
            DistError::NotStarted => f.write_str("the node is not started (dist::start)"),
        }
    }
}

impl std::error::Error for DistError {}

/// Starts this node (Elixir's `Node.start/2` with a cookie): registers the
/// name with EPMD as a hidden node and accepts connections. Call it inside
/// a tokio runtime; the node lives as long as the OS process.
pub async fn start(name: &str, cookie: &str) -> Result<(), DistError> {
    start_with(Options::new(name, cookie)).await
}

/// [`start`] with [`Options`].
pub async fn start_with(options: Options) -> Result<(), DistError> {
    node::start(options).await
}

/// This node's name (`node/0`): `:nonode@nohost` before [`start`].
pub fn node() -> Atom {
    node::get().map_or(Atom::new("nonode@nohost"), |n| n.local.name.clone())
}

/// Connects to `peer` (`Node.connect/1`): `true` once connected (or if it
/// was), `false` if it is unknown to EPMD, unreachable or refuses us.
pub async fn connect(peer: &str) -> bool {
    try_connect(peer).await.is_ok()
}

/// [`connect`] saying why it failed.
pub async fn try_connect(peer: &str) -> Result<(), DistError> {
    let node = node::get().ok_or(DistError::NotStarted)?;
    setup::connect(node, peer).await
}

/// How many times another node's connect crossed one of ours (resolved
/// by the handshake's `nok` / `ok_simultaneous`): for tests of that race.
#[doc(hidden)]
pub fn simultaneous_connects() -> u64 {
    setup::simultaneous()
}

/// Cuts the connection to `peer` (`Node.disconnect/1`): every link and
/// monitor between the two nodes gets `:noconnection` (on the peer's side
/// too: it sees the socket close), calls and tasks in flight exit
/// `{:nodedown, peer}`, node monitors say [`NodeDown`]. Returns once that
/// is done: `true`, or `false` if `peer` was not connected.
pub async fn disconnect(peer: &str) -> bool {
    cut::disconnect(&Atom::from_string(peer.to_owned())).await
}

/// `Node.monitor(peer, true)` from the current process: one [`NodeDown`]
/// (`{:nodedown, peer}`) when the connection to `peer` is lost; each call
/// is one more monitor and one more message. A node that is not
/// connected is connected to, as the BEAM does, and if that fails the
/// `NodeDown` comes at once. `Node.monitor(peer, false)` removes one.
///
/// # Panics
/// Outside any process.
pub fn monitor_node(peer: &str, on: bool) -> bool {
    let Some(me) = crate::process::try_self_pid() else {
        panic!("Node.monitor called outside any process");
    };
    let peer = Atom::from_string(peer.to_owned());
    if on {
        node_monitors::monitor(me, peer);
    } else {
        node_monitors::demonitor(me, &peer);
    }
    true
}

/// `:net_kernel.monitor_nodes(on)` from the current process: a [`NodeUp`]
/// for every connection made and a [`NodeDown`] for every one lost. This
/// node's connections are all hidden, so it reports what the BEAM reports
/// with `node_type: :all`, in the plain `{:nodeup, n}` shape.
///
/// # Panics
/// Outside any process.
pub fn monitor_nodes(on: bool) {
    let Some(me) = crate::process::try_self_pid() else {
        panic!(":net_kernel.monitor_nodes called outside any process");
    };
    node_monitors::subscribe(me, on);
}

/// `Process.monitor({name, peer})` from the current process: a
/// [`NameDown`] whose object is `{name, peer}` when the process registered
/// as `name` there ends, `:noproc` at once if there is none, and
/// `:noconnection` if the connection is lost or not there. [`demonitor`]
/// (or `process::demonitor`) removes it.
///
/// # Panics
/// Outside any process.
pub fn monitor_name(name: &str, peer: &str) -> crate::Ref {
    let Some(me) = crate::process::try_self_pid() else {
        panic!("Process.monitor called outside any process");
    };
    let (name, peer) = (
        Atom::from_string(name.to_owned()),
        Atom::from_string(peer.to_owned()),
    );
    watch::monitor_name(me, name, peer)
}

/// The nodes connected to this one, sorted. All its connections are hidden,
/// so this is Elixir's `Node.list(:connected)` (`Node.list()` on a hidden
/// node is the same list).
pub fn list() -> Vec<Atom> {
    node::get().map_or_else(Vec::new, |n| n.connected())
}

/// `send({name, node}, msg)`: `msg` to the process registered as `name` on
/// `node`, from the current process. As on the BEAM, a node not connected
/// yet is connected first (what is sent meanwhile waits, in order), and
/// the message is dropped when the name is not registered there or the
/// node cannot be reached; `{name, node()}` is this node's `name`. `Err`
/// if this node is not started or `msg` cannot cross nodes.
pub fn send_to(name: &str, peer: &str, msg: Term) -> Result<(), SendError> {
    let node = node::get().ok_or(SendError::NotConnected)?;
    if peer == node.local.name.name() {
        if let Some(pid) = crate::process::whereis(name) {
            crate::process::send(pid, msg);
        }
        return Ok(());
    }
    let payload = term::encode(&msg, &node.local).map_err(SendError::Encode)?;
    let from = node.sender(crate::process::try_self_pid().unwrap_or(Pid::OUTSIDE));
    let message = erl_dist::message::Message::reg_send(from, eetf::Atom::from(name), payload);
    setup::send(node, &Atom::from_string(peer.to_owned()), message);
    Ok(())
}

/// Monitors the remote process `pid` from the current process
/// (`Process.monitor/1` across nodes; [`process::monitor`](crate::process::monitor)
/// of a remote pid comes here): one [`Down`](crate::messages::Down) with
/// the BEAM's reason when it ends, `:noproc` if it was not alive, and
/// `:noconnection` if the connection to its node is lost (or is not there).
///
/// # Panics
/// Outside any process.
pub fn monitor(pid: Pid) -> crate::Ref {
    let Some(me) = crate::process::try_self_pid() else {
        panic!("Process.monitor called outside any process");
    };
    watch::monitor(me, pid)
}

/// `process::link` / `unlink` of a remote pid.
pub(crate) fn link(ours: Pid, theirs: Pid) {
    links::link(ours, theirs);
}

/// `process::exit` of a remote pid (EXIT2).
pub(crate) fn exit(from: Pid, theirs: Pid, reason: &crate::ExitReason) {
    links::exit_out(from, theirs, reason);
}

pub(crate) fn unlink(ours: Pid, theirs: Pid) {
    links::unlink(ours, theirs);
}

/// Removes a monitor made by [`monitor`] (DEMONITOR_P); `false` if it was
/// not an active remote monitor.
pub fn demonitor(r#ref: crate::Ref) -> bool {
    watch::demonitor(r#ref)
}

/// Why [`send_to`] sent nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// This node is not started ([`start`] first).
    NotConnected,
    /// The message cannot be encoded.
    Encode(EncodeError),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::NotConnected => f.write_str("the node is not started (dist::start)"),
            SendError::Encode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SendError {}

/// `process::send` to a remote pid: only a [`Term`] crosses nodes; the
/// message goes on the FIFO of the pid's node's connection, which is set
/// up first if there is none (the BEAM's auto-connect). Anything else, or
/// a node that cannot be reached, is dropped (as a send to a dead pid),
/// with a warning for the former.
pub(crate) fn route<M: Send + 'static>(pid: Pid, msg: M) {
    // `M` is known at compile time: this downcast is a type-id compare.
    let mut slot = Some(msg);
    let Some(term) = (&mut slot as &mut dyn Any).downcast_mut::<Option<Term>>() else {
        tracing::warn!(
            target: "extask::dist",
            to = %pid,
            "only a Term can be sent to a remote pid; message dropped"
        );
        return;
    };
    let Some(term) = term.take() else { return };
    let Some(node) = node::get() else { return };
    let Some((peer, _)) = nodes::entry(pid.node_index()) else {
        return;
    };
    let encoded = term::encode(&term, &node.local).and_then(|payload| {
        Ok(erl_dist::message::Message::send(
            term::epid(pid, &node.local)?,
            payload,
        ))
    });
    match encoded {
        Ok(message) => setup::send(node, &peer, message),
        Err(e) => tracing::warn!(target: "extask::dist", to = %pid, error = %e, "message dropped"),
    }
}

/// [`route`] of a message already boxed (a timer's): only a [`Term`]
/// crosses nodes.
pub(crate) fn route_boxed(pid: Pid, msg: crate::Message) {
    match msg.downcast::<Term>() {
        Ok(term) => route(pid, *term),
        Err(_) => tracing::warn!(
            target: "extask::dist",
            to = %pid,
            "only a Term can be sent to a remote pid; message dropped"
        ),
    }
}

/// `GenServer.call(to, request, timeout)` to a process of a peer node,
/// returning the reason instead of exiting: the same as
/// [`gen_server::try_call(to, ..)`](crate::gen_server::try_call), which
/// takes `("name", "node")` too. `Err` is `{reason, {GenServer, :call,
/// [to, request, timeout]}}`: `:noproc`, `:timeout`, the server's exit
/// reason, `{:nodedown, node}`. Call it inside a process.
pub async fn call(
    to: &Remote,
    request: Term,
    timeout: crate::Timeout,
) -> Result<Term, crate::ExitReason> {
    crate::gen_server::try_call(to, request, timeout).await
}

/// `GenServer.cast(to, msg)` to a process of a peer node.
pub fn cast(to: &Remote, msg: Term) {
    crate::gen_server::cast(to, msg);
}
