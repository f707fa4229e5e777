//! The Rust server twin of the cross-node scenarios (`server.exs` is the
//! Elixir one; keep them in step): on the Rust node `srv@127.0.0.1`,
//! - `:ctl`, a GenServer of `Term`s: `:ready`; `:worker`; `{:start, name}`;
//!   `{:call, to, req, ms}` / `{:stop, to, reason, ms}` / `{:cast, to,
//!   msg}` (this node calls a client's server through
//!   `gen_server::try_call`/`try_stop`/`cast`);
//!   `{:task, {sup, node}, m, f, args}` (`dist::async_remote` + await);
//! - `:echo`, a worker;
//! - `:tsup`, a `TaskSupervisor` running `M.add/2`, `M.boom/0`, `M.sleep/1`.

use extask::dist::{self, Remote, TermProtocol};
use extask::gen_server::StartOptions;
use extask::gen_server::{self, CallReturn, Caller, GenServer, Init, Protocol, Return, Server};
use extask::inspect::{Doc, Inspect, Term, inspect};
use extask::messages::{Down, Exit, take};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Timeout, make_ref, process};

fn atom(name: &'static str) -> Term {
    Term::atom(name)
}

fn tuple<const N: usize>(items: [Term; N]) -> Term {
    Term::tuple(items)
}

/// Starts the twin's processes on the running node.
pub async fn start() {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new().name("tsup")).await;
    assert!(sup.is_ok(), "the :tsup supervisor starts");
    dist::register_mfa("M", "add", |args: Vec<Term>| async move {
        match args.as_slice() {
            [Term::Int(a), Term::Int(b)] => Term::Int(a + b),
            _ => atom("badarg"),
        }
    });
    dist::register_mfa("M", "boom", |_| async { panic!("task boom") });
    dist::register_mfa("M", "sleep", |args: Vec<Term>| async move {
        if let [Term::Int(ms)] = args.as_slice() {
            process::sleep(*ms as u64).await;
        }
        atom("slept")
    });
    process::register(process::spawn(worker()), "echo").unwrap();
    let ctl = gen_server::start::<Ctl>((), StartOptions::new().name("ctl")).await;
    assert!(ctl.is_ok(), ":ctl starts");
}

