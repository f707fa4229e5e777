async fn expansion() {
    ::extask::__private::rt::task::async_task(async move { 1 + 1 });
}
