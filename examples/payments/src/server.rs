//! The payments server: its routes, and starting and stopping the whole
//! example (gateway, payments process, HTTP server).

use crate::charge;
use crate::gateway::{self, GatewayConfig};
use crate::gateway_client::GatewayClient;
use crate::hub::{self, Hub};
use crate::ledger::Ledger;
use crate::payments::{self, Payments};
use crate::receipt::{self, Lookups};
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use extask::gen_server::{self, Server, StartOptions};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::tower::ProcessLayer;
use extask::{ExitReason, Pid, process};
use serde::{Deserialize, Serialize};
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Everything the example can be told.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// Where the payments server listens (`127.0.0.1:0` for any free port).
    pub(crate) addr: SocketAddr,
    /// Where the stand-in gateway listens.
    pub(crate) gateway_addr: SocketAddr,
    pub(crate) gateway: GatewayConfig,
    /// The deadline of `GET /payments/{id}/receipt`'s two lookups.
    pub(crate) receipt_timeout: Duration,
    /// The ledger's SQLite file; `None`: in memory.
    pub(crate) db: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 4000)),
            gateway_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            gateway: GatewayConfig::default(),
            receipt_timeout: Duration::from_millis(1_000),
            db: None,
        }
    }
}

/// The body of `POST /payments`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct NewPayment {
    pub(crate) amount_cents: u64,
}

/// The `202 Accepted` answer to `POST /payments`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Accepted {
    pub(crate) id: String,
    pub(crate) status: crate::ledger::Status,
}

#[derive(Clone)]
struct App {
    payments: Server<Payments>,
    ledger: Ledger,
    hub: Hub,
    lookups: Lookups,
}

impl FromRef<App> for Hub {
    fn from_ref(app: &App) -> Hub {
        app.hub.clone()
    }
}

