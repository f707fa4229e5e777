// `on_timeout:` takes `:exit` or `:kill_task`.
use extask::task;

async fn run() {
    let _s = task!(async_stream 1..=3, fn x -> x end, on_timeout: :explode);
}

fn main() {}
