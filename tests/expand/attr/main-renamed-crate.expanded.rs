fn main() {
    my_tasks::__private::rt::root::run_main(
        my_tasks::__private::rt::root::RootConfig::multi_thread(),
        async move {},
    )
}
