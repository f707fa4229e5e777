//! Twin of `gen_server_crash_report.exs`: what is logged when a GenServer
//! stops abnormally, and the default `handle_info/2`'s line.

use crate::log_capture::capture_log_about;
use crate::support::*;
use extask::gen_server::{
    self, CallReturn, Caller, GenServer, Info, Init, Protocol, Return, Server, StartOptions,
};
use extask::inspect::{Doc, Inspect, Term};
use extask::{Exception, ExitReason, Timeout, process};
use std::future::Future;

/// The state, as Elixir prints it.
struct Crashy(&'static str);

impl Inspect for Crashy {
    fn to_doc(&self) -> Doc {
        Doc::text(self.0)
    }
}

impl Protocol for Crashy {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

impl GenServer for Crashy {
    type Arg = &'static str;
    type Info = Term;
    type Continue = ();

    async fn init(state: &'static str) -> Init<Self> {
        Init::Ok(Crashy(state))
    }

    async fn handle_call(&mut self, _: Term, _: Caller<Term>) -> CallReturn<Self> {
        raise("crash in call")
    }

    async fn handle_cast(&mut self, _: Term) -> Return<Self> {
        die!(reason("cast_exit"))
    }

    async fn handle_info(&mut self, _: Info<Term>) -> Return<Self> {
        std::panic::panic_any(Exception {
            module: "ArgumentError",
            message: "bad info".into(),
        })
    }
}

/// A server with only `init/1` (and a call to wait on, where Elixir uses
/// `:sys.get_state/1`).
struct Plain;

impl Inspect for Plain {
    fn to_doc(&self) -> Doc {
        Doc::text(":s")
    }
}

impl Protocol for Plain {
    type Call = ();
    type Reply = ();
    type Cast = ();
}

impl GenServer for Plain {
    type Arg = ();
    type Info = Term;
    type Continue = ();

    async fn init((): ()) -> Init<Self> {
        Init::Ok(Plain)
    }

    async fn handle_call(&mut self, (): (), _: Caller<()>) -> CallReturn<Self> {
        CallReturn::Reply(())
    }
}

async fn report<F, Fut>(out: &Out, state: &'static str, opts: StartOptions, act: F)
where
    F: FnOnce(Server<Crashy>) -> Fut,
    Fut: Future<Output = ()>,
{
    let subject = match &opts.name {
        Some(name) => format!("{name:?}"),
        None => String::new(),
    };
    let s = gen_server::start::<Crashy>(state, opts).await.unwrap();
    let r = process::monitor(s.pid());
    let pid = format!("{:?}", s.pid());
    let log = capture_log_about(async {
        act(s).await;
        wait_down(r).await;
        vec![pid, subject]
    })
    .await;
    if !log.is_empty() {
        out.puts(log.strip_suffix('\n').unwrap_or(&log));
    }
}

pub(crate) async fn run(out: Out) {
    let none = StartOptions::new;
    report(&out, ":st", none(), |s| async move {
        let _ = gen_server::try_call(&s, Term::atom("crash"), Timeout::DEFAULT).await;
    })
    .await;
    report(&out, "%{n: 1}", none(), |s| async move {
        gen_server::cast(&s, Term::atom("exit"));
    })
    .await;
    report(&out, "[1, 2]", none(), |s| async move {
        process::send(s.pid(), Term::atom("raise"));
    })
    .await;
    report(&out, "0", none(), |s| async move {
        gen_server::stop(&s, reason("bad"), Timeout::Infinity).await;
    })
    .await;
    let named = StartOptions::new().name("gs_report_named");
    report(&out, ":named_state", named, |s| async move {
        gen_server::cast(&s, Term::atom("exit"));
    })
    .await;
    report(&out, ":quiet", none(), |s| async move {
        gen_server::stop(&s, ExitReason::Shutdown, Timeout::Infinity).await;
    })
    .await;

    let p = gen_server::start::<Plain>((), StartOptions::new())
        .await
        .unwrap();
    let log = capture_log_about(async {
        process::send(p.pid(), Term::atom("unexpected"));
        gen_server::call(&p, (), Timeout::DEFAULT).await;
        vec![format!("{:?}", p.pid())]
    })
    .await;
    out.puts(log.trim_end_matches('\n'));
}
