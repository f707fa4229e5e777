//! Twin of `gen_server_init.exs`: what `start`/`start_link` return for each
//! `init/1` outcome, `handle_continue` before any message, a taken name.

use crate::support::*;
use extask::gen_server::{
    self, Extra, GenServer, Info, Init, Protocol, Return, Server, StartOptions,
};
use extask::inspect::{Doc, Inspect, Term, inspect};
use extask::messages::Exit;
use extask::{Pid, process};

enum Arg {
    Ok,
    Ignore,
    Stop,
    Raise,
    Slow,
    Continue(Pid),
}

impl Inspect for Arg {
    fn to_doc(&self) -> Doc {
        Doc::text(match self {
            Arg::Ok => ":ok",
            Arg::Ignore => ":ignore",
            Arg::Stop => ":stop",
            Arg::Raise => ":raise",
            Arg::Slow => ":slow",
            Arg::Continue(_) => "{:continue, to}",
        })
    }
}

/// The state: whom to tell what it sees (`Pid::OUTSIDE`: nobody).
struct Srv(Pid);

impl Inspect for Srv {
    fn to_doc(&self) -> Doc {
        Doc::text(":s")
    }
}

impl Protocol for Srv {
    type Call = ();
    type Reply = ();
    type Cast = ();
}

impl GenServer for Srv {
    type Arg = Arg;
    type Info = &'static str;
    type Continue = &'static str;

    async fn init(arg: Arg) -> Init<Self> {
        match arg {
            Arg::Ok => Init::Ok(Srv(Pid::OUTSIDE)),
            Arg::Ignore => Init::Ignore,
            Arg::Stop => Init::Stop(reason("bad")),
            Arg::Raise => raise("init boom"),
            Arg::Slow => {
                sleep(1000).await;
                Init::Ok(Srv(Pid::OUTSIDE))
            }
            Arg::Continue(to) => {
                process::send(process::self_pid(), "from_init");
                Init::OkThen(Srv(to), Extra::Continue("go"))
            }
        }
    }

    async fn handle_continue(&mut self, c: &'static str) -> Return<Self> {
        let seen = Term::tuple([Term::atom("continue"), Term::Atom(atom(c))]);
        send_tagged(self.0, "seen", seen);
        Return::NoReply
    }

    async fn handle_info(&mut self, msg: Info<&'static str>) -> Return<Self> {
        if let Info::Msg(m) = msg {
            send_tagged(self.0, "seen", Term::Atom(atom(m)));
        }
        Return::NoReply
    }
}

fn shown(result: &Result<Server<Srv>, gen_server::StartError>) -> Term {
    match result {
        Ok(_) => Term::atom("ok_pid"),
        Err(e) => Term::of(e),
    }
}

pub(crate) async fn run(out: Out) {
    for arg in [Arg::Ok, Arg::Ignore, Arg::Stop, Arg::Raise] {
        let label = inspect(&arg);
        let result = gen_server::start::<Srv>(arg, StartOptions::new()).await;
        out.show(&label, &shown(&result));
    }
    let slow = gen_server::start::<Srv>(Arg::Slow, StartOptions::new().timeout(100u64)).await;
    out.show("slow", &shown(&slow));
    out.show("messages", &messages().await);

    let me = process::self_pid();
    let _ = gen_server::start::<Srv>(Arg::Continue(me), StartOptions::new()).await;
    out.show("first", &recv::<Term>("seen").await);
    out.show("second", &recv::<Term>("seen").await);

    process::trap_exit(true);
    let linked = gen_server::start_link::<Srv>(Arg::Stop, StartOptions::new()).await;
    out.show("start_link stop", &shown(&linked));
    let exit = recv_any::<Exit>().await;
    out.show("exit", &exit.reason);
    process::trap_exit(false);

    let caller = child(async {
        let _ = gen_server::start_link::<Srv>(Arg::Stop, StartOptions::new()).await;
        sleep_forever().await;
    })
    .await;
    out.show("linked caller", &caller);

    let named = StartOptions::new().name("gs_init_named");
    let first = gen_server::start::<Srv>(Arg::Ok, named.clone())
        .await
        .unwrap();
    let again = gen_server::start::<Srv>(Arg::Ok, named).await;
    let holder = extask::process::already_started(first.pid());
    let by_it = matches!(again, Err(gen_server::StartError::Error(r)) if r == holder);
    out.show("already started by it", &boolean(by_it));
    let found = Server::<Srv>::whereis("gs_init_named");
    out.show("whereis", &boolean(found == Some(first)));
}
