fn main() -> Result<(), std::io::Error> {
    ::extask::__private::rt::root::run_main(
        ::extask::__private::rt::root::RootConfig::multi_thread(),
        async move {
            ::extask::__private::rt::dist::start_main(
                    ::extask::__private::rt::dist::Options::new(
                            "rust@127.0.0.1",
                            "secret",
                        )
                        .ticktime(::core::time::Duration::from_secs(8))
                        .epmd_port(4370),
                )
                .await;
            let ret: Result<(), std::io::Error> = {
                std::fs::read("x")?;
                Ok(())
            };
            ret
        },
    )
}
