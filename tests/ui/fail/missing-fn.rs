// `-> ... end` without `fn`.
use extask::task;

async fn run() {
    let _t = task!(async -> 1 end);
}

fn main() {}
