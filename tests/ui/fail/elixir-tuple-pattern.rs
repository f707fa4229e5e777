// Elixir's `{a, b}` is `(a, b)` in Rust.
use extask::task;

async fn run() {
    let _s = task!(async_stream vec![(1, 2)], fn {a, b} -> a + b end);
}

fn main() {}
