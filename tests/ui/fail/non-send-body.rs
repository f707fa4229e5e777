// A body holding an `Rc` across an `.await` cannot run on the task threads.
use extask::task;
use std::rc::Rc;

async fn run() {
    let _t = task!(async fn ->
        let shared = Rc::new(1);
        Process.sleep(10);
        *shared
    end);
}

fn main() {}
