//! The payments example end to end: a real HTTP client and a real WebSocket
//! client against the example's server on an ephemeral port, with the
//! stand-in gateway declining and failing a seeded share of charges.
//!
//! `process::count()` is global to the test binary, so the tests here run
//! one at a time (`SERIAL`).

#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/charge.rs"]
mod charge;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/gateway.rs"]
mod gateway;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/gateway_client.rs"]
mod gateway_client;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/hub.rs"]
mod hub;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/ledger.rs"]
mod ledger;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/payments.rs"]
mod payments;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/receipt.rs"]
mod receipt;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/server.rs"]
mod server;
#[allow(dead_code, reason = "the example uses more of it than the test")]
#[path = "../src/telemetry.rs"]
mod telemetry;

// The behaviour tests' root helper (`common::run`), shared rather than copied.
#[path = "../../../tests/common/mod.rs"]
mod common;

use extask::process;
use futures::StreamExt;
use gateway::{GatewayConfig, Verdict, verdict};
use hub::Notice;
use ledger::Status;
use receipt::Receipt;
use reqwest::StatusCode;
use server::{Accepted, Config, NewPayment, Running};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite;

static SERIAL: Mutex<()> = Mutex::new(());

/// Serializes the tests; the first one also silences the default panic
/// message of tasks that crash on purpose (the runtime reports them).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(telemetry::quiet_process_panics);
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// A gateway that approves every charge after `latency_ms`, and answers
/// look-ups after `lookup_latency_ms`.
fn reliable(latency_ms: u64, lookup_latency_ms: u64) -> GatewayConfig {
    GatewayConfig {
        latency_ms: latency_ms..=latency_ms,
        decline_rate: 0.0,
        error_rate: 0.0,
        seed: 1,
        lookup_latency_ms,
    }
}

