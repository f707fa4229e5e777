//! This node: its name and creation, the EPMD registration, the listener
//! that accepts peers, outgoing connects, and the table of connections.

use super::term::{self, Local};
use super::{DistError, Options};
use super::{gen_server, monitors};
use crate::Pid;
use crate::inspect::Atom;
use erl_dist::DistributionFlags;
use erl_dist::epmd::{EpmdClient, NodeEntry};
use erl_dist::message::Message;
use erl_dist::node::{LocalNode, NodeName};
use erl_dist::term::PidOrAtom;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::compat::{Compat, TokioAsyncReadCompatExt};

/// The capability flags this node offers (reference §2's verified set
/// `0xd_0747_0fbc`, less SPAWN: with it a peer's `Node.spawn` would wait
/// for a SPAWN_REPLY this slice never sends; without it the peer refuses
/// at once). PUBLISHED is off: a hidden node, like OTP's C nodes.
const FLAGS: u64 = 0xd_0747_0fbc & !(1 << 32);

pub(crate) struct Node {
    pub(crate) local: Local,
    pub(super) erl_local: LocalNode,
    pub(super) cookie: String,
    pub(super) epmd_port: u16,
    pub(crate) ticktime: Duration,
    /// Connections up and being set up (`setup.rs`), by peer.
    pub(super) conns: Mutex<HashMap<Atom, super::setup::Entry>>,
    pub(super) next_conn: AtomicU64,
    /// Monitors our processes hold on the peers' (`watch.rs`).
    /// Links of our processes to the peers' (`links.rs`).
    pub(crate) links: Mutex<super::links::Links>,
    /// Each connection's proxy process.
    proxies: Mutex<HashMap<Atom, Pid>>,
    pub(crate) watches: Mutex<HashMap<crate::Ref, super::watch::Watch>>,
    /// Closing this socket would unregister the node from EPMD.
    _epmd: Mutex<Compat<TcpStream>>,
}

static NODE: OnceLock<Arc<Node>> = OnceLock::new();

pub(crate) fn get() -> Option<&'static Arc<Node>> {
    NODE.get()
}

pub(crate) async fn start(opts: Options) -> Result<(), DistError> {
    if NODE.get().is_some() {
        return Err(DistError::AlreadyStarted);
    }
    let (name, host) = split_name(&opts.name)?;
    let node_name = NodeName::new(name, host).map_err(|e| DistError::BadName(e.to_string()))?;
    let listener = TcpListener::bind((host, 0))
        .await
        .map_err(DistError::io("listen"))?;
    let port = listener
        .local_addr()
        .map_err(DistError::io("listen"))?
        .port();
    let epmd = TcpStream::connect(("127.0.0.1", opts.epmd_port))
        .await
        .map_err(DistError::io("connect to epmd"))?;
    let (epmd, creation) = EpmdClient::new(epmd.compat())
        .register(NodeEntry::new_hidden(name, port))
        .await
        .map_err(|e| DistError::Epmd(e.to_string()))?;
    let mut erl_local = LocalNode::new(node_name, creation);
    erl_local.flags = DistributionFlags::from_bits_truncate(FLAGS);
    let node = Arc::new(Node {
        local: Local {
            name: Atom::from_string(opts.name.clone()),
            creation: creation.get(),
        },
        erl_local,
        cookie: opts.cookie,
        epmd_port: opts.epmd_port,
        ticktime: opts.ticktime,
        conns: Mutex::new(HashMap::new()),
        next_conn: AtomicU64::new(1),
        watches: Mutex::new(HashMap::new()),
        links: Mutex::new(Default::default()),
        proxies: Mutex::new(HashMap::new()),
        _epmd: Mutex::new(epmd),
    });
    if NODE.set(Arc::clone(&node)).is_err() {
        return Err(DistError::AlreadyStarted);
    }
    tokio::spawn(accept_loop(node, listener));
    Ok(())
}

pub(crate) fn split_name(full: &str) -> Result<(&str, &str), DistError> {
    match full.split_once('@') {
        Some((name, host)) if !name.is_empty() && !host.is_empty() => Ok((name, host)),
        _ => Err(DistError::BadName(format!("{full:?} is not name@host"))),
    }
}

async fn accept_loop(node: Arc<Node>, listener: TcpListener) {
    while let Ok((sock, _)) = listener.accept().await {
        tokio::spawn(super::setup::accept(Arc::clone(&node), sock));
    }
}

impl Node {
    pub(crate) fn remove_conn(&self, peer: &Atom, id: u64) {
        let mut conns = self.conns.lock();
        if conns.get(peer).is_some_and(|e| e.id() == id) {
            conns.remove(peer);
        }
    }

    pub(crate) fn set_proxy(&self, peer: &Atom, proxy: Pid) {
        self.proxies.lock().insert(peer.clone(), proxy);
    }

    /// The proxy of the connection to `peer`, if connected.
    pub(crate) fn proxy(&self, peer: &Atom) -> Option<Pid> {
        self.proxies
            .lock()
            .get(peer)
            .copied()
            .filter(|p| crate::process::alive(*p))
    }

    pub(crate) fn connected(&self) -> Vec<Atom> {
        let conns = self.conns.lock();
        let up = conns.iter().filter(|(_, e)| e.is_up());
        let mut nodes: Vec<Atom> = up.map(|(peer, _)| peer.clone()).collect();
        nodes.sort();
        nodes
    }

    /// Queues `msg` on `peer`'s connection (up or being set up); `false`
    /// if there is none. Sends that connect use `setup::send`.
    pub(crate) fn enqueue(&self, peer: &Atom, msg: Message) -> bool {
        self.conns.lock().get(peer).is_some_and(|e| e.send(msg))
    }

