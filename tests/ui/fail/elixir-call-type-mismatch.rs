// A type error on a rewritten Elixir call lands on the user's call.
use extask::task;

async fn run() {
    let _t = task!(async fn ->
        let done: bool = Process.sleep(10);
        let me: u32 = self();
        (done, me)
    end);
}

fn main() {}
