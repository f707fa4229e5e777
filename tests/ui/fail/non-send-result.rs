// The value of a task is sent to its owner: it must be `Send`.
use extask::task;
use std::rc::Rc;

async fn run() {
    let _t = task!(async fn -> Rc::new("blah") end);
}

fn main() {}
