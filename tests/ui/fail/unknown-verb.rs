// An unknown verb is an error on the verb, with the closest verb suggested.
use extask::task;

async fn run() {
    let _t = task!(asynk fn -> 1 end);
}

fn main() {}
