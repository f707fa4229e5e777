fn main() {
    ::extask::__private::rt::root::run_main(
        ::extask::__private::rt::root::RootConfig::multi_thread(),
        async move {
            ::extask::__private::rt::dist::start_main(
                    ::extask::__private::rt::dist::Options::new(
                        "rust@127.0.0.1",
                        "secret",
                    ),
                )
                .await;
            {
                println!("{}", extask::dist::node());
            }
        },
    )
}
