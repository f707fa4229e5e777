async fn expansion() {
    ::extask::__private::rt::task::yield_task(
            &task,
            ::extask::__private::rt::Timeout::ms(1_000),
        )
        .await;
}
