// `:infinite` is not `:infinity`.
use extask::task;

async fn run() {
    let t = task!(async fn -> 1 end);
    let _v = task!(await t, :infinite);
}

fn main() {}
