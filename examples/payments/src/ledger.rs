//! The payments the server knows about: a table in an embedded SQLite
//! database (`rusqlite`, SQLite compiled in, so nothing is needed on the
//! machine). In memory by default; `PAYMENTS_DB=path` keeps it in a file.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

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

impl Status {
    /// The `status` column's text, the JSON's too.
    fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Paid => "paid",
            Status::Failed => "failed",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<Status> {
        match text {
            "pending" => Ok(Status::Pending),
            "paid" => Ok(Status::Paid),
            "failed" => Ok(Status::Failed),
            other => Err(rusqlite::Error::InvalidColumnType(
                0,
                format!("status `{other}`"),
                rusqlite::types::Type::Text,
            )),
        }
    }
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

/// Shared by the HTTP handlers, the payments server and its settling tasks.
/// One connection behind a mutex: every statement is a short one, and the
/// mutex makes `settle`'s check-and-update one step.
#[derive(Clone)]
pub(crate) struct Ledger {
    db: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS payments (
    n            INTEGER PRIMARY KEY AUTOINCREMENT,
    amount_cents INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    reason       TEXT
)";

impl Ledger {
    /// The ledger in the database file at `path`, or in memory.
    pub(crate) fn open(path: Option<&Path>) -> rusqlite::Result<Ledger> {
        let db = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        db.execute(SCHEMA, [])?;
        Ok(Ledger {
            db: Arc::new(Mutex::new(db)),
        })
    }

    /// Records a new pending payment under the next id: `pay_000001`, `pay_000002`, ...
    pub(crate) fn open_payment(&self, amount_cents: u64) -> rusqlite::Result<Record> {
        let db = self.lock();
        db.execute(
            "INSERT INTO payments (amount_cents) VALUES (?1)",
            params![amount_cents as i64],
        )?;
        Ok(Record {
            id: format!("pay_{:06}", db.last_insert_rowid()),
            amount_cents,
            status: Status::Pending,
            reason: None,
        })
    }

    /// Settles a pending payment; returns the settled record, or `None` if
    /// the id is unknown or was settled already.
    pub(crate) fn settle(
        &self,
        id: &str,
        status: Status,
        reason: Option<String>,
    ) -> rusqlite::Result<Option<Record>> {
        let Some(n) = number(id) else { return Ok(None) };
        let db = self.lock();
        let changed = db.execute(
            "UPDATE payments SET status = ?2, reason = ?3 WHERE n = ?1 AND status = 'pending'",
            params![n, status.as_str(), reason],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        find(&db, n)
    }

    /// The payment `id`, if there is one. A database error is `None` too:
    /// the caller answers `404` either way, and the error is logged.
    pub(crate) fn get(&self, id: &str) -> Option<Record> {
        let n = number(id)?;
        find(&self.lock(), n).unwrap_or_else(|error| {
            tracing::error!(%id, %error, "ledger read failed");
            None
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `pay_000042` → 42.
fn number(id: &str) -> Option<i64> {
    id.strip_prefix("pay_")?.parse().ok()
}

fn find(db: &Connection, n: i64) -> rusqlite::Result<Option<Record>> {
    db.query_row(
        "SELECT amount_cents, status, reason FROM payments WHERE n = ?1",
        params![n],
        |row| {
            Ok(Record {
                id: format!("pay_{n:06}"),
                amount_cents: row.get::<_, i64>(0)? as u64,
                status: Status::parse(&row.get::<_, String>(1)?)?,
                reason: row.get(2)?,
            })
        },
    )
    .optional()
}
