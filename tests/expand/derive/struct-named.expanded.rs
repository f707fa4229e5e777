#[automatically_derived]
impl ::extask::__private::rt::inspect::Inspect for Payment {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        ::extask::__private::rt::inspect::derive::structure(
            "%Payment{",
            ::std::vec![
                ::extask::__private::rt::inspect::derive::field("amount: ",
                ::extask::__private::rt::inspect::Inspect::to_doc(& self.amount)),
                ::extask::__private::rt::inspect::derive::field("type: ",
                ::extask::__private::rt::inspect::Inspect::to_doc(& self.r#type))
            ],
        )
    }
}
