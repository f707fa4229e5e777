// An unknown Task function in a body.
use extask::task;

async fn run() {
    let _t = task!(async fn ->
        let inner = task!(async fn -> 1 end);
        Task.wait(inner)
    end);
}

fn main() {}
