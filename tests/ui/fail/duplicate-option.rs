// The timeout is given twice.
use extask::task;

async fn run() {
    let tasks = vec![task!(async fn -> 1 end)];
    let _r = task!(yield_many tasks, 100, timeout: 200);
}

fn main() {}
