// `async` runs a function of no arguments.
use extask::task;

async fn run() {
    let _t = task!(async fn x -> x + 1 end);
}

fn main() {}
