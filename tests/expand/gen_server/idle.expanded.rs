impl Idle {
    #[doc(hidden)]
    fn __gen_init() -> Init<Self> {
        Init::Ok(Idle)
    }
}
///The calls of [`Idle`], one variant per `#[call]` method (written by `#[extask::gen_server]`).
pub enum IdleCall {}
impl ::extask::__private::rt::inspect::Inspect for IdleCall {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match *self {}
    }
}
///The replies of [`Idle`]'s calls (written by `#[extask::gen_server]`).
pub enum IdleReply {}
///The casts of [`Idle`], one variant per `#[cast]` method (written by `#[extask::gen_server]`).
pub enum IdleCast {}
impl ::extask::__private::rt::inspect::Inspect for IdleCast {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match *self {}
    }
}
impl ::extask::__private::rt::gen_server::Protocol for Idle {
    type Call = IdleCall;
    type Reply = IdleReply;
    type Cast = IdleCast;
}
impl ::extask::__private::rt::gen_server::GenServer for Idle {
    type Arg = ();
    type Info = ();
    type Continue = ();
    async fn init(_: ()) -> ::extask::__private::rt::gen_server::Init<Self> {
        Self::__gen_init()
    }
}
