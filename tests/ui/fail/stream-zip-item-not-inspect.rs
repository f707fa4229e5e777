// `zip_input_on_exit` prints each input, so only then must the items
// implement `Inspect`: the builder and the macro option both ask for it.
use extask::task::{StreamOptions, async_stream};
use extask::task;

struct Job {
    id: u64,
}

async fn run(job: Job) -> u64 {
    job.id
}

#[extask::main(flavor = "current_thread")]
async fn main() {
    let opts = StreamOptions::new().max_concurrency(2).zip_input_on_exit(true);
    let _builder = async_stream(vec![Job { id: 1 }], run, opts);
    let _macro = task!(async_stream vec![Job { id: 1 }], fn job -> job.id end, zip_input_on_exit: true);
}
