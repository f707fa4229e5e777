//! Twin of `gen_server_task_pattern.exs`, written with `#[extask::gen_server]`.

use crate::support::*;
use extask::gen_server::{self, Info, Init, Return, StartOptions};
use extask::inspect::{Atom, Doc, Inspect, Term};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Pid, Ref, process};
use std::collections::HashMap;

struct Jobs {
    sup: TaskSupervisor,
    watcher: Pid,
    /// The tasks in flight, by their ref: the job's name.
    refs: HashMap<Ref, Atom>,
}

impl Inspect for Jobs {
    fn to_doc(&self) -> Doc {
        Term::atom("jobs").to_doc()
    }
}

/// `{:settled, name, outcome}`.
#[derive(Inspect)]
struct Settled(Atom, Outcome);

#[derive(Inspect)]
enum Outcome {
    Ok(Atom),
    Down(ExitReason),
}

#[extask::gen_server]
impl Jobs {
    async fn init((sup, watcher): (TaskSupervisor, Pid)) -> Init<Self> {
        Init::Ok(Jobs {
            sup,
            watcher,
            refs: HashMap::new(),
        })
    }

    #[call]
    async fn run(&mut self, name: Atom, ms: u64, outcome: Atom) -> Atom {
        let task = self
            .sup
            .async_nolink(async move {
                sleep(ms).await;
                if outcome == atom("raise") {
                    raise("oops")
                } else {
                    outcome
                }
            })
            .await;
        // The `Task` is dropped unawaited: its reply and `:DOWN` arrive as
        // messages, as in Elixir.
        self.refs.insert(task.r#ref, name);
        atom("started")
    }

    #[call]
    fn in_flight(&mut self) -> usize {
        self.refs.len()
    }

    #[call]
    async fn mailbox(&mut self) -> Term {
        messages().await
    }

    async fn handle_info(&mut self, msg: Info<(Ref, Atom)>) -> Return<Self> {
        match msg {
            Info::Msg((r, result)) if self.refs.contains_key(&r) => {
                process::demonitor_flush(r);
                let name = self.refs.remove(&r).expect("in flight");
                process::send(self.watcher, Settled(name, Outcome::Ok(result)));
            }
            Info::Down(down) if self.refs.contains_key(&down.r#ref) => {
                let name = self.refs.remove(&down.r#ref).expect("in flight");
                process::send(self.watcher, Settled(name, Outcome::Down(down.reason)));
            }
            _ => {}
        }
        Return::NoReply
    }
}

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let arg = (sup, process::self_pid());
    let server = gen_server::start_link::<Jobs>(arg, StartOptions::new())
        .await
        .expect("started");
    let started = Jobs::run(&server, atom("fast"), 200, atom("fine")).await;
    out.show("run fast", &started);
    let started = Jobs::run(&server, atom("crash"), 600, atom("raise")).await;
    out.show("run crash", &started);
    out.show("in flight", &Jobs::in_flight(&server).await);
    out.show("first", &recv_any::<Settled>().await);
    out.show("second", &recv_any::<Settled>().await);
    out.show("in flight", &Jobs::in_flight(&server).await);
    out.show("server mailbox", &Jobs::mailbox(&server).await);
    out.show("server alive", &process::alive(server.pid()));
    out.show("messages", &messages().await);
}
