// async_stream runs a function of one argument: a pair is a tuple pattern.
use extask::task;

async fn run() {
    let _s = task!(async_stream vec![(1, 2)], fn a, b -> a + b end);
}

fn main() {}
