fn main() {
    ::extask::__private::rt::root::run_main(
        ::extask::__private::rt::root::RootConfig::current_thread(),
        async move {},
    )
}
