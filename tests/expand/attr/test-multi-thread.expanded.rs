#[::core::prelude::v1::test]
#[should_panic]
fn crashes() {
    ::extask::__private::rt::root::run_test(
        ::extask::__private::rt::root::RootConfig::multi_thread().worker_threads(2),
        async move {
            panic!("boom");
        },
    )
}
