async fn expansion() {
    ::extask::__private::rt::task::start(async move {
        (::extask::__private::rt::inspect::io_inspect)(
            (::extask::__private::rt::process::self_pid)(),
        )
    });
}
