//! A GenServer and an Agent as supervised children: their child specs
//! (Elixir's `use GenServer` and `Agent.child_spec/1`), restarted with
//! their start argument anew, found by name after a restart.

mod common;

use common::run;
use extask::gen_server::{
    self, CallReturn, Caller, GenServer, Init, Protocol, Server, StartOptions,
};
use extask::inspect::{Inspect, inspect};
use extask::supervisor::{ChildPid, Options, Strategy, Supervisor};
use extask::{ExitReason, Timeout, agent, process};

#[derive(Inspect)]
struct Counter(i64);

#[derive(Inspect)]
enum Req {
    Get,
    Add(i64),
    Crash,
}

impl Protocol for Counter {
    type Call = Req;
    type Reply = i64;
    type Cast = ();
}

impl GenServer for Counter {
    type Arg = i64;
    type Info = ();
    type Continue = ();

    async fn init(start: i64) -> Init<Self> {
        Init::Ok(Counter(start))
    }

    async fn handle_call(&mut self, req: Req, _from: Caller<i64>) -> CallReturn<Self> {
        match req {
            Req::Get => CallReturn::Reply(self.0),
            Req::Add(k) => {
                self.0 += k;
                CallReturn::Reply(self.0)
            }
            Req::Crash => CallReturn::StopNoReply(ExitReason::atom("boom")),
        }
    }
}

fn pid_of(child: &ChildPid) -> extask::Pid {
    match child {
        ChildPid::Pid(pid) => *pid,
        other => panic!("not running: {}", inspect(other)),
    }
}

#[test]
fn specs_print_as_use_gen_server_and_agent_print_them() {
    let spec = gen_server::child_spec::<Counter>(3, StartOptions::new());
    assert_eq!(
        inspect(&spec),
        "%{id: Counter, start: {Counter, :start_link, [3]}}"
    );
    let spec = agent::child_spec(|| 0, StartOptions::new());
    assert_eq!(
        inspect(&spec),
        "%{id: Agent, start: {Agent, :start_link, [#Function<anonymous fn/0>]}}"
    );
}

#[test]
fn a_crashed_server_is_restarted_from_its_start_argument_under_its_name() {
    run(async {
        let children = vec![
            gen_server::child_spec::<Counter>(10, StartOptions::new().name("counter")),
            agent::child_spec(|| vec![1], StartOptions::new().name("list")),
        ];
        let sup = Supervisor::start_link(children, Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        let counter: Server<Counter> = Server::from_pid(process::whereis("counter").unwrap());
        assert_eq!(
            gen_server::call(&counter, Req::Add(5), Timeout::DEFAULT).await,
            15
        );
        let first = counter.pid();

        // The crash exits the calling process too: call from one we can lose.
        let r#ref = process::monitor(process::spawn(async move {
            gen_server::call(&counter, Req::Crash, Timeout::DEFAULT).await;
        }));
        common::down(r#ref).await;
        let info = sup.which_children().await;
        let restarted = info.iter().find(|c| inspect(&c.id) == "Counter").unwrap();
        let second = pid_of(&restarted.pid);
        assert_ne!(second, first);
        assert_eq!(process::whereis("counter"), Some(second));
        let counter: Server<Counter> = Server::from_pid(second);
        assert_eq!(
            gen_server::call(&counter, Req::Get, Timeout::DEFAULT).await,
            10
        );

        // The agent's state is made anew by its function.
        let list = agent::Agent::<Vec<i32>>::whereis("list").unwrap();
        agent::update(&list, |v| v.push(2), Timeout::DEFAULT).await;
        process::exit(list.pid(), ExitReason::atom("kill_it"));
        common::ended(list.pid()).await;
        let info = sup.which_children().await;
        let agent_child = info.iter().find(|c| inspect(&c.id) == "Agent").unwrap();
        let list = agent::Agent::<Vec<i32>>::whereis("list").unwrap();
        assert_eq!(list.pid(), pid_of(&agent_child.pid));
        assert_eq!(
            agent::get(&list, |v| v.clone(), Timeout::DEFAULT).await,
            vec![1]
        );
        sup.stop(ExitReason::Normal).await;
        assert_eq!(process::whereis("counter"), None);
    });
}
