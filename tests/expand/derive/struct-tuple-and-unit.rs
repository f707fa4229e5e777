#[inspect(crate = "tasks")]
struct Meters(f64);
