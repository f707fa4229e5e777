#![deny(warnings, unused_qualifications, missing_docs)]
//! `#[derive(Task)]` expands warning-free under strict lints.
// `#[derive(Task)]` with the facade under another name, and `use extask::Task`
// naming both the derive and the `Task` struct.
use extask as tasks;
use tasks::Task;

#[derive(Task, Clone, tasks::inspect::Inspect)]
#[task(crate = "tasks", restart = permanent, shutdown = brutal_kill)]
struct Worker {
    n: u8,
}

impl Worker {
    async fn run(self) {
        let _ = self.n;
    }
}

fn main() {
    let spec = Worker { n: 1 }.child_spec();
    assert_eq!(
        tasks::inspect::inspect(&spec),
        "%{id: Worker, restart: :permanent, shutdown: :brutal_kill, start: {Worker, :start_link, [%Worker{n: 1}]}}"
    );
    // The `Task` struct is still the handle type.
    let _: fn(Task<u8>) = drop;
}
