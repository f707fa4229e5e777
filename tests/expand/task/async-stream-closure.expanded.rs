async fn expansion() {
    ::extask::__private::rt::task::async_stream(
        urls,
        |url| async move { fetch(url).await },
        ::extask::__private::rt::task::StreamOptions::new().max_concurrency(8),
    );
}
