// A non-async fn: the error, then the function, not async, so no second error.
#[extask::main]
fn main() {}
