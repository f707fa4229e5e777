//! The notifier: every settled payment becomes one [`Notice`], pushed to
//! every client connected to `GET /events` (a WebSocket).

use crate::ledger::Status;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

/// What a WebSocket client receives when a payment task finishes or crashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Notice {
    pub(crate) id: String,
    /// `paid` or `failed`.
    pub(crate) status: Status,
    pub(crate) amount_cents: u64,
    /// The gateway's charge id, when paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) charge_id: Option<String>,
    /// Why it failed: `card_declined`, or `crashed: <exit reason>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
    /// The pid of the task that ran the charge, e.g. `#PID<0.42.0>`.
    pub(crate) task: String,
}

/// Fans notices out to the connected clients. Clients that connect later do
/// not see earlier notices (the ledger and `GET /payments/{id}` have them).
#[derive(Clone)]
pub(crate) struct Hub {
    notices: broadcast::Sender<String>,
    stopping: watch::Receiver<bool>,
}

impl Hub {
    /// A hub buffering up to `capacity` notices per slow client; its sockets
    /// close when `stopping` turns `true`.
    pub(crate) fn new(capacity: usize, stopping: watch::Receiver<bool>) -> Hub {
        let (notices, _) = broadcast::channel(capacity);
        Hub { notices, stopping }
    }

    /// Sends `notice` to every connected client.
    pub(crate) fn publish(&self, notice: &Notice) {
        let json = serde_json::to_string(notice).expect("a notice always serializes");
        // No client connected is not an error: nobody is listening yet.
        let _ = self.notices.send(json);
    }
}

/// `GET /events`: upgrades to a WebSocket that streams notices as JSON text.
pub(crate) async fn events(ws: WebSocketUpgrade, State(hub): State<Hub>) -> Response {
    // Subscribe before answering `101`: a client that sees the upgrade
    // succeed cannot miss a notice published after it.
    let notices = hub.notices.subscribe();
    ws.on_upgrade(move |socket| push(socket, notices, hub.stopping))
}

/// What the push loop does next.
enum Step {
    Send(String),
    Stop,
    Continue,
}

async fn push(
    mut socket: WebSocket,
    mut notices: broadcast::Receiver<String>,
    mut stopping: watch::Receiver<bool>,
) {
    tracing::debug!("events client connected");
    loop {
        let step = tokio::select! {
            notice = notices.recv() => match notice {
                Ok(json) => Step::Send(json),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "events client too slow; closing it");
                    Step::Stop
                }
                Err(broadcast::error::RecvError::Closed) => Step::Stop,
            },
            incoming = socket.recv() => match incoming {
                // Pings are answered by axum; text from the client is ignored.
                Some(Ok(Message::Close(_)) | Err(_)) | None => Step::Stop,
                Some(Ok(_)) => Step::Continue,
            },
            stop = stopping.wait_for(|stop| *stop) => {
                drop(stop);
                Step::Stop
            }
        };
        match step {
            Step::Send(json) => {
                if socket.send(Message::Text(json.into())).await.is_err() {
                    break;
                }
            }
            Step::Stop => break,
            Step::Continue => {}
        }
    }
    let _ = socket.send(Message::Close(None)).await;
    tracing::debug!("events client gone");
}
