async fn expansion() {
    {
        let arg0 = url;
        ::extask::__private::rt::task::async_mfa(
            ::extask::__private::rt::Mfa {
                module: ::extask::__private::rt::inspect::Atom::new("http"),
                function: ::extask::__private::rt::inspect::Atom::new("fetch"),
                arity: 1,
            },
            async move { http::fetch(arg0).await },
        )
    };
}
