async fn expansion() {
    ::extask::__private::rt::task::yield_many(
            tasks,
            ::extask::__private::rt::task::YieldManyOptions::new()
                .timeout(::extask::__private::rt::Timeout::ms(400))
                .limit(2)
                .on_timeout(::extask::__private::rt::task::OnTimeout::KillTask),
        )
        .await;
}
