async fn expansion() {
    ::extask::__private::rt::task::async_stream(
        1..=5,
        move |x| async move {
            (::extask::__private::rt::process::sleep)(x * 10).await;
            x * 2
        },
        ::extask::__private::rt::task::StreamOptions::new()
            .max_concurrency(2)
            .ordered(false)
            .timeout(::extask::__private::rt::Timeout::ms(5_000))
            .on_timeout(::extask::__private::rt::task::OnTimeout::KillTask)
            .zip_input_on_exit(true),
    );
}
