// A stream's items need `Inspect` only with `zip_input_on_exit`, where Elixir
// prints them: a struct with no `Inspect` streams through `task::async_stream`,
// `task!(async_stream ..)` and a supervisor's streams, crashes included.
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::task::{OnTimeout, StreamOptions, async_stream};
use extask::{ExitReason, TaskResult, inspect::inspect, process, task};
use futures::StreamExt;

/// Not `Inspect`, not `Debug`.
struct Job {
    id: u64,
}

fn jobs() -> Vec<Job> {
    (1..=3).map(|id| Job { id }).collect()
}

async fn run(job: Job) -> u64 {
    if job.id == 2 {
        process::exit_self(ExitReason::atom("bad")).await;
    }
    job.id * 10
}

#[extask::main(flavor = "current_thread")]
async fn main() {
    process::trap_exit(true);
    let opts = StreamOptions::new()
        .max_concurrency(2)
        .ordered(true)
        .timeout(5_000)
        .on_timeout(OnTimeout::KillTask);
    let results: Vec<_> = async_stream(jobs(), run, opts).collect().await;
    assert_eq!(inspect(&results), "[ok: 10, exit: :bad, ok: 30]");

    let results: Vec<TaskResult<u64>> = task!(async_stream jobs(), fn job -> job.id + 1 end, ordered: false)
        .collect()
        .await;
    let mut values: Vec<u64> = results.into_iter().map(|r| r.into_result().unwrap()).collect();
    values.sort();
    assert_eq!(values, vec![2, 3, 4]);

    let sup = TaskSupervisor::start_link(SupervisorOptions::new()).await.unwrap();
    let results: Vec<_> = sup
        .async_stream_nolink(jobs(), run, StreamOptions::default())
        .collect()
        .await;
    assert_eq!(inspect(&results), "[ok: 10, exit: :bad, ok: 30]");
    let results: Vec<_> = sup
        .async_stream(jobs().into_iter().take(1), run, StreamOptions::new())
        .collect()
        .await;
    assert_eq!(inspect(&results), "[ok: 10]");
}
