async fn expansion() {
    {
        enum __ExtaskReceiveArm<T0, T1> {
            Arm0(T0),
            Arm1(T1),
        }
        match ::extask::__private::rt::process::receive_typed(
                |id: ::core::any::TypeId| -> bool {
                    id == ::core::any::TypeId::of::<(Ref, i32)>()
                        || id == ::core::any::TypeId::of::<Down>()
                },
                |
                    message: &::extask::__private::rt::Message,
                | -> ::extask::__private::rt::process::Peek {
                    if let ::core::option::Option::Some(value) = message
                        .downcast_ref::<(Ref, i32)>()
                    {
                        #[allow(unreachable_patterns, clippy::match_single_binding)]
                        match *value {
                            (_, _) => return ::extask::__private::rt::process::Peek::Look,
                            _ => {}
                        }
                    }
                    if let ::core::option::Option::Some(value) = message
                        .downcast_ref::<Down>()
                    {
                        #[allow(unreachable_patterns, clippy::match_single_binding)]
                        match *value {
                            Down { r#ref: _, reason: _, .. } => {
                                return ::extask::__private::rt::process::Peek::Look;
                            }
                            _ => {}
                        }
                    }
                    ::extask::__private::rt::process::Peek::No
                },
                |
                    slot: &mut ::extask::__private::rt::Message,
                | -> ::core::option::Option<__ExtaskReceiveArm<_, _>> {
                    let mut guards = ::extask::__private::rt::messages::Guards::new();
                    let message = ::core::mem::replace(slot, ::std::boxed::Box::new(()));
                    match message.downcast::<(Ref, i32)>() {
                        ::core::result::Result::Ok(value) => {
                            match *value {
                                (r, value) if guards.check(|| r == expected) => {
                                    return ::core::option::Option::Some(
                                        __ExtaskReceiveArm::Arm0((r, value)),
                                    );
                                }
                                #[allow(unreachable_patterns)]
                                _ => {
                                    *slot = value;
                                    guards.rethrow();
                                }
                            }
                        }
                        ::core::result::Result::Err(message) => *slot = message,
                    }
                    let message = ::core::mem::replace(slot, ::std::boxed::Box::new(()));
                    match message.downcast::<Down>() {
                        ::core::result::Result::Ok(value) => {
                            match *value {
                                Down {
                                    r#ref,
                                    reason,
                                    ..
                                } if guards.check(|| r#ref == expected) => {
                                    return ::core::option::Option::Some(
                                        __ExtaskReceiveArm::Arm1((r#ref, reason)),
                                    );
                                }
                                #[allow(unreachable_patterns)]
                                _ => {
                                    *slot = value;
                                    guards.rethrow();
                                }
                            }
                        }
                        ::core::result::Result::Err(message) => *slot = message,
                    }
                    ::core::option::Option::None
                },
                ::extask::__private::rt::Timeout::ms(1_000),
            )
            .await
        {
            #[allow(unused_variables)]
            ::core::option::Option::Some(__ExtaskReceiveArm::Arm0((r, value))) => value,
            #[allow(unused_variables)]
            ::core::option::Option::Some(__ExtaskReceiveArm::Arm1((r#ref, reason))) => {
                panic!("{reason:?}")
            }
            ::core::option::Option::None => -1,
        }
    };
}
