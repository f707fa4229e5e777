async fn expansion() {
    {
        enum __ExtaskReceiveArm {}
        match ::extask::__private::rt::process::receive_typed(
                |_: ::core::any::TypeId| -> bool { false },
                |
                    _: &::extask::__private::rt::Message,
                | -> ::extask::__private::rt::process::Peek {
                    ::extask::__private::rt::process::Peek::No
                },
                |
                    slot: &mut ::extask::__private::rt::Message,
                | -> ::core::option::Option<__ExtaskReceiveArm> {
                    ::core::option::Option::None
                },
                ::extask::__private::rt::Timeout::ms(100),
            )
            .await
        {
            ::core::option::Option::None => "timeout",
        }
    };
}
