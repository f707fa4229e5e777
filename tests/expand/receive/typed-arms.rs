// Selective receive: arms tried in order on each message, bindings by value.
(r, value): (Ref, i32) if r == expected => value,
Down { r#ref, reason, .. }: Down if r#ref == expected => panic!("{reason:?}"),
after 1_000 => -1,
