#[automatically_derived]
impl ::extask::__private::rt::inspect::Inspect for UserId {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        ::extask::__private::rt::inspect::Inspect::to_doc(&self.0)
    }
    fn keyword_pair(
        &self,
    ) -> ::core::option::Option<
        (::std::string::String, ::extask::__private::rt::inspect::Doc),
    > {
        ::extask::__private::rt::inspect::Inspect::keyword_pair(&self.0)
    }
}
