//! Connection set-up, as OTP's `net_kernel` and `dist_util` do it: the
//! table's entry for a peer exists from the moment a connection to it is
//! wanted (a send, [`connect`]) or offered (an accepted socket), so
//! signals sent meanwhile queue on it in order; a failed set-up drops them
//! and fires `:noconnection` at what was made meanwhile, as the BEAM does.
//!
//! Two nodes connecting to each other at once keep one connection: the
//! acceptor that finds its own attempt pending answers `nok` if its name
//! is the greater (its own attempt goes on), else `ok_simultaneous` and
//! takes the entry over, queue included, from its own attempt, which the
//! peer refuses with `nok` (net_kernel's `accept_pending`). Unlike OTP, an
//! attempt told `nok` waits for that take-over instead of ending at once,
//! so what was queued on it is not lost in the race.

use super::DistError;
use super::conn;
use super::node::Node;
use crate::inspect::Atom;
use erl_dist::LOWEST_DISTRIBUTION_PROTOCOL_VERSION;
use erl_dist::epmd::EpmdClient;
use erl_dist::handshake::{ClientSideHandshake, HandshakeStatus, ServerSideHandshake};
use erl_dist::message::Message;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::timeout;
use tokio_util::compat::TokioAsyncReadCompatExt;

/// How long a set-up may take (OTP's `net_setuptime` default).
const SETUP: Duration = Duration::from_secs(7);

/// Simultaneous connects resolved here, either way (`nok` or
/// `ok_simultaneous` answered): what tests check the race was run.
static SIMULTANEOUS: AtomicU64 = AtomicU64::new(0);

pub(crate) fn simultaneous() -> u64 {
    SIMULTANEOUS.load(Ordering::Relaxed)
}

/// The table's entry for one peer: the FIFO every signal to it goes on.
pub(crate) struct Entry {
    id: u64,
    tx: mpsc::UnboundedSender<Message>,
    state: State,
}

enum State {
    /// Being set up by `owner`. `rx` is the queue's end, given to the
    /// connection's writer once the handshake is done; `waiting` hear
    /// whether the connection came up.
    Pending {
        owner: Owner,
        rx: Option<mpsc::UnboundedReceiver<Message>>,
        waiting: Vec<oneshot::Sender<bool>>,
    },
    Up,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Owner {
    Initiator,
    Acceptor,
}

impl Entry {
    pub(crate) fn send(&self, msg: Message) -> bool {
        self.tx.send(msg).is_ok()
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn is_up(&self) -> bool {
        matches!(self.state, State::Up)
    }
}

impl Node {
    /// A new pending entry for `peer`, replacing any (a peer connecting
    /// again while we think its old connection is up: the old one's queue
    /// is dropped with it).
    fn pending(&self, owner: Owner) -> (Entry, u64) {
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::unbounded_channel();
        let state = State::Pending {
            owner,
            rx: Some(rx),
            waiting: Vec::new(),
        };
        (Entry { id, tx, state }, id)
    }

    /// The queue of set-up `id`, for its socket: `None` if the set-up is
    /// no longer `owner`'s (taken over, or replaced).
    fn claim(
        &self,
        peer: &Atom,
        id: u64,
        owner: Owner,
    ) -> Option<mpsc::UnboundedReceiver<Message>> {
        match self.conns.lock().get_mut(peer) {
            Some(Entry {
                id: i,
                state: State::Pending { owner: o, rx, .. },
                ..
            }) if *i == id && *o == owner => rx.take(),
            _ => None,
        }
    }

    /// Connection `id` is in service (its proxy is set): `connect` returns.
    pub(crate) fn mark_up(&self, peer: &Atom, id: u64) {
        let mut conns = self.conns.lock();
        if let Some(e) = conns.get_mut(peer).filter(|e| e.id == id)
            && let State::Pending { waiting, .. } = std::mem::replace(&mut e.state, State::Up)
        {
            for w in waiting {
                let _ = w.send(true);
            }
        }
    }

