// Receive arms use `=>`, not Elixir's `->`.
use extask::receive;

async fn run() {
    let _n = receive! {
        n: i32 -> n,
    };
}

fn main() {}
