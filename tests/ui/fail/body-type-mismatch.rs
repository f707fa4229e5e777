// A type error in a body lands on the user's expression.
use extask::task;

async fn run() {
    let t = task!(async fn ->
        let ms: u64 = "two seconds";
        Process.sleep(ms);
        ms
    end);
    let _ms = task!(await t);
}

fn main() {}
