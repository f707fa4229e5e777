async fn expansion() {
    ::extask::__private::rt::task::async_task(async move {
        let function = worker;
        function().await
    });
}
