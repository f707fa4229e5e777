// `fn` without `->`.
use extask::task;

async fn run() {
    let _t = task!(async fn Process.sleep(10); 1 end);
}

fn main() {}
