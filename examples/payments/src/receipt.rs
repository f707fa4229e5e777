//! `GET /payments/{id}/receipt`: two lookups in parallel, one deadline.
//!
//! The request's work runs as a process of its own (as Cowboy runs each
//! request in one). It starts both lookups with `Task.async`, then awaits
//! them. If the deadline passes, `Task.await` exits the request process with
//! `{:timeout, {Task, :await, [task, ms]}}`; the lookups are linked to it,
//! so they die with it and nothing is left running. The handler turns that
//! exit into `504 Gateway Timeout`.

use crate::gateway::Charge;
use crate::gateway_client::GatewayClient;
use crate::ledger::{Ledger, Record, Status};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use extask::root::spawn_root;
use extask::{Timeout, task};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// What the receipt handler needs.
#[derive(Clone)]
pub(crate) struct Lookups {
    pub(crate) ledger: Ledger,
    pub(crate) gateway: GatewayClient,
    /// The deadline for both lookups together.
    pub(crate) timeout: Duration,
}

/// A paid payment's receipt: our record and the gateway's charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Receipt {
    pub(crate) payment: Record,
    pub(crate) charge: Charge,
}

/// Why there is no receipt.
enum NoReceipt {
    Unknown,
    NotPaid(Record),
}

pub(crate) async fn receipt(State(lookups): State<Lookups>, Path(id): Path<String>) -> Response {
    match spawn_root(gather(lookups, id.clone())).await {
        Ok(Ok(receipt)) => Json(receipt).into_response(),
        Ok(Err(NoReceipt::Unknown)) => error(StatusCode::NOT_FOUND, "no_such_payment"),
        Ok(Err(NoReceipt::NotPaid(record))) => (StatusCode::CONFLICT, Json(record)).into_response(),
        Err(reason) if reason.is_timeout() => {
            tracing::warn!(%id, "receipt lookups timed out");
            error(StatusCode::GATEWAY_TIMEOUT, "lookup_timeout")
        }
        Err(reason) => {
            tracing::warn!(%id, ?reason, "receipt lookup crashed");
            error(StatusCode::BAD_GATEWAY, "lookup_failed")
        }
    }
}

/// The request process: both lookups at once, awaited against one deadline.
async fn gather(lookups: Lookups, id: String) -> Result<Receipt, NoReceipt> {
    let Lookups {
        ledger,
        gateway,
        timeout,
    } = lookups;
    let deadline = Instant::now() + timeout;
    let payment_id = id.clone();
    let record = task!(async fn -> ledger.get(&payment_id) end);
    // Let it crash: an unreachable gateway ends the request with a 502.
    let charge = task!(async fn ->
        gateway.lookup(&id).await.unwrap_or_else(|e| panic!("{e}"))
    end);
    let record = task!(await record, remaining(deadline));
    let charge = task!(await charge, remaining(deadline));
    match (record, charge) {
        (None, _) => Err(NoReceipt::Unknown),
        (Some(payment), Some(charge)) if payment.status == Status::Paid => {
            Ok(Receipt { payment, charge })
        }
        (Some(payment), _) => Err(NoReceipt::NotPaid(payment)),
    }
}

/// What is left of the deadline, as an await timeout.
fn remaining(deadline: Instant) -> Timeout {
    let left = deadline.saturating_duration_since(Instant::now());
    Timeout::Ms(u64::try_from(left.as_millis()).unwrap_or(u64::MAX))
}

fn error(status: StatusCode, code: &str) -> Response {
    (status, Json(serde_json::json!({ "error": code }))).into_response()
}
