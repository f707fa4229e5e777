// Elixir's `when` guard is `if` in Rust.
use extask::receive;

async fn run() {
    let _n = receive! {
        n: i32 when n > 0 => n,
    };
}

fn main() {}
