// Inside generic functions, closures and methods.
use extask::{Task, task};

fn spawn_doubled<T>(value: T) -> Task<(T, T)>
where
    T: Clone + Send + 'static,
{
    task!(async fn -> (value.clone(), value) end)
}

struct Worker {
    base: u32,
}

impl Worker {
    fn start(&self) -> Task<u32> {
        let base = self.base;
        task!(async fn -> base + 1 end)
    }
}

#[extask::main(flavor = "current_thread")]
async fn main() {
    assert_eq!(task!(await spawn_doubled("x")), ("x", "x"));
    assert_eq!(task!(await Worker { base: 41 }.start()), 42);
    let make = |n: u32| task!(async fn -> n * 10 end);
    let tasks: Vec<Task<u32>> = (1..=3).map(make).collect();
    assert_eq!(task!(await_many tasks), vec![10, 20, 30]);
}
