//! The payment gateway: a small HTTP service the example starts on loopback,
//! standing in for the real one. It answers after a configurable latency and
//! declines or fails a configurable share of charges.
//!
//! Which charges fail is decided by a hash of the payment id and a seed, so a
//! run is reproducible and a test can compute every expected outcome with
//! [`verdict`].
//!
//! - `POST /charges` `{"payment_id": "pay_000001", "amount_cents": 1250}`:
//!   `201` with the charge, `402` when declined, `500` when the gateway fails;
//! - `GET /charges/{payment_id}`: the charge (after `lookup_latency`), or `404`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the stand-in gateway behaves.
#[derive(Clone, Debug)]
pub(crate) struct GatewayConfig {
    /// How long a charge takes, in ms: each payment gets a fixed value in this range.
    pub(crate) latency_ms: RangeInclusive<u64>,
    /// The share of charges declined (`402`, a `failed` notice).
    pub(crate) decline_rate: f64,
    /// The share of charges the gateway fails (`500`: the charging task crashes).
    pub(crate) error_rate: f64,
    /// Seeds the choice of outcome and latency per payment id.
    pub(crate) seed: u64,
    /// How long `GET /charges/{id}` takes, in ms.
    pub(crate) lookup_latency_ms: u64,
}

impl Default for GatewayConfig {
    fn default() -> GatewayConfig {
        GatewayConfig {
            latency_ms: 200..=1_500,
            decline_rate: 0.10,
            error_rate: 0.05,
            seed: 42,
            lookup_latency_ms: 20,
        }
    }
}

/// What the gateway will do with a charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// `201 Created`.
    Approve,
    /// `402 Payment Required`: the card was declined.
    Decline,
    /// `500 Internal Server Error`.
    Error,
}

/// The outcome and latency the gateway gives `payment_id`: a pure function
/// of the configuration and the id.
pub(crate) fn verdict(config: &GatewayConfig, payment_id: &str) -> (Verdict, Duration) {
    let h = hash(config.seed, payment_id);
    let roll = (h % 10_000) as f64 / 10_000.0;
    let verdict = if roll < config.decline_rate {
        Verdict::Decline
    } else if roll < config.decline_rate + config.error_rate {
        Verdict::Error
    } else {
        Verdict::Approve
    };
    let (lo, hi) = (*config.latency_ms.start(), *config.latency_ms.end());
    let latency = lo + (h >> 32) % (hi.saturating_sub(lo) + 1);
    (verdict, Duration::from_millis(latency))
}

/// FNV-1a over the id, finished with splitmix64 so nearby ids spread out.
fn hash(seed: u64, id: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The body of `POST /charges`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ChargeRequest {
    pub(crate) payment_id: String,
    pub(crate) amount_cents: u64,
}

/// A charge the gateway accepted. (`Inspect`: it travels in the payments
/// server's messages, which its crash report prints.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, extask::inspect::Inspect)]
pub(crate) struct Charge {
    pub(crate) charge_id: String,
    pub(crate) payment_id: String,
    pub(crate) amount_cents: u64,
}

#[derive(Clone)]
struct Gateway {
    config: Arc<GatewayConfig>,
    charges: Arc<Mutex<HashMap<String, Charge>>>,
}

/// The gateway's routes.
pub(crate) fn router(config: GatewayConfig) -> Router {
    let gateway = Gateway {
        config: Arc::new(config),
        charges: Arc::default(),
    };
    Router::new()
        .route("/charges", post(create_charge))
        .route("/charges/{payment_id}", get(show_charge))
        .with_state(gateway)
}

async fn create_charge(State(gw): State<Gateway>, Json(req): Json<ChargeRequest>) -> Response {
    let (verdict, latency) = verdict(&gw.config, &req.payment_id);
    tokio::time::sleep(latency).await;
    match verdict {
        Verdict::Approve => {
            let charge = Charge {
                charge_id: format!("ch_{:016x}", hash(!gw.config.seed, &req.payment_id)),
                payment_id: req.payment_id.clone(),
                amount_cents: req.amount_cents,
            };
            let mut charges = gw.charges.lock().unwrap_or_else(|p| p.into_inner());
            charges.insert(req.payment_id, charge.clone());
            (StatusCode::CREATED, Json(charge)).into_response()
        }
        Verdict::Decline => error(StatusCode::PAYMENT_REQUIRED, "card_declined"),
        Verdict::Error => error(StatusCode::INTERNAL_SERVER_ERROR, "gateway_unavailable"),
    }
}

async fn show_charge(State(gw): State<Gateway>, Path(payment_id): Path<String>) -> Response {
    tokio::time::sleep(Duration::from_millis(gw.config.lookup_latency_ms)).await;
    let charges = gw.charges.lock().unwrap_or_else(|p| p.into_inner());
    match charges.get(&payment_id) {
        Some(charge) => Json(charge.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "no_such_charge"),
    }
}

fn error(status: StatusCode, code: &str) -> Response {
    (status, Json(serde_json::json!({ "error": code }))).into_response()
}
