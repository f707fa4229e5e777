async fn expansion() {
    ::extask::__private::rt::task::shutdown(
            task,
            ::extask::__private::rt::task::Shutdown::Timeout(
                ::extask::__private::rt::Timeout::DEFAULT,
            ),
        )
        .await;
}
