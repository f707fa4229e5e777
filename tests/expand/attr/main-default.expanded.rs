fn main() {
    ::extask::__private::rt::root::run_main(
        ::extask::__private::rt::root::RootConfig::multi_thread(),
        async move {
            let t = task!(async fn -> 1 end);
            println!("{}", task!(await t));
        },
    )
}
