async fn expansion() {
    ::extask::__private::rt::task::await_task(
            task,
            ::extask::__private::rt::Timeout::Infinity,
        )
        .await;
}
