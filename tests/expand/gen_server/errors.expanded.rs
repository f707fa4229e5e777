::core::compile_error! {
    "a `#[call]` answers: it must return its reply (`-> T`)\nhelp: a request with nothing to answer is a `#[cast]`"
}
::core::compile_error! {
    "unknown attribute `#[calll]` in a `#[extask::gen_server]` block, expected `#[call]` or `#[cast]`\nhelp: did you mean `#[call]`?"
}
::core::compile_error! {
    "a GenServer starts from `init`: write `async fn init(arg: A) -> Init<Self>` in this block"
}
impl Counter {
    fn reset(&mut self) {}
    fn get(&mut self) -> i64 {
        self.0
    }
}
impl ::extask::__private::rt::gen_server::Protocol for Counter {
    type Call = ();
    type Reply = ();
    type Cast = ();
}
impl ::extask::__private::rt::gen_server::GenServer for Counter {
    type Arg = ();
    type Info = ();
    type Continue = ();
    async fn init(_: ()) -> ::extask::__private::rt::gen_server::Init<Self> {
        ::core::unreachable!()
    }
}
