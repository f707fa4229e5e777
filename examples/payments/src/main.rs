//! Respond at once, notify when the task is done: the seed's web scenario.
//!
//! `POST /payments` hands the slow gateway call to a supervised task and
//! answers `202 Accepted` at once; `GET /events` (a WebSocket) pushes
//! `{"id": .., "status": "paid" | "failed", ..}` when the task finishes or
//! crashes; `GET /payments/{id}/receipt` gathers two lookups in parallel
//! with `Task.async` + `Task.await` and answers `504` when they time out.
//!
//! ```text
//! cargo run -p payments
//! RUST_LOG=payments=debug,task_runtime=info PAYMENTS_ADDR=127.0.0.1:4000 cargo run -p payments
//! ```
//!
//! Settings (environment): `PAYMENTS_ADDR` (default `127.0.0.1:4000`),
//! `GATEWAY_LATENCY_MS` (`200..1500`), `GATEWAY_DECLINE_RATE` (`0.10`),
//! `GATEWAY_ERROR_RATE` (`0.05`), `GATEWAY_SEED` (`42`),
//! `GATEWAY_LOOKUP_LATENCY_MS` (`20`), `RECEIPT_TIMEOUT_MS` (`1000`),
//! `PAYMENTS_DB` (the ledger's SQLite file; default: in memory),
//! `RUST_LOG` (`info`). See `docs/payments.md`.

mod charge;
mod gateway;
mod gateway_client;
mod hub;
mod ledger;
mod payments;
mod receipt;
mod server;
mod telemetry;

use server::Config;
use std::str::FromStr;
use std::time::Duration;

/// The root process: starts everything, serves until Ctrl-C.
#[extask::main]
async fn main() {
    telemetry::init_tracing();
    telemetry::quiet_process_panics();
    let config = config_from_env().unwrap_or_else(|message| {
        eprintln!("payments: {message}");
        std::process::exit(2)
    });
    let running = server::start(config)
        .await
        .unwrap_or_else(|e| panic!("cannot start the payments example: {e}"));
    println!("payments: listening on http://{}", running.addr);
    println!("payments: gateway on http://{}", running.gateway_addr);
    println!(
        "payments: events on ws://{}/events (Ctrl-C to stop)",
        running.addr
    );
    tokio::signal::ctrl_c()
        .await
        .unwrap_or_else(|e| panic!("cannot listen for Ctrl-C: {e}"));
    println!("payments: shutting down");
    running
        .shutdown()
        .await
        .unwrap_or_else(|e| panic!("shutdown failed: {e}"));
}

fn config_from_env() -> Result<Config, String> {
    let mut config = Config::default();
    if let Some(addr) = var("PAYMENTS_ADDR")? {
        config.addr = addr;
    }
    if let Ok(range) = std::env::var("GATEWAY_LATENCY_MS") {
        config.gateway.latency_ms = parse_range(&range)
            .ok_or_else(|| format!("GATEWAY_LATENCY_MS: expected `MIN..MAX`, got `{range}`"))?;
    }
    if let Some(rate) = var("GATEWAY_DECLINE_RATE")? {
        config.gateway.decline_rate = rate;
    }
    if let Some(rate) = var("GATEWAY_ERROR_RATE")? {
        config.gateway.error_rate = rate;
    }
    if let Some(seed) = var("GATEWAY_SEED")? {
        config.gateway.seed = seed;
    }
    if let Some(ms) = var("GATEWAY_LOOKUP_LATENCY_MS")? {
        config.gateway.lookup_latency_ms = ms;
    }
    if let Ok(path) = std::env::var("PAYMENTS_DB") {
        config.db = Some(path.into());
    }
    if let Some(ms) = var("RECEIPT_TIMEOUT_MS")? {
        config.receipt_timeout = Duration::from_millis(ms);
    }
    Ok(config)
}

/// The variable `name` parsed, if set.
fn var<T: FromStr>(name: &str) -> Result<Option<T>, String> {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .map(Some)
            .map_err(|_| format!("{name}: cannot parse `{text}`")),
        Err(_) => Ok(None),
    }
}

/// `200..1500` or a single `300`.
fn parse_range(text: &str) -> Option<std::ops::RangeInclusive<u64>> {
    match text.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (lo.trim().parse().ok()?, hi.trim().parse().ok()?);
            (lo <= hi).then_some(lo..=hi)
        }
        None => text.trim().parse().ok().map(|ms| ms..=ms),
    }
}
