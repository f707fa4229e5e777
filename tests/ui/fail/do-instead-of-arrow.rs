// `fn do ... end`: the arrow is missing.
use extask::task;

async fn run() {
    let _t = task!(start_link fn do Process.sleep(10) end);
}

fn main() {}
