async fn expansion() {
    ::extask::__private::rt::task::async_task(async move {
        let function = move || async move { compute().await };
        function().await
    });
}
