use extask::Task;

#[derive(Task, Clone, extask::inspect::Inspect)]
#[task(restart = transiant)]
struct Worker;

#[derive(Task, Clone, extask::inspect::Inspect)]
#[task(shutdown = soon)]
struct Other;

impl Worker {
    async fn run(self) {}
}

impl Other {
    async fn run(self) {}
}

fn main() {}
