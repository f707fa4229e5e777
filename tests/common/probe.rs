//! A GenServer for the behaviour tests: each request exercises one return
//! shape or failure, and the server tells its `watcher` what its callbacks
//! saw (`Seen`), so a test can assert the order of events.
#![allow(dead_code, unreachable_pub, reason = "each test crate uses a subset")]

use extask::gen_server::{CallReturn, Caller, Extra, GenServer, Info, Init, Protocol, Return};
use extask::inspect::{Inspect, Term};
use extask::{ExitReason, Pid, Timeout, process};

/// How `init` ends.
pub enum Start {
    Ok,
    Continue,
    Ignore,
    Stop(ExitReason),
    Panic,
    Sleep(u64),
    TrapExits,
}

#[derive(Inspect)]
pub enum Req {
    Get,
    Crash,
    Exit,
    Throw,
    StopReply,
    StopNoReply,
    Sleep(u64),
    Defer,
    ReplyThenTimeout(u64),
    ReplyThenContinue,
    Unhandled,
}

#[derive(Inspect)]
pub enum Cast {
    Add(i64),
    Release(i64),
    Crash,
}

/// What a callback saw, sent to the watcher.
#[derive(Debug, PartialEq)]
pub enum Seen {
    Terminate(String),
    Timeout,
    Continued,
    Info(String),
}

#[derive(Inspect)]
pub struct Probe {
    pub n: i64,
    #[inspect(skip)]
    pub watcher: Pid,
    #[inspect(skip)]
    pub deferred: Option<Caller<i64>>,
    #[inspect(skip)]
    pub terminate_sleeps: u64,
    #[inspect(skip)]
    pub terminate_exits: Option<ExitReason>,
}

pub struct Arg {
    pub start: Start,
    pub watcher: Pid,
    pub terminate_sleeps: u64,
    pub terminate_exits: Option<ExitReason>,
}

impl Arg {
    pub fn new(start: Start) -> Arg {
        Arg {
            start,
            watcher: process::self_pid(),
            terminate_sleeps: 0,
            terminate_exits: None,
        }
    }
}

impl Protocol for Probe {
    type Call = Req;
    type Reply = i64;
    type Cast = Cast;
}

impl GenServer for Probe {
    type Arg = Arg;
    type Info = &'static str;
    type Continue = &'static str;

    async fn init(arg: Arg) -> Init<Self> {
        let probe = Probe {
            n: 0,
            watcher: arg.watcher,
            deferred: None,
            terminate_sleeps: arg.terminate_sleeps,
            terminate_exits: arg.terminate_exits,
        };
        match arg.start {
            Start::Ok => Init::Ok(probe),
            Start::Continue => {
                // Sent by init itself: handle_continue still comes first.
                process::send(process::self_pid(), "from init");
                Init::OkThen(probe, Extra::Continue("go"))
            }
            Start::Ignore => Init::Ignore,
            Start::Stop(r) => Init::Stop(r),
            Start::Panic => panic!("init boom"),
            Start::Sleep(ms) => {
                process::sleep(Timeout::Ms(ms)).await;
                Init::Ok(probe)
            }
            Start::TrapExits => {
                process::trap_exit(true);
                Init::Ok(probe)
            }
        }
    }

    async fn handle_call(&mut self, req: Req, from: Caller<i64>) -> CallReturn<Self> {
        match req {
            Req::Get => CallReturn::Reply(self.n),
            Req::Crash => panic!("crash in call"),
            Req::Exit => match process::exit_self(ExitReason::atom("exit_in_call")).await {},
            Req::Throw => extask::process::throw(Term::atom("deep")),
            Req::StopReply => CallReturn::Stop(ExitReason::Normal, -1),
            Req::StopNoReply => CallReturn::StopNoReply(ExitReason::atom("stopped")),
            Req::Sleep(ms) => {
                process::sleep(Timeout::Ms(ms)).await;
                CallReturn::Reply(ms as i64)
            }
            Req::Defer => {
                self.deferred = Some(from);
                process::send(self.watcher, Seen::Info("deferred".into()));
                CallReturn::NoReply
            }
            Req::ReplyThenTimeout(ms) => CallReturn::ReplyThen(self.n, Extra::Timeout(ms.into())),
            Req::ReplyThenContinue => CallReturn::ReplyThen(self.n, Extra::Continue("after reply")),
            Req::Unhandled => CallReturn::Reply(0),
        }
    }

    async fn handle_cast(&mut self, msg: Cast) -> Return<Self> {
        match msg {
            Cast::Add(k) => self.n += k,
            Cast::Release(v) => {
                if let Some(from) = self.deferred.take() {
                    extask::gen_server::reply(from, v);
                }
            }
            Cast::Crash => panic!("crash in cast"),
        }
        Return::NoReply
    }

    async fn handle_info(&mut self, msg: Info<&'static str>) -> Return<Self> {
        let seen = match msg {
            Info::Timeout => Seen::Timeout,
            other => Seen::Info(extask::inspect::inspect(&other)),
        };
        process::send(self.watcher, seen);
        Return::NoReply
    }

    async fn handle_continue(&mut self, c: &'static str) -> Return<Self> {
        process::send(self.watcher, Seen::Continued);
        process::send(self.watcher, Seen::Info(c.to_owned()));
        Return::NoReply
    }

    async fn terminate(&mut self, reason: &ExitReason) {
        process::send(self.watcher, Seen::Terminate(format!("{reason:?}")));
        if self.terminate_sleeps > 0 {
            process::sleep(Timeout::Ms(self.terminate_sleeps)).await;
        }
        if let Some(r) = self.terminate_exits.take() {
            match process::exit_self(r).await {}
        }
    }
}
