// Nothing may follow `end` in `async`.
use extask::task;

async fn run() {
    let _t = task!(async fn -> 1 end, 2);
}

fn main() {}
