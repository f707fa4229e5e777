#[automatically_derived]
impl<T> ::extask::__private::rt::inspect::Inspect for Status<T>
where
    T: ::extask::__private::rt::inspect::Inspect,
{
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match self {
            Self::Pending => ::extask::__private::rt::inspect::derive::atom("pending"),
            Self::HTTPError => {
                ::extask::__private::rt::inspect::derive::atom("http_error")
            }
            Self::Charged(field_0) => {
                ::extask::__private::rt::inspect::derive::tagged(
                    "charged",
                    ::std::vec![
                        ::extask::__private::rt::inspect::Inspect::to_doc(field_0)
                    ],
                )
            }
            Self::Moved(field_0, field_1) => {
                ::extask::__private::rt::inspect::derive::tagged(
                    "moved",
                    ::std::vec![
                        ::extask::__private::rt::inspect::Inspect::to_doc(field_0),
                        ::extask::__private::rt::inspect::Inspect::to_doc(field_1)
                    ],
                )
            }
            Self::Failed { reason: field_0, code: field_1 } => {
                ::extask::__private::rt::inspect::derive::tagged(
                    "failed",
                    ::std::vec![
                        ::extask::__private::rt::inspect::derive::map(::std::vec![::extask::__private::rt::inspect::derive::field("code: ",
                        ::extask::__private::rt::inspect::Inspect::to_doc(field_1)),
                        ::extask::__private::rt::inspect::derive::field("reason: ",
                        ::extask::__private::rt::inspect::Inspect::to_doc(field_0))])
                    ],
                )
            }
        }
    }
    fn keyword_pair(
        &self,
    ) -> ::core::option::Option<
        (::std::string::String, ::extask::__private::rt::inspect::Doc),
    > {
        match self {
            Self::Charged(field_0) => {
                ::extask::__private::rt::inspect::derive::pair(
                    "charged",
                    ::extask::__private::rt::inspect::Inspect::to_doc(field_0),
                )
            }
            Self::Failed { reason: field_0, code: field_1 } => {
                ::extask::__private::rt::inspect::derive::pair(
                    "failed",
                    ::extask::__private::rt::inspect::derive::map(
                        ::std::vec![
                            ::extask::__private::rt::inspect::derive::field("code: ",
                            ::extask::__private::rt::inspect::Inspect::to_doc(field_1)),
                            ::extask::__private::rt::inspect::derive::field("reason: ",
                            ::extask::__private::rt::inspect::Inspect::to_doc(field_0))
                        ],
                    ),
                )
            }
            _ => ::core::option::Option::None,
        }
    }
}
