use extask::Task;

#[derive(Task, Clone, extask::inspect::Inspect)]
#[task(restrat = transient)]
struct Worker;

impl Worker {
    async fn run(self) {}
}

fn main() {}
