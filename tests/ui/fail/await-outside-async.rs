// `task!(await t)` awaits: it needs an async context.
use extask::task;

fn run() {
    let t = task!(async fn -> 1 end);
    let _v = task!(await t);
}

fn main() {}
