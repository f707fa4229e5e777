// Each receive arm names the message type.
use extask::receive;

async fn run() {
    let _n = receive! {
        n => n,
    };
}

fn main() {}