fn config(gateway: GatewayConfig, receipt_timeout_ms: u64) -> Config {
    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    Config {
        addr: any_port,
        gateway_addr: any_port,
        gateway,
        receipt_timeout: Duration::from_millis(receipt_timeout_ms),
        db: None,
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// `POST /payments`: the accepted id and how long the `202` took.
async fn pay(http: &reqwest::Client, app: &Running, amount_cents: u64) -> (String, Duration) {
    let started = Instant::now();
    let response = http
        .post(format!("http://{}/payments", app.addr))
        .json(&NewPayment { amount_cents })
        .send()
        .await
        .expect("POST /payments");
    let took = started.elapsed();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let accepted: Accepted = response.json().await.expect("202 body");
    assert_eq!(accepted.status, Status::Pending);
    (accepted.id, took)
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn events(app: &Running) -> Socket {
    let url = format!("ws://{}/events", app.addr);
    let (socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("GET /events");
    socket
}

/// The next notice, waiting at most until `deadline`.
async fn next_notice(socket: &mut Socket, deadline: Instant) -> Option<Notice> {
    loop {
        let frame = tokio::time::timeout_at(deadline.into(), socket.next()).await;
        match frame.ok()??.expect("websocket frame") {
            tungstenite::Message::Text(text) => {
                return Some(serde_json::from_str(&text).expect("notice JSON"));
            }
            tungstenite::Message::Close(_) => return None,
            _ => {}
        }
    }
}

/// Waits (bounded) until the live-process count is `expected`.
async fn settle_count(expected: usize, within: Duration) -> Duration {
    let started = Instant::now();
    while process::count() != expected {
        assert!(
            started.elapsed() < within,
            "process count stuck at {} (expected {expected})",
            process::count()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

fn expected_status(gw: &GatewayConfig, id: &str) -> Verdict {
    verdict(gw, id).0
}

#[test]
fn two_hundred_payments_in_flight_each_notified_once() {
    let _serial = serial();
    common::run(async {
        let before = process::count();
        let gw = GatewayConfig {
            latency_ms: 50..=600,
            decline_rate: 0.15,
            error_rate: 0.10,
            seed: 2024,
            lookup_latency_ms: 5,
        };
        let app = server::start(config(gw.clone(), 2_000))
            .await
            .expect("start");
        let baseline = process::count();
        let mut socket = events(&app).await;
        let http = http();

        // 200 payments at once: every one is answered 202 without waiting for the gateway.
        let started = Instant::now();
        let posts = (0..200).map(|i| pay(&http, &app, 1_000 + i));
        let accepted = futures::future::join_all(posts).await;
        let all_accepted = started.elapsed();
        let slowest_202 = accepted.iter().map(|(_, took)| *took).max().unwrap();
        assert!(
            slowest_202 < Duration::from_secs(3),
            "a 202 took {slowest_202:?}"
        );

        // Every one is notified, with the status the gateway's verdict implies.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut notices: HashMap<String, Vec<Notice>> = HashMap::new();
        let mut received = 0;
        while received < accepted.len() {
            let notice = next_notice(&mut socket, deadline)
                .await
                .unwrap_or_else(|| panic!("only {received} notices within 10 s"));
            notices.entry(notice.id.clone()).or_default().push(notice);
            received += 1;
        }
        let all_notified = started.elapsed();
        let (mut paid, mut declined, mut crashed) = (0, 0, 0);
        for (id, _) in &accepted {
            let got = notices.get(id).map_or(&[][..], Vec::as_slice);
            assert_eq!(got.len(), 1, "{id} was notified {} times", got.len());
            let notice = &got[0];
            assert!(notice.task.starts_with("#PID<0."), "{notice:?}");
            match expected_status(&gw, id) {
                Verdict::Approve => {
                    assert_eq!(notice.status, Status::Paid, "{notice:?}");
                    assert!(notice.charge_id.is_some(), "{notice:?}");
                    paid += 1;
                }
                Verdict::Decline => {
                    assert_eq!(notice.status, Status::Failed, "{notice:?}");
                    assert_eq!(notice.reason.as_deref(), Some("card_declined"));
                    declined += 1;
                }
                Verdict::Error => {
                    assert_eq!(notice.status, Status::Failed, "{notice:?}");
                    let reason = notice.reason.as_deref().unwrap_or_default();
                    assert!(reason.starts_with("crashed: "), "{notice:?}");
                    assert!(reason.contains("RuntimeError"), "{notice:?}");
                    crashed += 1;
                }
            }
        }
        assert!(
            declined > 0 && crashed > 0,
            "the seed must exercise both failures"
        );

        // Nothing left behind: every task process is gone.
        let drained = settle_count(baseline, Duration::from_secs(5)).await;

        // The crashes took nothing else down: the server still serves, and
        // the next payment's notice is the next message (no duplicates queued).
        for pid in &app.processes {
            assert!(process::alive(*pid), "{pid:?} died");
        }
        let (id, _) = pay(&http, &app, 4_200).await;
        let deadline = Instant::now() + Duration::from_secs(5);
        let notice = next_notice(&mut socket, deadline).await.expect("notice");
        assert_eq!(notice.id, id, "a stale or duplicate notice: {notice:?}");
        let paid_id = accepted
            .iter()
            .map(|(id, _)| id)
            .find(|id| expected_status(&gw, id) == Verdict::Approve)
            .unwrap();
        let receipt = http
            .get(format!("http://{}/payments/{paid_id}/receipt", app.addr))
            .send()
            .await
            .expect("GET receipt");
        assert_eq!(receipt.status(), StatusCode::OK);

        eprintln!(
            "payments: {} accepted in {all_accepted:?} (slowest 202: {slowest_202:?}); \
             {paid} paid, {declined} declined, {crashed} crashed; all notified after \
             {all_notified:?}; process count back to baseline {drained:?} later",
            accepted.len()
        );
        drop(socket);
        app.shutdown().await.expect("shutdown");
        settle_count(before, Duration::from_secs(5)).await;
    });
}

#[test]
fn receipt_gathers_both_lookups() {
    let _serial = serial();
    common::run(async {
        let before = process::count();
        let gw = reliable(300, 5);
        // The ledger in a file, to read it back with SQLite itself below.
        let db = std::env::temp_dir().join(format!("payments-e2e-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&db);
        let mut config = config(gw, 2_000);
        config.db = Some(db.clone());
        let app = server::start(config).await.expect("start");
        let baseline = process::count();
        let mut socket = events(&app).await;
        let http = http();
        let receipt_of = |id: &str| {
            let url = format!("http://{}/payments/{id}/receipt", app.addr);
            let http = http.clone();
            async move { http.get(url).send().await.expect("GET receipt") }
        };

        let (id, _) = pay(&http, &app, 1_250).await;
        // Still pending: the gateway takes 300 ms.
        assert_eq!(receipt_of(&id).await.status(), StatusCode::CONFLICT);
        let deadline = Instant::now() + Duration::from_secs(5);
        let notice = next_notice(&mut socket, deadline).await.expect("notice");
        assert_eq!(
            (notice.id.as_str(), notice.status),
            (id.as_str(), Status::Paid)
        );

        let response = receipt_of(&id).await;
        assert_eq!(response.status(), StatusCode::OK);
        let receipt: Receipt = response.json().await.expect("receipt JSON");
        assert_eq!(receipt.payment.id, id);
        assert_eq!(receipt.payment.status, Status::Paid);
        assert_eq!(receipt.charge.amount_cents, 1_250);
        assert_eq!(Some(receipt.charge.charge_id), notice.charge_id);

        let unknown = receipt_of("pay_999999").await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

        // The settling task wrote the row before it published the notice.
        let raw = rusqlite::Connection::open(&db).expect("the ledger's file");
        let row: (i64, String) = raw
            .query_row("SELECT amount_cents, status FROM payments", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("one row");
        assert_eq!(row, (1_250, "paid".to_owned()));
        drop(raw);
        let _ = std::fs::remove_file(&db);

        settle_count(baseline, Duration::from_secs(5)).await;
        drop(socket);
        app.shutdown().await.expect("shutdown");
        settle_count(before, Duration::from_secs(5)).await;
    });
}

#[test]
fn receipt_timeout_is_504_and_leaves_no_task_behind() {
    let _serial = serial();
    common::run(async {
        let before = process::count();
        let lookup_latency = Duration::from_secs(5);
        let gw = reliable(10, lookup_latency.as_millis() as u64);
        let app = server::start(config(gw, 200)).await.expect("start");
        let baseline = process::count();
        let mut socket = events(&app).await;
        let http = http();
        let (id, _) = pay(&http, &app, 990).await;
        let deadline = Instant::now() + Duration::from_secs(5);
        let notice = next_notice(&mut socket, deadline).await.expect("notice");
        assert_eq!(notice.status, Status::Paid);

        let started = Instant::now();
        let response = http
            .get(format!("http://{}/payments/{id}/receipt", app.addr))
            .send()
            .await
            .expect("GET receipt");
        let answered = started.elapsed();
        assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
        assert!(answered >= Duration::from_millis(200), "{answered:?}");
        assert!(answered < Duration::from_secs(2), "{answered:?}");

        // The lookup tasks died with the request process: the count is back
        // long before the slow lookup could have finished on its own.
        settle_count(baseline, Duration::from_secs(3)).await;
        assert!(started.elapsed() < lookup_latency);

        drop(socket);
        app.shutdown().await.expect("shutdown");
        settle_count(before, Duration::from_secs(5)).await;
    });
}

/// Everything the `tracing` subscriber of this test binary printed so far.
/// Installed on first use; the crash reports of the runtime come here.
fn logs() -> String {
    use std::sync::{Arc, OnceLock};
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    static BUFFER: OnceLock<Buffer> = OnceLock::new();
    let buffer = BUFFER.get_or_init(|| {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || writer.clone())
            .init();
        buffer
    });
    String::from_utf8_lossy(&buffer.0.lock().unwrap()).into_owned()
}

#[test]
fn a_crashed_request_process_answers_500_and_its_report_names_the_request() {
    let _serial = serial();
    logs();
    common::run(async {
        let before = process::count();
        let gw = reliable(10, 5);
        let app = server::start(config(gw, 1_000)).await.expect("start");
        let baseline = process::count();
        let mut socket = events(&app).await;
        let http = http();
        let charge_of = |id: &str| {
            let url = format!("http://{}/payments/{id}/charge", app.addr);
            let http = http.clone();
            async move {
                http.get(url)
                    .send()
                    .await
                    .expect("GET charge: an answer, not a dropped connection")
            }
        };

        let (id, _) = pay(&http, &app, 700).await;
        let deadline = Instant::now() + Duration::from_secs(5);
        assert_eq!(
            next_notice(&mut socket, deadline)
                .await
                .expect("notice")
                .status,
            Status::Paid
        );
        let found = charge_of(&id).await;
        assert_eq!(found.status(), StatusCode::OK);
        let charge: gateway::Charge = found.json().await.expect("charge JSON");
        assert_eq!(
            (charge.payment_id.as_str(), charge.amount_cents),
            (id.as_str(), 700)
        );

        // The lookup task panics; the link kills the request process; 500.
        let crashed = charge_of("pay_424242").await;
        assert_eq!(crashed.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // Its crash report sits inside the request's span.
        let logs = logs();
        let lines: Vec<&str> = logs.lines().collect();
        let message = lines
            .iter()
            .position(|l| l.contains("the gateway has no charge for pay_424242"));
        // The report's first line (level, spans, target) precedes its message.
        let report = message
            .and_then(|at| lines[..at].iter().rev().find(|l| l.contains(" ERROR ")))
            .map(|l| l.to_string());
        let request_span = "request{method=GET path=/payments/pay_424242/charge}";
        assert!(
            report.as_deref().is_some_and(|l| l.contains(request_span)),
            "no crash report in {request_span}: {report:?}\n{logs}"
        );
        settle_count(baseline, Duration::from_secs(5)).await;
        drop(socket);
        app.shutdown().await.expect("shutdown");
        settle_count(before, Duration::from_secs(5)).await;
    });
}

#[test]
fn a_request_await_past_its_deadline_answers_500_and_leaves_no_task() {
    let _serial = serial();
    common::run(async {
        let before = process::count();
        let gw = reliable(10, 5_000);
        let app = server::start(config(gw, 200)).await.expect("start");
        let baseline = process::count();
        let started = Instant::now();
        let response = http()
            .get(format!("http://{}/payments/pay_000001/charge", app.addr))
            .send()
            .await
            .expect("GET charge: an answer, not a dropped connection");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        // The lookup was linked to the request process and died with it.
        settle_count(baseline, Duration::from_secs(3)).await;
        app.shutdown().await.expect("shutdown");
        settle_count(before, Duration::from_secs(5)).await;
    });
}
