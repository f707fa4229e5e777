//! The HTTP client the payment tasks use to talk to the gateway.

use crate::gateway::{Charge, ChargeRequest};
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// A cheap, cloneable client (one connection pool for every task).
#[derive(Clone, Debug)]
pub(crate) struct GatewayClient {
    http: reqwest::Client,
    base: String,
}

/// The gateway declined the charge: an expected business outcome.
#[derive(Clone, Debug, PartialEq, Eq, extask::inspect::Inspect)]
pub(crate) struct Declined {
    pub(crate) code: String,
}

/// Anything else: the gateway failed or could not be reached. The tasks
/// let this crash them.
#[derive(Debug)]
pub(crate) enum GatewayError {
    Http(reqwest::Error),
    Status(StatusCode),
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayError::Http(e) => write!(f, "gateway unreachable: {e}"),
            GatewayError::Status(s) => write!(f, "gateway answered {s}"),
        }
    }
}

impl std::error::Error for GatewayError {}

impl From<reqwest::Error> for GatewayError {
    fn from(e: reqwest::Error) -> GatewayError {
        GatewayError::Http(e)
    }
}

impl GatewayClient {
    /// A client for the gateway at `base` (`http://127.0.0.1:PORT`).
    pub(crate) fn new(base: String) -> GatewayClient {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("a plain-HTTP reqwest client always builds");
        GatewayClient { http, base }
    }

    /// `POST /charges`: the charge, or `Declined`; `Err` when the gateway fails.
    pub(crate) async fn charge(
        &self,
        payment_id: &str,
        amount_cents: u64,
    ) -> Result<Result<Charge, Declined>, GatewayError> {
        let body = ChargeRequest {
            payment_id: payment_id.to_owned(),
            amount_cents,
        };
        let url = format!("{}/charges", self.base);
        let response = self.http.post(url).json(&body).send().await?;
        match response.status() {
            StatusCode::CREATED => Ok(Ok(response.json().await?)),
            StatusCode::PAYMENT_REQUIRED => {
                let body: serde_json::Value = response.json().await?;
                let code = body["error"].as_str().unwrap_or("declined").to_owned();
                Ok(Err(Declined { code }))
            }
            status => Err(GatewayError::Status(status)),
        }
    }

    /// `GET /charges/{payment_id}`: the charge, or `None` if the gateway has none.
    pub(crate) async fn lookup(&self, payment_id: &str) -> Result<Option<Charge>, GatewayError> {
        let url = format!("{}/charges/{payment_id}", self.base);
        let response = self.http.get(url).send().await?;
        match response.status() {
            StatusCode::OK => Ok(Some(response.json().await?)),
            StatusCode::NOT_FOUND => Ok(None),
            status => Err(GatewayError::Status(status)),
        }
    }
}
