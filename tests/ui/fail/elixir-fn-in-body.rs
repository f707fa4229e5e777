// An Elixir `fn -> ... end` inside a body is not Rust: nest a `task!` or pass a closure.
use extask::task;

async fn run() {
    let _t = task!(async fn ->
        let inner = Task.async(fn -> 1 end);
        Task.await(inner)
    end);
}

fn main() {}
