async fn expansion() {
    {
        let arg0 = order;
        let arg1 = (::extask::__private::rt::process::self_pid)();
        ::extask::__private::rt::task::async_mfa(
            ::extask::__private::rt::Mfa {
                module: ::extask::__private::rt::inspect::Atom::new("billing"),
                function: ::extask::__private::rt::inspect::Atom::new("charge"),
                arity: 2,
            },
            async move { billing::charge(arg0, arg1) },
        )
    };
}
