//! Twin of `gen_server_call_errors.exs`: the exits of a failed
//! `GenServer.call`, caught as the `Err` of `try_call`.

use crate::support::*;
use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Server};
use extask::inspect::{Atom, Inspect, Term, inspect};
use extask::{ExitReason, Timeout, process};

#[derive(Inspect)]
struct Srv(Atom);

#[derive(Inspect, Clone, Copy)]
enum Call {
    Sleep(u64),
    Get,
    Crash,
    Exit,
    StopNoreply,
    StopReply,
    Throw,
}

impl Protocol for Srv {
    type Call = Call;
    type Reply = Term;
    type Cast = ();
}

impl GenServer for Srv {
    type Arg = ();
    type Info = ();
    type Continue = ();

    async fn init((): ()) -> Init<Self> {
        Init::Ok(Srv(atom("st")))
    }

    async fn handle_call(&mut self, call: Call, _: Caller<Term>) -> CallReturn<Self> {
        match call {
            Call::Sleep(ms) => {
                sleep(ms).await;
                CallReturn::Reply(Term::from(ms))
            }
            Call::Get => CallReturn::Reply(Term::Atom(self.0.clone())),
            Call::Crash => raise("crash in call"),
            Call::Exit => die!(reason("exit_in_call")),
            Call::StopNoreply => CallReturn::StopNoReply(reason("stopped")),
            Call::StopReply => CallReturn::Stop(ExitReason::Normal, Term::atom("bye")),
            Call::Throw => process::throw(Term::atom("deep")),
        }
    }
}

async fn start() -> Server<Srv> {
    gen_server::start::<Srv>((), Default::default())
        .await
        .unwrap()
}

pub(crate) async fn run(out: Out) {
    let s = start().await;
    let timeout = gen_server::try_call(&s, Call::Sleep(200), Timeout::Ms(50)).await;
    out.show("timeout", &caught(timeout));
    out.show(
        "after",
        &gen_server::call(&s, Call::Get, Timeout::DEFAULT).await,
    );
    out.show("messages", &messages().await);

    for req in [Call::Crash, Call::Exit, Call::StopNoreply, Call::Throw] {
        let s = start().await;
        let r = process::monitor(s.pid());
        let result = gen_server::try_call(&s, req, Timeout::DEFAULT).await;
        out.show(&inspect(&req), &caught(result));
        out.show("server", &wait_down(r).await);
    }

    let s = start().await;
    let r = process::monitor(s.pid());
    out.show(
        "stop_reply",
        &gen_server::call(&s, Call::StopReply, Timeout::DEFAULT).await,
    );
    out.show("server", &wait_down(r).await);
    let dead = gen_server::try_call(&s, Call::Get, Timeout::DEFAULT).await;
    out.show("dead", &caught(dead));
    let unknown = Server::<Srv>::named("not_registered");
    let unknown = gen_server::try_call(&unknown, Call::Get, Timeout::DEFAULT).await;
    out.show("unknown name", &caught(unknown));
    let me = Server::<Srv>::from_pid(process::self_pid());
    let own = gen_server::try_call(&me, Call::Get, Timeout::DEFAULT).await;
    out.show("self", &caught(own));
    out.show("messages", &messages().await);
}
