async fn expansion() {
    ::extask::__private::rt::task::shutdown(
            task,
            ::extask::__private::rt::task::Shutdown::BrutalKill,
        )
        .await;
}
