async fn expansion() {
    ::extask::__private::rt::task::await_task(
            task,
            ::extask::__private::rt::Timeout::ms(10_000),
        )
        .await;
}
