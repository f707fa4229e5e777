async fn expansion() {
    {
        enum __ExtaskReceiveArm<T0> {
            Arm0(T0),
        }
        match ::extask::__private::rt::process::receive_typed(
                |id: ::core::any::TypeId| -> bool {
                    id == ::core::any::TypeId::of::<Vec<u8>>()
                },
                |
                    message: &::extask::__private::rt::Message,
                | -> ::extask::__private::rt::process::Peek {
                    if let ::core::option::Option::Some(value) = message
                        .downcast_ref::<Vec<u8>>()
                    {
                        #[allow(unreachable_patterns, clippy::match_single_binding)]
                        match *value {
                            _ => return ::extask::__private::rt::process::Peek::Take,
                            _ => {}
                        }
                    }
                    ::extask::__private::rt::process::Peek::No
                },
                |
                    slot: &mut ::extask::__private::rt::Message,
                | -> ::core::option::Option<__ExtaskReceiveArm<_>> {
                    let message = ::core::mem::replace(slot, ::std::boxed::Box::new(()));
                    match message.downcast::<Vec<u8>>() {
                        ::core::result::Result::Ok(value) => {
                            match *value {
                                items => {
                                    return ::core::option::Option::Some(
                                        __ExtaskReceiveArm::Arm0((items,)),
                                    );
                                }
                                #[allow(unreachable_patterns)]
                                _ => *slot = value,
                            }
                        }
                        ::core::result::Result::Err(message) => *slot = message,
                    }
                    ::core::option::Option::None
                },
                ::extask::__private::rt::Timeout::Infinity,
            )
            .await
        {
            #[allow(unused_variables)]
            ::core::option::Option::Some(__ExtaskReceiveArm::Arm0((mut items,))) => {
                items.push(0);
                items
            }
            ::core::option::Option::None => {
                ::core::unreachable!("`receive!` without `after` waits forever")
            }
        }
    };
}
