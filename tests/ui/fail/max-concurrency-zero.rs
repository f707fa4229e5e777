// `max_concurrency: 0` is refused at compile time, with Elixir's message.
use extask::task;

async fn run() {
    let _s = task!(async_stream 1..=3, fn x -> x end, max_concurrency: 0);
}

fn main() {}
