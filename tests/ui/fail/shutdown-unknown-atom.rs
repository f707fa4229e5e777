// `shutdown` takes a timeout or `:brutal_kill`.
use extask::task;

async fn run() {
    let t = task!(async fn -> 1 end);
    let _r = task!(shutdown t, :brutal);
}

fn main() {}
