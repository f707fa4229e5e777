::core::compile_error! {
    "`#[derive(Inspect)]` does not support unions: Elixir has no value that is one of several fields at once\nhelp: implement `Inspect` by hand, or use an enum"
}
impl ::extask::__private::rt::inspect::Inspect for Bits {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        ::core::unreachable!()
    }
}
