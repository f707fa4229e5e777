async fn expansion() {
    ::extask::__private::rt::task::await_task(
            task,
            ::core::convert::Into::<
                ::extask::__private::rt::Timeout,
            >::into(config.timeout),
        )
        .await;
}
