async fn expansion() {
    ::extask::__private::rt::task::await_task(
            task,
            ::extask::__private::rt::process::checked_timeout(
                    config.timeout,
                    "Task.await/2",
                )
                .await,
        )
        .await;
}
