// The Elixir habit `use Task, restart: :transient`: an option's value is an
// identifier here, without the atom's colon.
use extask::Task;

#[derive(Task, Clone, extask::inspect::Inspect)]
#[task(restart = :transient)]
struct Worker;

impl Worker {
    async fn run(self) {}
}

fn main() {}
