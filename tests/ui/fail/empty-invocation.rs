// `task!()` says which verbs exist.
use extask::task;

async fn run() {
    task!();
}

fn main() {}
