// Elixir's `do ... end` is a block, not a function.
use extask::task;

async fn run() {
    let _t = task!(async do Process.sleep(10); "blah" end);
}

fn main() {}
