// `use Task` expects the module to define `run`: here `run(self)`.
use extask::Task;

#[derive(Task, Clone, extask::inspect::Inspect)]
struct Worker;

fn main() {}
