#[::core::prelude::v1::test]
fn doubles() {
    ::extask::__private::rt::root::run_test(
        ::extask::__private::rt::root::RootConfig::current_thread(),
        async move {
            assert_eq!(task!(await task!(async fn -> 2 * 2 end)), 4);
        },
    )
}
