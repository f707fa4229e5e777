#[automatically_derived]
impl<'a, T: Clone, const N: usize> ::extask::__private::rt::inspect::Inspect
for Secret<'a, T, N>
where
    T: Send,
    T: ::extask::__private::rt::inspect::Inspect,
{
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        ::extask::__private::rt::inspect::derive::except(
            "#Secret<",
            ::std::vec![
                ::extask::__private::rt::inspect::derive::field("user: ",
                ::extask::__private::rt::inspect::Inspect::to_doc(& self.user))
            ],
        )
    }
}
