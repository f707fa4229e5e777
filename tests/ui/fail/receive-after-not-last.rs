// `after` closes the receive.
use extask::receive;

async fn run() {
    let _n = receive! {
        after 100 => 0,
        n: i32 => n,
    };
}

fn main() {}
