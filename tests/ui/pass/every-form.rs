// Every verb and body form, run.
use extask::{TaskResult, task};
use futures::StreamExt;

mod math {
    pub fn add(a: u64, b: u64) -> u64 {
        a + b
    }

    pub async fn double(x: u64) -> u64 {
        x * 2
    }
}

async fn seven() -> u64 {
    7
}

#[extask::main(flavor = "current_thread")]
async fn main() {
    let a = task!(async fn -> 1 end);
    let b = task!(async fn() -> 2 end);
    let c = task!(async || async { 3 });
    let d = task!(async async move { 4 });
    let e = task!(async seven);
    let f = task!(async math::add(2, 3));
    let g = task!(async math::double(3).await);
    assert_eq!(
        format!("{f:?}").split(", owner").next(),
        Some("%Task{mfa: {:math, :add, 2}")
    );
    assert_eq!(task!(await a), 1);
    assert_eq!(task!(await b, 1_000), 2);
    assert_eq!(task!(await c, :infinity), 3);
    let timeout = extask::Timeout::ms(1_000);
    assert_eq!(task!(await d, timeout), 4);
    assert_eq!(task!(await_many vec![e, f, g]), vec![7, 5, 6]);

    let slow = task!(async fn -> Process.sleep(1_000); 0 end);
    assert!(task!(yield slow, 10).is_none());
    assert!(task!(shutdown slow, :brutal_kill).is_none());
    let quick = task!(async fn -> 5 end);
    assert!(matches!(task!(yield quick, 1_000), Some(TaskResult::Ok(5))));
    let other = task!(async fn -> Process.sleep(1_000); 0 end);
    assert!(task!(shutdown other).is_none());
    let left = task!(async fn -> Process.sleep(50); 0 end);
    assert!(task!(ignore left).is_none());
    assert_eq!(task!(await task!(completed 42)), 42);

    let tasks = vec![
        task!(async fn -> 1 end),
        task!(async fn -> Process.sleep(1_000); 2 end),
    ];
    let results = task!(yield_many tasks, 200, on_timeout: :kill_task);
    assert!(matches!(results[0].1, Some(TaskResult::Ok(1))));
    assert!(results[1].1.is_none());
    let tasks = vec![task!(async fn -> 1 end)];
    assert_eq!(task!(yield_many tasks, limit: 1).len(), 1);

    let doubled: Vec<_> = task!(async_stream 1..=3_u64, fn x -> Process.sleep(10 * x); x * 2 end, max_concurrency: 2, ordered: true, timeout: 5_000, on_timeout: :kill_task, zip_input_on_exit: false)
        .collect()
        .await;
    assert!(matches!(
        doubled.as_slice(),
        [TaskResult::Ok(2), TaskResult::Ok(4), TaskResult::Ok(6)]
    ));
    let sums: Vec<_> =
        task!(async_stream vec![(1_u64, 2_u64)], fn (a, b) -> a + b end, [ordered: false])
            .collect()
            .await;
    assert!(matches!(sums.as_slice(), [TaskResult::Ok(3)]));
    let viaclosure: Vec<_> = task!(async_stream vec![1_u64], |x| async move { x + 1 })
        .collect()
        .await;
    assert!(matches!(viaclosure.as_slice(), [TaskResult::Ok(2)]));
    let viafn: Vec<_> = task!(async_stream vec![4_u64], math::double)
        .collect()
        .await;
    assert!(matches!(viafn.as_slice(), [TaskResult::Ok(8)]));

    let _started = task!(start fn -> 1 end);
}
