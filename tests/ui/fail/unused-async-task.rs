// A task that is never awaited.
#![deny(unused_must_use)]
use extask::task;

async fn run() {
    task!(async fn -> 1 end);
}

fn main() {}
