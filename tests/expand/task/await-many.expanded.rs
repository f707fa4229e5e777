async fn expansion() {
    ::extask::__private::rt::task::await_many(
            tasks,
            ::extask::__private::rt::Timeout::ms(1_000),
        )
        .await;
}
