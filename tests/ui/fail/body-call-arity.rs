// `Task.await` takes a task and an optional timeout.
use extask::task;

async fn run() {
    let _t = task!(async fn ->
        let inner = task!(async fn -> 1 end);
        Task.await(inner, 100, 200)
    end);
}

fn main() {}
