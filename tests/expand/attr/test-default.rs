// #[extask::test]: a current-thread runtime per test.
#[extask::test]
async fn doubles() {
    assert_eq!(task!(await task!(async fn -> 2 * 2 end)), 4);
}
