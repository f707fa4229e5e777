fn main() -> Result<(), std::io::Error> {
    ::extask::__private::rt::root::run_main(
        ::extask::__private::rt::root::RootConfig::multi_thread().worker_threads(2),
        async move {
            let ret: Result<(), std::io::Error> = {
                std::fs::read("x")?;
                Ok(())
            };
            ret
        },
    )
}