    /// Queues `msg` on the connection to the node named `peer`.
    fn enqueue_reply(&self, peer: &str, msg: Message) {
        self.enqueue(&Atom::from_string(peer.to_owned()), msg);
    }

    /// The pid signals from `from` carry: the current process, or pid 0
    /// (`Pid::OUTSIDE`) of this node.
    pub(crate) fn sender(&self, from: Pid) -> eetf::Pid {
        term::epid(from, &self.local)
            .unwrap_or_else(|_| eetf::Pid::new(self.local.name.name(), 0, 0, self.local.creation))
    }
}

/// A control message from `peer`, acted on; `proxy` holds the peer's
/// monitors of our processes.
pub(crate) fn deliver(node: &Node, peer: &Atom, proxy: Pid, msg: Message) {
    let (to, message) = match msg {
        Message::Send(m) => (Dest::Pid(m.to_pid), m.message),
        Message::SendTt(m) => (Dest::Pid(m.to_pid), m.message),
        Message::SendSender(m) => (Dest::Pid(m.to_pid), m.message),
        Message::SendSenderTt(m) => (Dest::Pid(m.to_pid), m.message),
        Message::RegSend(m) if m.to_name.name == "net_kernel" => {
            let me = node.sender(Pid::OUTSIDE);
            if let Some(reply) = super::net_kernel::reply(me, &m.message) {
                node.enqueue_reply(&m.from_pid.node.name, reply);
            }
            return;
        }
        Message::RegSend(m) => (Dest::Name(m.to_name.name), m.message),
        Message::RegSendTt(m) => (Dest::Name(m.to_name.name), m.message),
        // `net_kernel` is played by the connection, alive as long as it is.
        Message::MonitorP(m) if matches!(&m.to_proc, PidOrAtom::Atom(a) if a.name == "net_kernel") =>
        {
            return;
        }
        Message::MonitorP(m) => {
            let target = match &m.to_proc {
                PidOrAtom::Pid(p) => term::decode_pid(p, &node.local),
                PidOrAtom::Atom(name) => crate::process::whereis(&name.name),
            };
            match target.filter(|p| !p.is_remote()) {
                Some(target) => {
                    // Made here, before the next frame is read, so a signal
                    // that follows the MONITOR_P on the wire (the `send`
                    // that makes the target exit) comes after the monitor.
                    // The proxy learns of it first, so its `:DOWN` finds it.
                    let ours = crate::make_ref();
                    let cmd = monitors::Cmd::Monitor {
                        ours,
                        watcher: m.from_pid,
                        as_named: m.to_proc,
                        reference: m.reference,
                    };
                    crate::process::send(proxy, cmd);
                    if let Some(proxy) = crate::runtime::registry::get(proxy) {
                        proxy.monitor(target, ours);
                    }
                }
                None => {
                    node.enqueue(peer, monitors::noproc(m.to_proc, m.from_pid, m.reference));
                }
            }
            return;
        }
        Message::Link(m) => {
            super::links::linked(node, peer, proxy, m.from_pid, &m.to_pid);
            return;
        }
        Message::UnlinkId(m) => {
            super::links::unlinked(node, peer, proxy, m.id, m.from_pid, m.to_pid);
            return;
        }
        Message::UnlinkIdAck(_) => return,
        Message::Exit(m) => {
            super::links::exit_in(node, proxy, m.from_pid, m.to_pid, m.reason, true);
            return;
        }
        Message::PayloadExit(m) => {
            super::links::exit_in(node, proxy, m.from_pid, m.to_pid, m.reason, true);
            return;
        }
        Message::Exit2(m) => {
            super::links::exit_in(node, proxy, m.from_pid, m.to_pid, m.reason, false);
            return;
        }
        Message::PayloadExit2(m) => {
            super::links::exit_in(node, proxy, m.from_pid, m.to_pid, m.reason, false);
            return;
        }
        Message::DemonitorP(m) => {
            crate::process::send(proxy, monitors::Cmd::Demonitor(m.reference));
            return;
        }
        Message::AliasSend(m) => {
            return super::remote_monitor::alias_send(node, &m.alias, m.message);
        }
        Message::AliasSendTt(m) => {
            return super::remote_monitor::alias_send(node, &m.alias, m.message);
        }
        // A `process::monitor`'s (watch.rs), else a remote call's or task's.
        Message::MonitorPExit(m) => {
            if let Some(reason) = super::watch::exited(node, &m.reference, m.reason) {
                super::remote_monitor::down(node, &m.reference, reason);
            }
            return;
        }
        Message::PayloadMonitorPExit(m) => {
            if let Some(reason) = super::watch::exited(node, &m.reference, m.reason) {
                super::remote_monitor::down(node, &m.reference, reason);
            }
            return;
        }
        other => {
            // SPAWN_REQUEST and the rest: not served (docs/distribution.md).
            tracing::debug!(target: "extask::dist", msg = ?other, "control message not handled yet");
            return;
        }
    };
    let pid = match to {
        Dest::Pid(p) => term::decode_pid(&p, &node.local),
        // An unknown name: dropped, as the BEAM drops a REG_SEND to one.
        Dest::Name(name) => crate::process::whereis(&name),
    };
    // A pid of this node's earlier incarnation decodes as remote: dropped.
    if let Some(pid) = pid.filter(|p| !p.is_remote()) {
        gen_server::deliver(node, proxy, pid, term::decode(message, &node.local));
    }
}

enum Dest {
    Pid(eetf::Pid),
    Name(String),
}
