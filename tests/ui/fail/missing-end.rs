// `fn -> ...` without `end`.
use extask::task;

async fn run() {
    let _t = task!(async fn -> Process.sleep(10); 1);
}

fn main() {}