impl FromRef<App> for Lookups {
    fn from_ref(app: &App) -> Lookups {
        app.lookups.clone()
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/payments", post(create_payment))
        .route("/payments/{id}", get(show_payment))
        .route("/payments/{id}/receipt", get(receipt::receipt))
        .route("/payments/{id}/charge", get(charge::charge))
        .route("/events", get(hub::events))
        // Each request runs as a process, in a span `request{method=.. path=..}`:
        // what its handler links to dies with it, and its crash is a 500.
        .layer(ProcessLayer::new())
        .with_state(app)
}

/// `POST /payments`: a call to the payments server, which records the payment
/// and starts its charge; answer `202` at once.
async fn create_payment(State(app): State<App>, Json(new): Json<NewPayment>) -> Response {
    if new.amount_cents == 0 {
        let body = serde_json::json!({ "error": "amount_cents must be positive" });
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let Some(record) = Payments::submit(&app.payments, new.amount_cents).await else {
        let body = serde_json::json!({ "error": "ledger_unavailable" });
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
    };
    tracing::info!(id = %record.id, amount_cents = new.amount_cents, "payment accepted");
    let accepted = Accepted {
        id: record.id,
        status: record.status,
    };
    (StatusCode::ACCEPTED, Json(accepted)).into_response()
}

/// `GET /payments/{id}`: the payment as the ledger has it.
async fn show_payment(State(app): State<App>, Path(id): Path<String>) -> Response {
    match app.ledger.get(&id) {
        Some(record) => Json(record).into_response(),
        None => {
            let body = serde_json::json!({ "error": "no_such_payment" });
            (StatusCode::NOT_FOUND, Json(body)).into_response()
        }
    }
}

/// The running example. Dropping it leaves everything running; call
/// [`Running::shutdown`] to stop it.
pub(crate) struct Running {
    /// The payments server's address.
    pub(crate) addr: SocketAddr,
    /// The stand-in gateway's address.
    pub(crate) gateway_addr: SocketAddr,
    /// The processes that live as long as the server: the payments process
    /// and the task supervisor.
    pub(crate) processes: Vec<Pid>,
    server: Stoppable,
    gateway: Stoppable,
}

/// Starts the gateway, the payments server and the HTTP server. Call it from
/// the process the example's long-lived processes should be linked to.
pub(crate) async fn start(config: Config) -> io::Result<Running> {
    let gateway_listener = TcpListener::bind(config.gateway_addr).await?;
    let gateway_addr = gateway_listener.local_addr()?;
    let gateway_app = gateway::router(config.gateway.clone());
    let gateway_server = serve(gateway_listener, gateway_app, watch::Sender::new(false));

    let gateway = GatewayClient::new(format!("http://{gateway_addr}"));
    let ledger =
        Ledger::open(config.db.as_deref()).map_err(|e| io::Error::other(format!("ledger: {e}")))?;
    let stop = watch::Sender::new(false);
    let hub = Hub::new(4_096, stop.subscribe());
    let tasks = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .map_err(|reason| io::Error::other(format!("task supervisor: {reason:?}")))?;
    let start = payments::Start {
        tasks,
        gateway: gateway.clone(),
        ledger: ledger.clone(),
        hub: hub.clone(),
    };
    // Linked to the caller, as `GenServer.start_link` from a supervisor's child.
    let payments = gen_server::start_link::<Payments>(start, StartOptions::new())
        .await
        .map_err(|e| io::Error::other(format!("payments server: {e:?}")))?;
    let lookups = Lookups {
        ledger: ledger.clone(),
        gateway,
        timeout: config.receipt_timeout,
    };
    let app = App {
        payments: payments.clone(),
        ledger,
        hub,
        lookups,
    };
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let server = serve(listener, router(app), stop);
    tracing::info!(%addr, %gateway_addr, payments = ?payments.pid(), tasks = ?tasks, "serving");
    Ok(Running {
        addr,
        gateway_addr,
        processes: vec![payments.pid(), tasks.pid()],
        server,
        gateway: gateway_server,
    })
}

/// A server task and the switch that stops it gracefully.
struct Stoppable {
    stop: watch::Sender<bool>,
    task: JoinHandle<io::Result<()>>,
}

impl Stoppable {
    /// Stops accepting connections and waits up to `grace` for the open ones
    /// to finish, then drops them.
    async fn stop(self, grace: Duration) -> io::Result<()> {
        let _ = self.stop.send(true);
        let mut task = self.task;
        match tokio::time::timeout(grace, &mut task).await {
            Ok(finished) => finished.map_err(io::Error::other)?,
            Err(_) => {
                task.abort();
                Ok(())
            }
        }
    }
}

/// Serves `router` on `listener` until `stop` turns `true`.
fn serve(listener: TcpListener, router: Router, stop: watch::Sender<bool>) -> Stoppable {
    let mut stopping = stop.subscribe();
    let shutdown = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
    });
    Stoppable { stop, task }
}

impl Running {
    /// Stops in the order a supervision tree would: the server (no new
    /// requests; the WebSockets close), then the payments process and the
    /// task supervisor (which stops the charges still running), then the
    /// gateway. Waits for all of it.
    pub(crate) async fn shutdown(self) -> io::Result<()> {
        self.server.stop(Duration::from_secs(5)).await?;
        tracing::debug!("server stopped");
        for &pid in &self.processes {
            stop(pid);
        }
        for pid in self.processes {
            // Bounded: a process told to exit stops at its next await point.
            for _ in 0..500 {
                if !process::alive(pid) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        tracing::debug!("payments process and tasks stopped");
        // The stand-in gateway may still be sleeping on charges whose tasks
        // are gone: give it little grace.
        self.gateway.stop(Duration::from_millis(100)).await
    }
}

/// Stops a long-lived process the way a supervisor stops a child: unlink
/// (so the `:shutdown` does not come back over the link to the caller),
/// then `Process.exit(pid, :shutdown)`.
fn stop(pid: Pid) {
    if process::try_self_pid().is_some() {
        process::unlink(pid);
    }
    process::exit(pid, ExitReason::Shutdown);
}
