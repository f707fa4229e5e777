//! One connection to a peer node after the handshake: frames, ticks, and
//! the FIFO writer every signal to that node goes through.
//!
//! Frames are `Length:u32` then `112` (pass-through: no distribution
//! header, since neither atom cache nor fragments is negotiated) and the
//! control message with its payload; a zero length is a tick. The writer
//! ticks when it has written nothing for a quarter of the ticktime; the
//! reader closes the connection when it has heard nothing for a whole one,
//! as `net_kernel` does (reference §1).

use super::monitors;
use super::node::{Node, deliver};
use crate::Pid;
use crate::inspect::Atom;
use erl_dist::message::Message;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;

/// The pass-through frame type.
const PASS_THROUGH: u8 = 112;

/// Runs the connection to `peer` until either side closes it or the peer
/// goes silent; the node's table entry for it is removed at the end.
/// `id` is its entry in the table and `rx` that entry's queue, which may
/// hold what was sent while it was being set up (`setup.rs`).
pub(crate) async fn run(
    node: Arc<Node>,
    sock: TcpStream,
    peer: Atom,
    id: u64,
    rx: mpsc::UnboundedReceiver<Message>,
) {
    let _ = sock.set_nodelay(true);
    let (rd, wr) = sock.into_split();
    let writer = tokio::spawn(write_loop(wr, rx, node.ticktime / 4));
    let proxy = monitors::spawn_proxy(Arc::clone(&node), peer.clone());
    node.set_proxy(&peer, proxy);
    node.mark_up(&peer, id);
    let mut stop = super::cut::register(&peer, id);
    super::node_monitors::node_up(&peer);
    // `dist::disconnect` stops the reader between two frames (it is
    // cancelled at an await, never inside `deliver`). A handle dropped
    // unused (a later connection to the peer registered its own) stops
    // nothing: that branch is then disabled.
    let (why, done) = tokio::select! {
        why = read_loop(&node, &peer, proxy, rd) => (why, None),
        Ok(done) = &mut stop => ("disconnect", Some(done)),
    };
    tracing::debug!(target: "extask::dist", peer = peer.name(), why, "connection closed");
    node.remove_conn(&peer, id);
    super::watch::connection_lost(&node, &peer);
    super::links::connection_lost(&node, &peer);
    // Our monitors of the peer's processes fire `:noconnection`.
    super::remote_monitor::node_down(&peer);
    // The peer's monitors of our processes end with the connection.
    crate::process::exit(proxy, crate::ExitReason::Kill);
    // The socket closes now (the read half went with `read_loop`): the
    // peer sees the connection gone.
    writer.abort();
    super::node_monitors::node_down(&peer);
    super::cut::unregister(&peer, id);
    // A `disconnect` that came during this teardown waits for it too.
    if let Some(done) = done.or_else(|| stop.try_recv().ok()) {
        let _ = done.send(());
    }
}

async fn read_loop(node: &Node, peer: &Atom, proxy: Pid, rd: OwnedReadHalf) -> &'static str {
    // Silence for a whole ticktime is `net_tick_timeout`: the BEAM allows
    // 3/4 to 5/4 of it (ticks every quarter, checked every quarter); this
    // reader's bound is exact.
    // Buffered: a frame's length and body (and the frames behind it) come
    // in one `read`.
    let mut rd = tokio::io::BufReader::with_capacity(64 * 1024, rd);
    let mut buf = Vec::new();
    loop {
        let len = match tokio::time::timeout(node.ticktime, rd.read_u32()).await {
            Err(_) => return "net_tick_timeout",
            Ok(Err(_)) => return "connection_closed",
            Ok(Ok(0)) => continue, // a tick: only "heard from"
            Ok(Ok(len)) => len as usize,
        };
        buf.resize(len, 0);
        if rd.read_exact(&mut buf).await.is_err() {
            return "connection_closed";
        }
        if buf[0] != PASS_THROUGH {
            // A distribution header: never negotiated, so the peer is confused.
            return "bad frame";
        }
        match Message::read_from(&mut &buf[1..]) {
            Ok(msg) => deliver(node, peer, proxy, msg),
            // A control message erl_dist cannot read costs that one frame,
            // not the connection (reference §6.1, item 5).
            Err(e) => {
                tracing::warn!(target: "extask::dist", error = %e, "undecodable frame dropped")
            }
        }
    }
}

async fn write_loop(
    mut wr: OwnedWriteHalf,
    mut rx: mpsc::UnboundedReceiver<Message>,
    tick: std::time::Duration,
) {
    // Every frame waiting is written with one `write` (up to 64 KiB): with
    // TCP_NODELAY, a write per length and per body was two segments and two
    // syscalls per message, which dominated one-way traffic (PERFORMANCE.md,
    // "Distribution over the wire").
    let mut out: Vec<u8> = Vec::new();
    loop {
        let msg = tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => msg,
                None => return,
            },
            // Reset by every frame written: a tick only when idle.
            () = tokio::time::sleep(tick) => Message::Tick,
        };
        out.clear();
        let mut next = Some(msg);
        while let Some(msg) = next.take() {
            let at = out.len();
            out.extend_from_slice(&[0; 4]);
            if !matches!(msg, Message::Tick) {
                out.push(PASS_THROUGH);
                if let Err(e) = msg.write_into(&mut out) {
                    tracing::warn!(target: "extask::dist", error = %e, "unencodable message dropped");
                    out.truncate(at);
                    next = rx.try_recv().ok();
                    continue;
                }
            }
            let Ok(len) = u32::try_from(out.len() - at - 4) else {
                tracing::warn!(target: "extask::dist", "message over 4 GiB dropped");
                out.truncate(at);
                next = rx.try_recv().ok();
                continue;
            };
            out[at..at + 4].copy_from_slice(&len.to_be_bytes());
            if out.len() < 64 * 1024 {
                next = rx.try_recv().ok();
            }
        }
        if wr.write_all(&out).await.is_err() {
            return;
        }
    }
}
