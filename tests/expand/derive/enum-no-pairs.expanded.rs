#[automatically_derived]
impl ::extask::__private::rt::inspect::Inspect for Light {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match self {
            Self::Red => ::extask::__private::rt::inspect::derive::atom("red"),
            Self::Green => ::extask::__private::rt::inspect::derive::atom("green"),
        }
    }
}
