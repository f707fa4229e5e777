// A Rust-style body in braces where Elixir closes with `end`.
use extask::task;

async fn run() {
    let _t = task!(async fn -> { Process.sleep(10); 1 });
}

fn main() {}
