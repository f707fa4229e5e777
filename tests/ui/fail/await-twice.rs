// A task is awaited once: `await` takes it by value.
use extask::task;

async fn run() {
    let t = task!(async fn -> 1 end);
    let _a = task!(await t);
    let _b = task!(await t);
}

fn main() {}
