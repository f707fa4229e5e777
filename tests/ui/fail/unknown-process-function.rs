// An unknown Process function in a body lists the ones that exist.
use extask::task;

async fn run() {
    let _t = task!(async fn -> Process.slep(2_000); "blah" end);
}

fn main() {}
