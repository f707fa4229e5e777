// `#[extask::main]` runs an async fn.
#[extask::main]
fn main() {}
