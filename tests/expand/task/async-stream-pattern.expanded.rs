async fn expansion() {
    ::extask::__private::rt::task::async_stream(
        pairs,
        move |(a, b): (u64, u64)| async move { a + b },
        ::extask::__private::rt::task::StreamOptions::new(),
    );
}
