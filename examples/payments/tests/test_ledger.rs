//! The ledger is a real SQLite database: rows outlive the connection, ids
//! follow the table's key, and a payment is settled at most once.

#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/ledger.rs"]
mod ledger;

use ledger::{Ledger, Status};
use std::path::PathBuf;

/// A fresh database file for this test, removed when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let file = format!("payments-{name}-{}.sqlite", std::process::id());
        let path = std::env::temp_dir().join(file);
        let _ = std::fs::remove_file(&path);
        TempDb(path)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_payment_is_settled_once_and_kept_in_the_file() {
    let db = TempDb::new("settle");
    let ledger = Ledger::open(Some(&db.0)).expect("open");
    let first = ledger.open_payment(1_250).expect("insert");
    let second = ledger.open_payment(99).expect("insert");
    assert_eq!(
        (first.id.as_str(), second.id.as_str()),
        ("pay_000001", "pay_000002")
    );
    assert_eq!(first.status, Status::Pending);

    let paid = ledger
        .settle(&first.id, Status::Paid, None)
        .expect("update");
    assert_eq!(
        paid.map(|r| (r.status, r.amount_cents)),
        Some((Status::Paid, 1_250))
    );
    // A second outcome for the same payment (a `:DOWN` after a reply) changes nothing.
    let again = ledger.settle(&first.id, Status::Failed, Some("late".into()));
    assert_eq!(again.expect("update"), None);
    assert_eq!(
        ledger
            .settle("pay_999999", Status::Paid, None)
            .expect("update"),
        None
    );
    assert_eq!(
        ledger
            .settle("nonsense", Status::Paid, None)
            .expect("update"),
        None
    );
    drop(ledger);

    // Another connection on the same file sees the rows, and goes on numbering.
    let reopened = Ledger::open(Some(&db.0)).expect("reopen");
    let kept = reopened.get(&first.id).expect("kept");
    assert_eq!((kept.status, kept.reason), (Status::Paid, None));
    assert_eq!(
        reopened.get(&second.id).map(|r| r.status),
        Some(Status::Pending)
    );
    assert_eq!(reopened.open_payment(5).expect("insert").id, "pay_000003");
    // The row, as SQLite itself has it.
    let raw = rusqlite::Connection::open(&db.0).expect("raw open");
    let status: String = raw
        .query_row("SELECT status FROM payments WHERE n = 1", [], |row| {
            row.get(0)
        })
        .expect("row");
    assert_eq!(status, "paid");
}

#[test]
fn in_memory_by_default() {
    let ledger = Ledger::open(None).expect("open");
    let record = ledger.open_payment(7).expect("insert");
    let failed = ledger.settle(&record.id, Status::Failed, Some("card_declined".into()));
    let failed = failed.expect("update").expect("settled");
    assert_eq!(failed.reason.as_deref(), Some("card_declined"));
    assert_eq!(ledger.get(&record.id), Some(failed));
}
