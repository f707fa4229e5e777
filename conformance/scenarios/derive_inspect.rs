//! Twin of `derive_inspect.exs`: Rust types under `#[derive(Inspect)]` print
//! what Elixir prints for the values the derive maps them to.

use crate::support::*;
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Payment<A, N> {
    amount: A,
    currency: &'static str,
    note: Option<N>,
}

#[derive(Inspect)]
struct Secret {
    user: &'static str,
    #[inspect(skip)]
    password: &'static str,
    age: u8,
}

#[derive(Inspect)]
struct Marker;

#[derive(Inspect)]
struct Point(i32, i32);

#[derive(Inspect)]
enum Status {
    Pending,
    HTTPError,
    Charged(u32),
    Moved(i32, i32),
    Failed { reason: String, code: u8 },
}

fn failed(reason: &str, code: u8) -> Status {
    Status::Failed {
        reason: reason.to_owned(),
        code,
    }
}

pub(crate) async fn run(out: Out) {
    let payment = Payment::<u32, Status> {
        amount: 12,
        currency: "EUR",
        note: None,
    };
    out.show("struct", &payment);
    out.show("unit struct", &Marker);
    let secret = Secret {
        user: "jo",
        password: "hunter2",
        age: 3,
    };
    let _ = secret.password;
    out.show("except", &secret);
    out.show("tuple struct", &Point(1, 2));
    let statuses = vec![
        Status::Pending,
        Status::HTTPError,
        Status::Charged(12),
        Status::Moved(1, 2),
    ];
    out.show("statuses", &statuses);
    out.show("struct variant", &failed("declined", 51));
    out.show(
        "keyword",
        &vec![Status::Charged(12), failed("declined", 51)],
    );
    out.inspect(Payment {
        amount: (1..=30).collect::<Vec<u32>>(),
        currency: "EUR",
        note: Some(failed(&"x".repeat(60), 1)),
    });
}
