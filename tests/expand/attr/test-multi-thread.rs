// Other attributes are kept.
#[extask::test(flavor = "multi_thread", worker_threads = 2)]
#[should_panic]
async fn crashes() {
    panic!("boom");
}
