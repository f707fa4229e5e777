#[automatically_derived]
impl tasks::__private::rt::inspect::Inspect for Meters {
    fn to_doc(&self) -> tasks::__private::rt::inspect::Doc {
        tasks::__private::rt::inspect::derive::tagged(
            "meters",
            ::std::vec![tasks::__private::rt::inspect::Inspect::to_doc(& self.0)],
        )
    }
    fn keyword_pair(
        &self,
    ) -> ::core::option::Option<
        (::std::string::String, tasks::__private::rt::inspect::Doc),
    > {
        tasks::__private::rt::inspect::derive::pair(
            "meters",
            tasks::__private::rt::inspect::Inspect::to_doc(&self.0),
        )
    }
}
