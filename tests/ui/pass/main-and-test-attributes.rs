// `#[extask::main]` with options and a `Result`, `#[extask::test]` functions.
use extask::task;

#[extask::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), std::num::ParseIntError> {
    let n: u32 = "41".parse()?;
    let t = task!(async fn -> n + 1 end);
    assert_eq!(task!(await t), 42);
    Ok(())
}

#[extask::test]
async fn current_thread_by_default() {
    assert_eq!(task!(await task!(async fn -> 1 end)), 1);
}

#[extask::test(flavor = "multi_thread")]
#[should_panic]
async fn panics_are_test_failures() {
    panic!("boom");
}
