// A negative timeout is refused.
use extask::task;

async fn run() {
    let t = task!(async fn -> 1 end);
    let _v = task!(yield t, -1);
}

fn main() {}
