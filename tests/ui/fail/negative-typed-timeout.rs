// A negative timeout is refused whatever its integer type.
use extask::task;

async fn run() {
    let t = task!(async fn -> 1 end);
    let _v = task!(await t, -100_i32);
}

fn main() {}
