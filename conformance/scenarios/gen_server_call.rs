//! Twin of `gen_server_call.exs`: replies, a deferred reply, casts, the wire
//! protocol a raw process sees, and a raw process serving calls.

use crate::support::*;
use extask::gen_server::{
    self, CallReturn, Caller, GenCall, GenCast, GenServer, Init, Protocol, Return, Server,
};
use extask::inspect::{Inspect, Term};
use extask::{Pid, Timeout, process};

#[derive(Inspect)]
struct Counter {
    n: i64,
    #[inspect(skip)]
    waiting: Option<Caller<Term>>,
    #[inspect(skip)]
    to: Pid,
}

#[derive(Inspect)]
enum Call {
    Get,
    Defer,
}

#[derive(Inspect)]
enum Cast {
    Add(i64),
    Release(Term),
}

impl Protocol for Counter {
    type Call = Call;
    type Reply = Term;
    type Cast = Cast;
}

impl GenServer for Counter {
    type Arg = (i64, Pid);
    type Info = ();
    type Continue = ();

    async fn init((n, to): (i64, Pid)) -> Init<Self> {
        Init::Ok(Counter {
            n,
            waiting: None,
            to,
        })
    }

    async fn handle_call(&mut self, call: Call, from: Caller<Term>) -> CallReturn<Self> {
        match call {
            Call::Get => CallReturn::Reply(Term::Int(self.n)),
            Call::Defer => {
                send_tagged(self.to, "deferring", true);
                self.waiting = Some(from);
                CallReturn::NoReply
            }
        }
    }

    async fn handle_cast(&mut self, cast: Cast) -> Return<Self> {
        match cast {
            Cast::Add(k) => self.n += k,
            Cast::Release(v) => {
                if let Some(from) = self.waiting.take() {
                    gen_server::reply(from, v);
                }
            }
        }
        Return::NoReply
    }
}

/// The raw process's protocol: `:hi` in, `{:echo, :hi}` out.
struct Raw;

impl Protocol for Raw {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    let c = gen_server::start_link::<Counter>((40, me), Default::default())
        .await
        .unwrap();
    gen_server::cast(&c, Cast::Add(2));
    out.show("cast", &Term::atom("ok"));
    out.show(
        "call",
        &gen_server::call(&c, Call::Get, Timeout::DEFAULT).await,
    );

    let caller = c.clone();
    process::spawn_link(async move {
        let v = gen_server::call(&caller, Call::Defer, Timeout::DEFAULT).await;
        send_tagged(me, "deferred", v);
    });
    // The server is free while the deferred call waits.
    out.show(
        "get while deferred",
        &gen_server::call(&c, Call::Get, Timeout::DEFAULT).await,
    );
    recv::<bool>("deferring").await;
    gen_server::cast(&c, Cast::Release(Term::atom("later")));
    out.show("deferred", &recv::<Term>("deferred").await);
    out.show("messages", &messages().await);

    let raw = process::spawn_link(async move {
        let call = recv_any::<GenCall<Term, Term>>().await;
        send_tagged(
            me,
            "raw_got",
            (call.from.pid, call.from.tag, call.request.clone()),
        );
        gen_server::reply(call.from, Term::tuple([Term::atom("echo"), call.request]));
    });
    let raw_server = Server::<Raw>::from_pid(raw);
    out.show(
        "raw call",
        &gen_server::call(&raw_server, Term::atom("hi"), Timeout::DEFAULT).await,
    );
    let (from_pid, _tag, req) = recv::<(Pid, extask::Ref, Term)>("raw_got").await;
    out.show(
        "raw got",
        &Term::tuple([boolean(from_pid == me), boolean(true), req]),
    );

    let caster = process::spawn_link(async move {
        let m = recv_any::<GenCast<Term>>().await;
        send_tagged(me, "cast_got", m);
    });
    gen_server::cast(&Server::<Raw>::from_pid(caster), Term::atom("c1"));
    out.show("raw cast", &recv::<GenCast<Term>>("cast_got").await);
    let dead = Server::<Raw>::from_pid(process::spawn(async {}));
    gen_server::cast(&dead, Term::atom("x"));
    out.show("cast to dead", &Term::atom("ok"));
}
