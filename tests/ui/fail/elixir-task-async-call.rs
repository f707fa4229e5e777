// `Task.async(...)` written literally: `task!` takes the verb first.
use extask::task;

async fn run() {
    let _t = task!(Task.async(fn -> 1 end));
}

fn main() {}
