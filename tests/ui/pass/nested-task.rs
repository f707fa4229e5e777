// `task!` inside a body: a task that starts and awaits tasks of its own.
use extask::task;

#[extask::main(flavor = "current_thread")]
async fn main() {
    let outer = task!(async fn ->
        let inner = task!(async fn -> task!(await task!(async fn -> 20 end)) + 1 end);
        task!(await inner) * 2
    end);
    assert_eq!(task!(await outer), 42);
}
