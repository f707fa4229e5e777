async fn expansion() {
    ::extask::__private::rt::task::async_task(async move {
        let me = (::extask::__private::rt::process::self_pid)();
        let worker = (::extask::__private::rt::task::async_task)(async move {
            let function = || async { 1 };
            function().await
        });
        (::extask::__private::rt::process::send)(me, "hello");
        (::extask::__private::rt::process::send)(me, "hi");
        let alive = (::extask::__private::rt::process::alive)(me);
        let value = (::extask::__private::rt::task::await_task)(
                worker,
                ::extask::__private::rt::Timeout::ms(1_000),
            )
            .await;
        (::extask::__private::rt::inspect::io_inspect)((alive, value))
    });
}
