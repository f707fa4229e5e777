async fn expansion() {
    {
        ::core::compile_error! {
            "unknown `task!` verb `asynk`\nhelp: did you mean `async`? as in `task!(async fn -> ... end)`"
        }
    };
}