    /// Set-up `id` by `owner` failed: its entry goes, what was queued on
    /// it is dropped, and the monitors and links made meanwhile fire
    /// `:noconnection`. `false` if it was not `owner`'s any more.
    fn fail(&self, peer: &Atom, id: u64, owner: Owner) -> bool {
        let waiting = {
            let mut conns = self.conns.lock();
            let mine = matches!(conns.get(peer),
                Some(Entry { id: i, state: State::Pending { owner: o, .. }, .. }) if *i == id && *o == owner);
            if !mine {
                return false;
            }
            match conns.remove(peer).map(|e| e.state) {
                Some(State::Pending { waiting, .. }) => waiting,
                _ => Vec::new(),
            }
        };
        for w in waiting {
            let _ = w.send(false);
        }
        super::watch::connection_lost(self, peer);
        super::links::connection_lost(self, peer);
        super::remote_monitor::node_down(peer);
        true
    }
}

/// Queues `msg` for `peer`, starting a connection first if there is none
/// (the BEAM's auto-connect). Outside a tokio runtime nothing can connect:
/// the message is dropped, as to an unreachable node.
pub(crate) fn send(node: &Arc<Node>, peer: &Atom, msg: Message) {
    let mut conns = node.conns.lock();
    if let Some(e) = conns.get(peer) {
        e.send(msg);
        return;
    }
    let Ok(rt) = tokio::runtime::Handle::try_current() else {
        tracing::debug!(target: "extask::dist", peer = peer.name(), "no runtime to connect: dropped");
        return;
    };
    let (entry, id) = node.pending(Owner::Initiator);
    entry.send(msg);
    conns.insert(peer.clone(), entry);
    drop(conns);
    rt.spawn(initiate(Arc::clone(node), peer.clone(), id));
}

/// `Node.connect`: `Ok` once the connection to `peer` is up (at once if it
/// is), joining a set-up under way.
pub(crate) async fn connect(node: &Arc<Node>, peer: &str) -> Result<(), DistError> {
    let peer = Atom::from_string(peer.to_owned());
    if peer == node.local.name {
        return Ok(());
    }
    let started = {
        let mut conns = node.conns.lock();
        match conns.get_mut(&peer) {
            Some(Entry {
                state: State::Up, ..
            }) => return Ok(()),
            Some(Entry {
                state: State::Pending { waiting, .. },
                ..
            }) => {
                let (tx, rx) = oneshot::channel();
                waiting.push(tx);
                Err(rx)
            }
            None => {
                let (entry, id) = node.pending(Owner::Initiator);
                conns.insert(peer.clone(), entry);
                Ok(tokio::spawn(initiate(Arc::clone(node), peer.clone(), id)))
            }
        }
    };
    match started {
        Ok(attempt) => attempt
            .await
            .unwrap_or_else(|_| Err(DistError::Handshake("the set-up was cancelled".into()))),
        Err(joined) => match joined.await {
            Ok(true) => Ok(()),
            _ => Err(DistError::Handshake(format!(
                "no connection to {}",
                peer.name()
            ))),
        },
    }
}

/// The initiator's set-up `id` of the connection to `peer`, to its end:
/// `Ok` once the connection is up.
async fn initiate(node: Arc<Node>, peer: Atom, id: u64) -> Result<(), DistError> {
    let (up_tx, up) = oneshot::channel();
    if let Some(Entry {
        state: State::Pending { waiting, .. },
        ..
    }) = node.conns.lock().get_mut(&peer).filter(|e| e.id == id)
    {
        waiting.push(up_tx);
    }
    let shook = timeout(SETUP, handshake(&node, &peer))
        .await
        .unwrap_or_else(|_| Err(DistError::Handshake("set-up timed out".into())));
    match shook {
        Ok(Some(sock)) => {
            if let Some(rx) = node.claim(&peer, id, Owner::Initiator) {
                tokio::spawn(conn::run(Arc::clone(&node), sock, peer.clone(), id, rx));
            }
        }
        // `nok`: the peer's own attempt to us wins; our acceptor takes the
        // entry over when it arrives, and `up` says how that went.
        Ok(None) => {}
        Err(e) => {
            node.fail(&peer, id, Owner::Initiator);
            return Err(e);
        }
    }
    match timeout(SETUP, up).await {
        Ok(Ok(true)) => Ok(()),
        _ => {
            node.fail(&peer, id, Owner::Initiator);
            Err(DistError::Handshake(format!(
                "no connection to {}",
                peer.name()
            )))
        }
    }
}

/// EPMD look-up, TCP connect and the client's handshake; `None`: the peer
/// answered `nok` (its own attempt to us is under way and wins).
async fn handshake(node: &Node, peer: &Atom) -> Result<Option<TcpStream>, DistError> {
    let (name, host) = super::node::split_name(peer.name())?;
    let epmd = TcpStream::connect((host, node.epmd_port))
        .await
        .map_err(DistError::io("connect to epmd"))?;
    let entry = EpmdClient::new(epmd.compat())
        .get_node(name)
        .await
        .map_err(|e| DistError::Epmd(e.to_string()))?
        .ok_or_else(|| DistError::Epmd(format!("{name} is not registered on {host}")))?;
    let sock = TcpStream::connect((host, entry.port))
        .await
        .map_err(DistError::io("connect"))?;
    let mut hs = ClientSideHandshake::new(sock.compat(), node.erl_local.clone(), &node.cookie);
    let hs_err = |e: erl_dist::handshake::HandshakeError| DistError::Handshake(e.to_string());
    let status = hs
        .execute_send_name(LOWEST_DISTRIBUTION_PROTOCOL_VERSION)
        .await
        .map_err(hs_err)?;
    if status == HandshakeStatus::Nok {
        return Ok(None);
    }
    let (sock, _) = hs.execute_rest(true).await.map_err(hs_err)?;
    Ok(Some(sock.into_inner()))
}

/// The acceptor's half (a peer's `Node.connect`): the status decided from
/// the table, then the rest of the handshake and the connection.
pub(crate) async fn accept(node: Arc<Node>, sock: TcpStream) {
    let mut hs = ServerSideHandshake::new(sock.compat(), node.erl_local.clone(), &node.cookie);
    // `None`: a request for a dynamic name (NAME_ME), which we do not give.
    let Ok(Ok(Some(peer))) = timeout(SETUP, hs.execute_recv_name()).await else {
        return;
    };
    let peer = Atom::from_string(format!("{}@{}", peer.name(), peer.host()));
    let Some((status, id)) = mark_pending(&node, &peer) else {
        let _ = timeout(SETUP, hs.execute_rest(HandshakeStatus::Nok)).await;
        return;
    };
    match timeout(SETUP, hs.execute_rest(status)).await {
        Ok(Ok((sock, _))) => match node.claim(&peer, id, Owner::Acceptor) {
            Some(rx) => conn::run(node, sock.into_inner(), peer, id, rx).await,
            None => tracing::debug!(target: "extask::dist", "set-up replaced meanwhile"),
        },
        Ok(Err(e)) => {
            tracing::debug!(target: "extask::dist", error = %e, "handshake refused");
            node.fail(&peer, id, Owner::Acceptor);
        }
        Err(_) => {
            node.fail(&peer, id, Owner::Acceptor);
        }
    }
}

/// net_kernel's `accept_pending`: the status for `peer`'s attempt and the
/// set-up it continues, or `None` to refuse it (`nok`): our own attempt
/// is pending and our name is the greater, or another of the peer's is
/// being accepted. A peer we think is up gets a new connection (OTP asks
/// it with `alive`, which erl_dist's handshake cannot carry).
fn mark_pending(node: &Node, peer: &Atom) -> Option<(HandshakeStatus, u64)> {
    let mut conns = node.conns.lock();
    if let Some(Entry {
        id,
        state: State::Pending { owner, .. },
        ..
    }) = conns.get_mut(peer)
    {
        if *owner == Owner::Acceptor {
            return None;
        }
        SIMULTANEOUS.fetch_add(1, Ordering::Relaxed);
        if node.local.name.name() > peer.name() {
            return None;
        }
        *owner = Owner::Acceptor;
        return Some((HandshakeStatus::OkSimultaneous, *id));
    }
    let (entry, id) = node.pending(Owner::Acceptor);
    conns.insert(peer.clone(), entry);
    Some((HandshakeStatus::Ok, id))
}
