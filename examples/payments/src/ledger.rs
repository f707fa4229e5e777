//! The payments the server knows about, in memory.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Where a payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// Accepted; its task is talking to the gateway.
    Pending,
    /// The gateway took the money.
    Paid,
    /// Declined, or its task crashed.
    Failed,
}

/// One payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) amount_cents: u64,
    pub(crate) status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
}

/// Shared by the HTTP handlers and the payments process.
#[derive(Clone, Default)]
pub(crate) struct Ledger {
    next_id: Arc<AtomicU64>,
    records: Arc<Mutex<HashMap<String, Record>>>,
}

impl Ledger {
    /// Records a new pending payment under the next id: `pay_000001`, `pay_000002`, ...
    pub(crate) fn open(&self, amount_cents: u64) -> Record {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let record = Record {
            id: format!("pay_{n:06}"),
            amount_cents,
            status: Status::Pending,
            reason: None,
        };
        self.lock().insert(record.id.clone(), record.clone());
        record
    }

    /// Settles a pending payment; returns the settled record, or `None` if
    /// the id is unknown or was settled already.
    pub(crate) fn settle(
        &self,
        id: &str,
        status: Status,
        reason: Option<String>,
    ) -> Option<Record> {
        let mut records = self.lock();
        let record = records
            .get_mut(id)
            .filter(|r| r.status == Status::Pending)?;
        record.status = status;
        record.reason = reason;
        Some(record.clone())
    }

    pub(crate) fn get(&self, id: &str) -> Option<Record> {
        self.lock().get(id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Record>> {
        self.records.lock().unwrap_or_else(|p| p.into_inner())
    }
}
