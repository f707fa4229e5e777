//! Twin of `gen_server_timeouts.exs`: a return's timeout, a message that
//! cancels it, `{:continue, c}` after a reply.

use crate::support::*;
use extask::gen_server::{
    self, CallReturn, Caller, Extra, GenServer, Info, Init, Protocol, Return,
};
use extask::inspect::{Doc, Inspect, Term};
use extask::{Pid, Timeout, process};

struct Timer(Pid);

impl Inspect for Timer {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

#[derive(Inspect)]
enum Call {
    Arm,
    ArmLong,
    ThenContinue,
    Ping,
}

impl Protocol for Timer {
    type Call = Call;
    type Reply = Term;
    type Cast = ();
}

impl GenServer for Timer {
    type Arg = Pid;
    type Info = Term;
    type Continue = &'static str;

    async fn init(to: Pid) -> Init<Self> {
        Init::OkThen(Timer(to), Extra::Timeout(Timeout::Ms(50)))
    }

    async fn handle_call(&mut self, call: Call, _: Caller<Term>) -> CallReturn<Self> {
        let armed = Term::atom("armed");
        match call {
            Call::Arm => CallReturn::ReplyThen(armed, Extra::Timeout(Timeout::Ms(100))),
            Call::ArmLong => CallReturn::ReplyThen(armed, Extra::Timeout(Timeout::Ms(2000))),
            Call::ThenContinue => {
                CallReturn::ReplyThen(Term::atom("replied"), Extra::Continue("after"))
            }
            Call::Ping => CallReturn::Reply(Term::atom("pong")),
        }
    }

    async fn handle_continue(&mut self, c: &'static str) -> Return<Self> {
        send_tagged(
            self.0,
            "seen",
            Term::tuple([Term::atom("continue"), Term::Atom(atom(c))]),
        );
        Return::NoReply
    }

    async fn handle_info(&mut self, msg: Info<Term>) -> Return<Self> {
        let seen = match msg {
            Info::Msg(m) => m,
            other => Term::of(&other),
        };
        send_tagged(self.0, "seen", seen);
        Return::NoReply
    }
}

pub(crate) async fn run(out: Out) {
    let t = gen_server::start::<Timer>(process::self_pid(), Default::default())
        .await
        .unwrap();
    let call = |c| gen_server::call(&t, c, Timeout::DEFAULT);
    out.show("after init", &recv::<Term>("seen").await);
    out.show("arm", &call(Call::Arm).await);
    out.show("after reply", &recv::<Term>("seen").await);
    out.show("arm long", &call(Call::ArmLong).await);
    process::send(t.pid(), Term::atom("hello"));
    out.show("message", &recv::<Term>("seen").await);
    out.show("ping", &call(Call::Ping).await);
    out.show("then_continue", &call(Call::ThenContinue).await);
    out.show("continued", &recv::<Term>("seen").await);
    out.show("messages", &messages().await);
}
