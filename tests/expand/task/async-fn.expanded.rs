async fn expansion() {
    ::extask::__private::rt::task::async_task(async move {
        (::extask::__private::rt::process::sleep)(
                ::extask::__private::rt::Timeout::ms(2_000),
            )
            .await;
        "blah"
    });
}
