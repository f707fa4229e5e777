impl Counter {
    /// The count.
    pub async fn get(server: &::extask::__private::rt::gen_server::Server<Self>) -> i64 {
        match ::extask::__private::rt::gen_server::call(
                server,
                CounterCall::Get,
                ::extask::__private::rt::Timeout::DEFAULT,
            )
            .await
        {
            CounterReply::Get(value) => value,
            _ => ::core::unreachable!("a GenServer answers a call with its own reply"),
        }
    }
    ///[`get`](Self::get) with a timeout (ms, `Timeout` or `Duration`; a negative one raises), returning the call's exit reason (`{reason, {GenServer, :call, [..]}}`) instead of exiting the caller (`catch :exit` in Elixir).
    pub async fn try_get(
        server: &::extask::__private::rt::gen_server::Server<Self>,
        timeout: impl ::extask::__private::rt::IntoTimeout,
    ) -> ::core::result::Result<i64, ::extask::__private::rt::ExitReason> {
        let timeout = ::extask::__private::rt::process::checked_timeout(
                timeout,
                ":gen.call/4",
            )
            .await;
        match ::extask::__private::rt::gen_server::try_call(
                server,
                CounterCall::Get,
                timeout,
            )
            .await?
        {
            CounterReply::Get(value) => ::core::result::Result::Ok(value),
            _ => ::core::unreachable!("a GenServer answers a call with its own reply"),
        }
    }
    async fn add_and_get(
        server: &::extask::__private::rt::gen_server::Server<Self>,
        k: i64,
    ) -> i64 {
        match ::extask::__private::rt::gen_server::call(
                server,
                CounterCall::AddAndGet(k),
                ::extask::__private::rt::Timeout::DEFAULT,
            )
            .await
        {
            CounterReply::AddAndGet(value) => value,
            _ => ::core::unreachable!("a GenServer answers a call with its own reply"),
        }
    }
    ///[`add_and_get`](Self::add_and_get) with a timeout (ms, `Timeout` or `Duration`; a negative one raises), returning the call's exit reason (`{reason, {GenServer, :call, [..]}}`) instead of exiting the caller (`catch :exit` in Elixir).
    async fn try_add_and_get(
        server: &::extask::__private::rt::gen_server::Server<Self>,
        k: i64,
        timeout: impl ::extask::__private::rt::IntoTimeout,
    ) -> ::core::result::Result<i64, ::extask::__private::rt::ExitReason> {
        let timeout = ::extask::__private::rt::process::checked_timeout(
                timeout,
                ":gen.call/4",
            )
            .await;
        match ::extask::__private::rt::gen_server::try_call(
                server,
                CounterCall::AddAndGet(k),
                timeout,
            )
            .await?
        {
            CounterReply::AddAndGet(value) => ::core::result::Result::Ok(value),
            _ => ::core::unreachable!("a GenServer answers a call with its own reply"),
        }
    }
    pub fn add(server: &::extask::__private::rt::gen_server::Server<Self>, k: i64) {
        ::extask::__private::rt::gen_server::cast(server, CounterCast::Add(k))
    }
    fn halt(server: &::extask::__private::rt::gen_server::Server<Self>) {
        ::extask::__private::rt::gen_server::cast(server, CounterCast::Halt)
    }
    #[doc(hidden)]
    async fn __gen_init(start: i64) -> Init<Self> {
        Init::Ok(Counter(start))
    }
    #[doc(hidden)]
    fn __gen_call_get(&mut self) -> i64 {
        self.0
    }
    #[doc(hidden)]
    async fn __gen_call_add_and_get(&mut self, k: i64) -> i64 {
        self.0 += k;
        self.0
    }
    #[doc(hidden)]
    fn __gen_cast_add(&mut self, k: i64) {
        self.0 += k;
    }
    #[doc(hidden)]
    fn __gen_cast_halt(&mut self) -> Return<Self> {
        Return::Stop(ExitReason::Normal)
    }
    fn helper(&self) -> i64 {
        self.0
    }
}
///The calls of [`Counter`], one variant per `#[call]` method (written by `#[extask::gen_server]`).
pub enum CounterCall {
    ///`Counter::get`
    Get,
    ///`Counter::add_and_get`
    AddAndGet(i64),
}
impl ::extask::__private::rt::inspect::Inspect for CounterCall {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match self {
            CounterCall::Get => ::extask::__private::rt::inspect::derive::atom("get"),
            CounterCall::AddAndGet(arg0) => {
                ::extask::__private::rt::inspect::derive::tagged(
                    "add_and_get",
                    ::std::vec![::extask::__private::rt::inspect::Inspect::to_doc(arg0)],
                )
            }
        }
    }
}
///The replies of [`Counter`]'s calls (written by `#[extask::gen_server]`).
pub enum CounterReply {
    #[doc(hidden)]
    Get(i64),
    #[doc(hidden)]
    AddAndGet(i64),
}
///The casts of [`Counter`], one variant per `#[cast]` method (written by `#[extask::gen_server]`).
pub enum CounterCast {
    ///`Counter::add`
    Add(i64),
    ///`Counter::halt`
    Halt,
}
impl ::extask::__private::rt::inspect::Inspect for CounterCast {
    fn to_doc(&self) -> ::extask::__private::rt::inspect::Doc {
        match self {
            CounterCast::Add(arg0) => {
                ::extask::__private::rt::inspect::derive::tagged(
                    "add",
                    ::std::vec![::extask::__private::rt::inspect::Inspect::to_doc(arg0)],
                )
            }
            CounterCast::Halt => ::extask::__private::rt::inspect::derive::atom("halt"),
        }
    }
}
impl ::extask::__private::rt::gen_server::Protocol for Counter {
    type Call = CounterCall;
    type Reply = CounterReply;
    type Cast = CounterCast;
}
impl ::extask::__private::rt::gen_server::GenServer for Counter {
    type Arg = i64;
    type Info = Tick;
    type Continue = ();
    async fn init(arg: i64) -> ::extask::__private::rt::gen_server::Init<Self> {
        Self::__gen_init(arg).await
    }
    async fn handle_call(
        &mut self,
        request: CounterCall,
        _: ::extask::__private::rt::gen_server::Caller<CounterReply>,
    ) -> ::extask::__private::rt::gen_server::CallReturn<Self> {
        match request {
            CounterCall::Get => {
                ::extask::__private::rt::gen_server::CallReturn::Reply(
                    CounterReply::Get(Self::__gen_call_get(self)),
                )
            }
            CounterCall::AddAndGet(arg0) => {
                ::extask::__private::rt::gen_server::CallReturn::Reply(
                    CounterReply::AddAndGet(
                        Self::__gen_call_add_and_get(self, arg0).await,
                    ),
                )
            }
        }
    }
    async fn handle_cast(
        &mut self,
        request: CounterCast,
    ) -> ::extask::__private::rt::gen_server::Return<Self> {
        match request {
            CounterCast::Add(arg0) => {
                Self::__gen_cast_add(self, arg0);
                ::extask::__private::rt::gen_server::Return::NoReply
            }
            CounterCast::Halt => Self::__gen_cast_halt(self),
        }
    }
    async fn handle_info(&mut self, msg: Info<Tick>) -> Return<Self> {
        Return::NoReply
    }
}