/// `Worker.loop/0`.
async fn worker() {
    while let Some(msg) = process::receive_with(take::<Term>, Timeout::Infinity).await {
        if msg.is_atom("call_crash") {
            // A failed local call exits the worker with its call reason.
            let Ok(s) = gen_server::start::<Srv>((), StartOptions::new()).await else {
                continue;
            };
            gen_server::call(&s, atom("crash"), Timeout::DEFAULT).await;
        }
        let Term::Tuple(items) = msg else { continue };
        match items.as_slice() {
            [tag, reason] if tag.is_atom("exit") => {
                process::exit_self(ExitReason::from(reason.clone())).await;
            }
            [tag, Term::Pid(pid), Term::Pid(from)] if tag.is_atom("link_trap") => {
                process::trap_exit(true);
                process::link(*pid).await;
                process::send(*from, atom("linked"));
                if let Some(e) = process::receive_with(take::<Exit>, Timeout::Infinity).await {
                    let exit = tuple([atom("EXIT"), Term::Pid(e.from), dist::exit_term(&e.reason)]);
                    process::send(*from, tuple([atom("worker_got"), exit]));
                }
            }
            [tag, Term::Pid(pid), Term::Pid(from)] if tag.is_atom("monitor") => {
                process::monitor(*pid);
                process::send(*from, atom("monitoring"));
                if let Some(d) = process::receive_with(take::<Down>, Timeout::Infinity).await {
                    let down = tuple([
                        atom("DOWN"),
                        Term::Ref(d.r#ref),
                        atom("process"),
                        Term::Pid(d.pid),
                        dist::exit_term(&d.reason),
                    ]);
                    process::send(*from, tuple([atom("worker_got"), down]));
                }
            }
            [tag, Term::Pid(from), term] if tag.is_atom("inspect") => {
                let shown = Term::from(inspect(term).as_str());
                process::send(*from, tuple([atom("inspected"), shown]));
            }
            [tag, Term::Pid(from)] if tag.is_atom("ref") => {
                process::send(*from, tuple([atom("ref"), Term::Ref(make_ref())]));
            }
            [Term::Pid(from), m] => {
                let me = Term::Pid(process::self_pid());
                process::send(*from, tuple([atom("echo"), me, m.clone()]));
            }
            _ => {}
        }
    }
}

/// `Srv`: a GenServer of `Term`s.
struct Srv(Term);

impl Inspect for Srv {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

impl Protocol for Srv {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

impl GenServer for Srv {
    type Arg = ();
    type Info = ();
    type Continue = ();

    async fn init(_: ()) -> Init<Self> {
        Init::Ok(Srv(Term::Int(0)))
    }

    async fn handle_call(&mut self, req: Term, _: Caller<Term>) -> CallReturn<Self> {
        if req.is_atom("ping") {
            return CallReturn::Reply(atom("pong"));
        }
        if req.is_atom("get") {
            return CallReturn::Reply(self.0.clone());
        }
        if req.is_atom("crash") {
            return CallReturn::StopNoReply(ExitReason::atom("boom"));
        }
        if req.is_atom("raise") {
            panic!("bad");
        }
        match &req {
            Term::Tuple(t) => match t.as_slice() {
                [tag, Term::Int(ms)] if tag.is_atom("sleep") => {
                    process::sleep(*ms as u64).await;
                    CallReturn::Reply(atom("slept"))
                }
                [tag, reason] if tag.is_atom("stop") => {
                    CallReturn::Stop(ExitReason::from(reason.clone()), atom("bye"))
                }
                _ => CallReturn::Reply(atom("unknown")),
            },
            _ => CallReturn::Reply(atom("unknown")),
        }
    }

    async fn handle_cast(&mut self, msg: Term) -> Return<Self> {
        if let Term::Tuple(t) = &msg
            && let [tag, n] = t.as_slice()
            && tag.is_atom("set")
        {
            self.0 = n.clone();
        }
        Return::NoReply
    }
}

/// `Ctl`.
struct Ctl;

impl Inspect for Ctl {
    fn to_doc(&self) -> Doc {
        Doc::text("nil")
    }
}

impl Protocol for Ctl {
    type Call = Term;
    type Reply = Term;
    type Cast = Term;
}

/// A call's `ms` argument.
fn timeout(ms: &Term) -> Timeout {
    match ms {
        Term::Int(ms) => Timeout::Ms(*ms as u64),
        _ => Timeout::Infinity,
    }
}

/// `{:ok, reply}` or `{:exit, reason}`, as `catch :exit` gives it.
fn caught(r: Result<Term, ExitReason>) -> Term {
    match r {
        Ok(v) => tuple([atom("ok"), v]),
        Err(e) => tuple([atom("exit"), dist::exit_term(&e)]),
    }
}

/// `to` as Elixir's `{name, node}` or a pid.
async fn call(to: &Term, req: Term, timeout: Timeout) -> Result<Term, ExitReason> {
    match to {
        Term::Pid(pid) => {
            gen_server::try_call(&Server::<TermProtocol>::from_pid(*pid), req, timeout).await
        }
        Term::Tuple(t) => match t.as_slice() {
            [Term::Atom(name), Term::Atom(node)] => {
                gen_server::try_call((name.name(), node.name()), req, timeout).await
            }
            _ => Err(ExitReason::atom("badarg")),
        },
        _ => Err(ExitReason::atom("badarg")),
    }
}

/// `GenServer.stop(to, reason, ms)`.
async fn stop(to: &Term, reason: ExitReason, timeout: Timeout) -> Result<(), ExitReason> {
    match to {
        Term::Pid(pid) => {
            gen_server::try_stop(&Server::<TermProtocol>::from_pid(*pid), reason, timeout).await
        }
        Term::Tuple(t) => match t.as_slice() {
            [Term::Atom(name), Term::Atom(node)] => {
                gen_server::try_stop((name.name(), node.name()), reason, timeout).await
            }
            _ => Err(ExitReason::atom("badarg")),
        },
        _ => Err(ExitReason::atom("badarg")),
    }
}

fn cast(to: &Term, msg: Term) {
    match to {
        Term::Pid(pid) => gen_server::cast(&Server::<TermProtocol>::from_pid(*pid), msg),
        Term::Tuple(t) => {
            if let [Term::Atom(name), Term::Atom(node)] = t.as_slice() {
                gen_server::cast((name.name(), node.name()), msg);
            }
        }
        _ => {}
    }
}

/// A task on a client's `Task.Supervisor`, as `Task.yield(t, 5000)` gives
/// its end: `{:ok, v}` or `{:exit, reason}`.
async fn task(sup: &Term, m: &Term, f: &Term, args: &Term) -> Term {
    let (Term::Tuple(sup), Term::Atom(m), Term::Atom(f), Term::List(args)) = (sup, m, f, args)
    else {
        return atom("badarg");
    };
    let [Term::Atom(name), Term::Atom(node)] = sup.as_slice() else {
        return atom("badarg");
    };
    let module = m.name().strip_prefix("Elixir.").unwrap_or(m.name());
    let started = dist::async_remote(
        Remote::name(name.name(), node.name()),
        module,
        f.name(),
        args.clone(),
    );
    let result = match started.await {
        Ok(t) => dist::await_remote(t, Timeout::Ms(5000)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(v) => tuple([atom("ok"), v]),
        Err(ExitReason::Call(c)) => tuple([atom("exit"), dist::exit_term(&c.reason)]),
        Err(e) => tuple([atom("exit"), dist::exit_term(&e)]),
    }
}

impl GenServer for Ctl {
    type Arg = ();
    type Info = ();
    type Continue = ();

    async fn init(_: ()) -> Init<Self> {
        Init::Ok(Ctl)
    }

    async fn handle_call(&mut self, req: Term, _: Caller<Term>) -> CallReturn<Self> {
        if req.is_atom("ready") {
            return CallReturn::Reply(atom("ready"));
        }
        if req.is_atom("worker") {
            return CallReturn::Reply(Term::Pid(process::spawn(worker())));
        }
        let Term::Tuple(t) = &req else {
            return CallReturn::Reply(atom("unknown"));
        };
        let reply = match t.as_slice() {
            [tag, Term::Atom(name)] if tag.is_atom("start") => {
                let name: &'static str = Box::leak(name.name().to_owned().into_boxed_str());
                match gen_server::start::<Srv>((), StartOptions::new().name(name)).await {
                    Ok(s) => tuple([atom("ok"), Term::Pid(s.pid())]),
                    Err(_) => atom("error"),
                }
            }
            [tag, to, req, ms] if tag.is_atom("call") => {
                caught(call(to, req.clone(), timeout(ms)).await)
            }
            [tag, to, reason, ms] if tag.is_atom("stop") => {
                let reason = ExitReason::from(reason.clone());
                caught(stop(to, reason, timeout(ms)).await.map(|()| atom("ok")))
            }
            [tag, to, msg] if tag.is_atom("cast") => {
                cast(to, msg.clone());
                atom("ok")
            }
            [tag, sup, m, f, args] if tag.is_atom("task") => task(sup, m, f, args).await,
            _ => atom("unknown"),
        };
        CallReturn::Reply(reply)
    }
}
