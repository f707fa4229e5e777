// A misspelled option of async_stream: the closest is suggested.
use extask::task;

async fn run() {
    let _s = task!(async_stream 1..=3, fn x -> x end, max_concurency: 2);
}

fn main() {}
