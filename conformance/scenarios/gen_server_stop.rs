//! Twin of `gen_server_stop.exs`: `GenServer.stop/3` and `terminate/2`.

use crate::log_capture::capture_log_about;
use crate::support::*;
use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Server};
use extask::inspect::{Doc, Inspect, Term};
use extask::{ExitReason, Pid, Timeout, process};

/// Elixir's keyword list of options, kept as the state.
#[derive(Clone)]
struct Opts {
    to: Pid,
    sleep: Option<u64>,
    exit: Option<ExitReason>,
}

impl Inspect for Opts {
    fn to_doc(&self) -> Doc {
        let mut items = vec![format!("to: {:?}", self.to)];
        if let Some(ms) = self.sleep {
            items.push(format!("sleep: {ms}"));
        }
        if let Some(r) = &self.exit {
            items.push(format!("exit: {r:?}"));
        }
        Doc::text(format!("[{}]", items.join(", ")))
    }
}

struct Stopper(Opts);

impl Inspect for Stopper {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

impl Protocol for Stopper {
    type Call = Term;
    type Reply = Term;
    type Cast = ();
}

impl GenServer for Stopper {
    type Arg = Opts;
    type Info = ();
    type Continue = ();

    async fn init(opts: Opts) -> Init<Self> {
        Init::Ok(Stopper(opts))
    }

    async fn handle_call(&mut self, _: Term, _: Caller<Term>) -> CallReturn<Self> {
        CallReturn::Stop(ExitReason::Normal, Term::atom("bye"))
    }

    async fn terminate(&mut self, reason: &ExitReason) {
        send_tagged(self.0.to, "terminate", reason.clone());
        if let Some(ms) = self.0.sleep {
            sleep(ms).await;
        }
        if let Some(r) = self.0.exit.clone() {
            die!(r);
        }
    }
}

async fn start(opts: Opts) -> Server<Stopper> {
    gen_server::start::<Stopper>(opts, Default::default())
        .await
        .unwrap()
}

pub(crate) async fn run(out: Out) {
    let me = process::self_pid();
    let plain = Opts {
        to: me,
        sleep: None,
        exit: None,
    };
    let shutdown_x = reason_of(Term::tuple([Term::atom("shutdown"), Term::atom("x")]));
    for r in [ExitReason::Normal, ExitReason::Shutdown, shutdown_x] {
        let s = start(plain.clone()).await;
        let label = format!("stop {r:?}");
        gen_server::stop(&s, r, Timeout::Infinity).await;
        out.show(&label, &Term::atom("ok"));
        out.show("terminate", &recv::<ExitReason>("terminate").await);
    }

    let s = start(plain.clone()).await;
    gen_server::stop(&s, ExitReason::Normal, Timeout::Infinity).await;
    let dead = gen_server::try_stop(&s, ExitReason::Normal, Timeout::Infinity).await;
    out.show("dead", &caught(dead));
    recv::<ExitReason>("terminate").await;
    let nope = Server::<Stopper>::named("nope");
    let unknown = gen_server::try_stop(&nope, ExitReason::Normal, Timeout::Infinity).await;
    out.show("unknown", &caught(unknown));

    let s = start(Opts {
        sleep: Some(300),
        ..plain.clone()
    })
    .await;
    let r = process::monitor(s.pid());
    let slow = gen_server::try_stop(&s, ExitReason::Normal, Timeout::Ms(50)).await;
    out.show("slow", &caught(slow));
    out.show("alive", &boolean(process::alive(s.pid())));
    out.show("then", &wait_down(r).await);
    recv::<ExitReason>("terminate").await;

    let s = start(Opts {
        exit: Some(reason("other_reason")),
        ..plain.clone()
    })
    .await;
    let log = capture_log_about(async {
        let changed = gen_server::try_stop(&s, reason("change"), Timeout::Infinity).await;
        out.show("exit in terminate", &caught(changed));
        vec![format!("{:?}", s.pid())]
    })
    .await;
    recv::<ExitReason>("terminate").await;
    out.puts(log.trim_end_matches('\n'));

    let s = start(plain.clone()).await;
    let bye = gen_server::call(&s, Term::atom("stop_reply"), Timeout::DEFAULT).await;
    out.show("stop_reply", &bye);
    let first: Option<(Tag, ExitReason)> =
        process::receive_with(extask::messages::take::<(Tag, ExitReason)>, Timeout::Ms(0)).await;
    let shown = match first {
        Some((_, r)) => format!("[terminate: {r:?}]"),
        None => "[]".to_owned(),
    };
    out.puts(format!("terminate came first: {shown}"));

    let own = Server::<Stopper>::from_pid(me);
    let own = gen_server::try_stop(&own, ExitReason::Normal, Timeout::Infinity).await;
    out.show("self", &caught(own));
}
