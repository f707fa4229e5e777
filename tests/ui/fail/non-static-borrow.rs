// A task may outlive the caller's locals: it cannot borrow them.
use extask::task;

async fn run() {
    let name = String::from("blah");
    let borrowed = &name;
    let t = task!(async fn -> borrowed.len() end);
    let _n = task!(await t);
}

fn main() {}
