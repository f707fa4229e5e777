//! `GenServer`: start and init outcomes, call/cast/reply, the exits of a
//! failed call, terminate and stop, timeouts and continue, the wire protocol.

mod common;
#[path = "common/probe.rs"]
mod probe;

use common::{LONG, child_exit, drain, exit_reason, recv, run};
use extask::gen_server::{self, GenCall, Protocol, Server, StartError, StartOptions};
use extask::inspect::inspect;
use extask::{ExitReason, Timeout, process};
use probe::{Arg, Cast, Probe, Req, Seen, Start};

async fn started(start: Start) -> Server<Probe> {
    gen_server::start_link::<Probe>(Arg::new(start), StartOptions::new())
        .await
        .expect("started")
}

fn args(server: &Server<Probe>, rest: &str) -> String {
    format!("{:?}, {rest}", server.pid())
}

#[test]
fn call_returns_the_reply_and_cast_changes_the_state() {
    run(async {
        let s = started(Start::Ok).await;
        gen_server::cast(&s, Cast::Add(40));
        gen_server::cast(&s, Cast::Add(2));
        assert_eq!(gen_server::call(&s, Req::Get, Timeout::DEFAULT).await, 42);
        assert_eq!(
            drain().await,
            Vec::<String>::new(),
            "nothing of the call is left"
        );
    });
}

#[test]
fn init_outcomes_are_what_start_returns() {
    run(async {
        let ignore = gen_server::start::<Probe>(Arg::new(Start::Ignore), StartOptions::new()).await;
        assert_eq!(inspect(&ignore.err()), ":ignore");
        let stop = Arg::new(Start::Stop(ExitReason::atom("bad")));
        let stop = gen_server::start::<Probe>(stop, StartOptions::new()).await;
        assert_eq!(inspect(&stop.err()), "{:error, :bad}");
        let boom = gen_server::start::<Probe>(Arg::new(Start::Panic), StartOptions::new()).await;
        assert_eq!(
            inspect(&boom.err()),
            r#"{:error, {%RuntimeError{message: "init boom"}, []}}"#
        );
        let slow = Arg::new(Start::Sleep(5_000));
        let slow = gen_server::start_link::<Probe>(slow, StartOptions::new().timeout(50u64)).await;
        assert_eq!(
            slow.err(),
            Some(StartError::Error(ExitReason::atom("timeout")))
        );
        // The killed server left the (non-trapping) caller alive and its
        // mailbox empty.
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_failed_start_link_kills_a_caller_that_does_not_trap_exits() {
    run(async {
        let reason = child_exit(async {
            let arg = Arg::new(Start::Stop(ExitReason::atom("bad")));
            let result = gen_server::start_link::<Probe>(arg, StartOptions::new()).await;
            assert!(result.is_err());
            process::sleep(Timeout::Infinity).await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));
        // `:ignore` exits `:normal`, which the link ignores.
        let reason = child_exit(async {
            let arg = Arg::new(Start::Ignore);
            let result = gen_server::start_link::<Probe>(arg, StartOptions::new()).await;
            assert_eq!(result.err(), Some(StartError::Ignore));
        })
        .await;
        assert_eq!(reason, ExitReason::Normal);
    });
}

#[test]
fn a_call_timeout_exits_with_the_call_and_the_late_reply_is_dropped() {
    run(async {
        let s = started(Start::Ok).await;
        let failed = gen_server::try_call(&s, Req::Sleep(200), Timeout::Ms(50)).await;
        assert_eq!(
            inspect(&failed.unwrap_err()),
            format!(
                "{{:timeout, {{GenServer, :call, [{}]}}}}",
                args(&s, "{:sleep, 200}, 50")
            )
        );
        // The server answers in order: once `Get` is answered, the late
        // reply was sent before it, and was dropped.
        assert_eq!(gen_server::call(&s, Req::Get, LONG).await, 0);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_dropped_call_deactivates_its_alias() {
    run(async {
        let s = started(Start::Ok).await;
        let call = gen_server::try_call(&s, Req::Sleep(100), Timeout::Infinity);
        let lost = tokio::time::timeout(std::time::Duration::from_millis(20), call).await;
        assert!(lost.is_err());
        assert_eq!(gen_server::call(&s, Req::Get, LONG).await, 0);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn calls_to_no_process_or_to_itself_exit_with_elixirs_reasons() {
    run(async {
        let s = started(Start::Ok).await;
        gen_server::stop(&s, ExitReason::Normal, Timeout::Infinity).await;
        let dead = gen_server::try_call(&s, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&dead.unwrap_err()),
            format!(
                "{{:noproc, {{GenServer, :call, [{}]}}}}",
                args(&s, ":get, 5000")
            )
        );
        let me = Server::<Probe>::from_pid(process::self_pid());
        let own = gen_server::try_call(&me, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&own.unwrap_err()),
            format!(
                "{{:calling_self, {{GenServer, :call, [{}]}}}}",
                args(&me, ":get, 5000")
            )
        );
        // A cast to a dead server is fine.
        gen_server::cast(&s, Cast::Add(1));
    });
}

#[test]
fn a_crash_in_a_callback_runs_terminate_and_exits_the_caller_with_it() {
    run(async {
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), StartOptions::new())
            .await
            .unwrap();
        let r = process::monitor(s.pid());
        let failed = gen_server::try_call(&s, Req::Crash, LONG)
            .await
            .unwrap_err();
        let raised = r#"{%RuntimeError{message: "crash in call"}, []}"#;
        assert_eq!(
            inspect(&failed),
            format!(
                "{{{raised}, {{GenServer, :call, [{}]}}}}",
                args(&s, ":crash, 5000")
            )
        );
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Terminate(raised.to_owned()))
        );
        assert_eq!(common::down(r).await.reason, failed.root_cause().clone());
    });
}

#[test]
fn exit_and_throw_in_a_callback_are_its_stop_reason() {
    run(async {
        let start = || gen_server::start::<Probe>(Arg::new(Start::Ok), StartOptions::new());
        let s = start().await.unwrap();
        let failed = gen_server::try_call(&s, Req::Exit, LONG).await.unwrap_err();
        assert_eq!(failed.root_cause(), &ExitReason::atom("exit_in_call"));
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Terminate(":exit_in_call".into()))
        );
        let s = start().await.unwrap();
        let failed = gen_server::try_call(&s, Req::Throw, LONG)
            .await
            .unwrap_err();
        assert_eq!(inspect(failed.root_cause()), "{:bad_return_value, :deep}");
    });
}

#[test]
fn stop_with_a_reply_terminates_before_replying() {
    run(async {
        let s = started(Start::Ok).await;
        let r = process::monitor(s.pid());
        assert_eq!(gen_server::call(&s, Req::StopReply, LONG).await, -1);
        // terminate/2 told us before the reply was sent.
        let seen = recv::<Seen>(Timeout::Ms(0)).await;
        assert_eq!(seen, Some(Seen::Terminate(":normal".into())));
        assert_eq!(common::down(r).await.reason, ExitReason::Normal);

        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), StartOptions::new())
            .await
            .unwrap();
        let failed = gen_server::try_call(&s, Req::StopNoReply, LONG)
            .await
            .unwrap_err();
        assert_eq!(
            inspect(&failed),
            format!(
                "{{:stopped, {{GenServer, :call, [{}]}}}}",
                args(&s, ":stop_no_reply, 5000")
            )
        );
    });
}

#[test]
fn a_deferred_reply_answers_the_waiting_caller() {
    run(async {
        // The watcher answers the deferred call once the server has it.
        let helper = process::spawn(async {
            let s = recv::<Server<Probe>>(LONG).await.unwrap();
            assert_eq!(
                recv::<Seen>(LONG).await,
                Some(Seen::Info("deferred".into()))
            );
            gen_server::cast(&s, Cast::Release(7));
        });
        let mut arg = Arg::new(Start::Ok);
        arg.watcher = helper;
        let s = gen_server::start_link::<Probe>(arg, StartOptions::new())
            .await
            .unwrap();
        process::send(helper, s.clone());
        assert_eq!(gen_server::call(&s, Req::Defer, LONG).await, 7);
    });
}

#[test]
fn continue_runs_before_any_message_and_after_the_reply() {
    run(async {
        let s = started(Start::Continue).await;
        assert_eq!(recv::<Seen>(LONG).await, Some(Seen::Continued));
        assert_eq!(recv::<Seen>(LONG).await, Some(Seen::Info("go".into())));
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Info("\"from init\"".into()))
        );
        assert_eq!(gen_server::call(&s, Req::ReplyThenContinue, LONG).await, 0);
        assert_eq!(recv::<Seen>(LONG).await, Some(Seen::Continued));
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Info("after reply".into()))
        );
    });
}

#[test]
fn a_return_timeout_sends_timeout_unless_a_message_comes_first() {
    run(async {
        let s = started(Start::Ok).await;
        assert_eq!(
            gen_server::call(&s, Req::ReplyThenTimeout(20), LONG).await,
            0
        );
        assert_eq!(recv::<Seen>(LONG).await, Some(Seen::Timeout));
        // A message within the timeout cancels it: only the message is seen
        // before the next call is answered.
        assert_eq!(
            gen_server::call(&s, Req::ReplyThenTimeout(2_000), LONG).await,
            0
        );
        process::send(s.pid(), "hello");
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Info("\"hello\"".into()))
        );
        assert_eq!(gen_server::call(&s, Req::Get, LONG).await, 0);
        assert_eq!(recv::<Seen>(Timeout::Ms(0)).await, None);
    });
}

#[test]
fn other_messages_reach_handle_info() {
    run(async {
        let s = started(Start::Ok).await;
        process::send(s.pid(), 5u8);
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Info("#Message<a value of another type>".into()))
        );
    });
}

#[test]
fn stop_runs_terminate_and_answers_by_the_down() {
    run(async {
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), StartOptions::new())
            .await
            .unwrap();
        gen_server::stop(&s, ExitReason::Shutdown, Timeout::Infinity).await;
        assert_eq!(
            recv::<Seen>(Timeout::Ms(0)).await,
            Some(Seen::Terminate(":shutdown".into()))
        );
        let again = gen_server::try_stop(&s, ExitReason::Normal, Timeout::Infinity).await;
        assert_eq!(
            inspect(&again.unwrap_err()),
            format!(
                "{{:noproc, {{GenServer, :stop, [{}]}}}}",
                args(&s, ":normal, :infinity")
            )
        );

        // A slow terminate: the stop times out and the server finishes.
        let mut slow = Arg::new(Start::Ok);
        slow.terminate_sleeps = 200;
        let s = gen_server::start::<Probe>(slow, StartOptions::new())
            .await
            .unwrap();
        let r = process::monitor(s.pid());
        let late = gen_server::try_stop(&s, ExitReason::Normal, Timeout::Ms(20)).await;
        assert_eq!(
            inspect(&late.unwrap_err()),
            format!(
                "{{:timeout, {{GenServer, :stop, [{}]}}}}",
                args(&s, ":normal, 20")
            )
        );
        assert_eq!(common::down(r).await.reason, ExitReason::Normal);

        // An exit in terminate/2 replaces the reason.
        let mut other = Arg::new(Start::Ok);
        other.terminate_exits = Some(ExitReason::atom("other_reason"));
        let s = gen_server::start::<Probe>(other, StartOptions::new())
            .await
            .unwrap();
        let changed = gen_server::try_stop(&s, ExitReason::atom("change"), Timeout::Infinity).await;
        assert_eq!(
            inspect(&changed.unwrap_err()),
            format!(
                "{{:other_reason, {{GenServer, :stop, [{}]}}}}",
                args(&s, ":change, :infinity")
            )
        );
        // Stopping itself.
        let me = Server::<Probe>::from_pid(process::self_pid());
        let own = gen_server::try_stop(&me, ExitReason::Normal, Timeout::Infinity).await;
        assert!(
            own.unwrap_err()
                .to_string()
                .contains("process attempted to call itself")
        );
    });
}

#[test]
fn a_trapping_server_terminates_when_its_parent_exits() {
    run(async {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let me = process::self_pid();
        let parent = process::spawn(async move {
            let mut arg = Arg::new(Start::TrapExits);
            arg.watcher = me;
            let s = gen_server::start_link::<Probe>(arg, StartOptions::new())
                .await
                .unwrap();
            let _ = tx.send(s);
            match process::exit_self(ExitReason::atom("custom")).await {}
        });
        let s = rx.await.unwrap();
        let _ = parent;
        assert_eq!(exit_reason(s.pid()).await, ExitReason::atom("custom"));
        assert_eq!(
            recv::<Seen>(LONG).await,
            Some(Seen::Terminate(":custom".into()))
        );
    });
}

/// A process written by hand that serves calls (`{:"$gen_call", from, req}`).
struct Echo;

impl Protocol for Echo {
    type Call = &'static str;
    type Reply = String;
    type Cast = ();
}

#[test]
fn a_raw_process_can_serve_calls_by_the_wire_protocol() {
    run(async {
        let me = process::self_pid();
        let raw = process::spawn(async move {
            let call = process::receive_with(
                extask::messages::take::<GenCall<&'static str, String>>,
                Timeout::Infinity,
            )
            .await
            .unwrap();
            process::send(me, inspect(&call));
            gen_server::reply(call.from, format!("echo {}", call.request));
        });
        let server = Server::<Echo>::from_pid(raw);
        assert_eq!(gen_server::call(&server, "hi", LONG).await, "echo hi");
        let seen = recv::<String>(LONG).await.unwrap();
        let shape = format!("{{:\"$gen_call\", {{{me:?}, [:alias | #Reference<");
        assert!(
            seen.starts_with(&shape) && seen.ends_with(">]}, \"hi\"}"),
            "{seen}"
        );
    });
}

#[test]
fn a_named_server_is_called_by_its_name_and_the_name_is_unique() {
    run(async {
        let opts = || StartOptions::new().name("gs_counter");
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), opts())
            .await
            .unwrap();
        let named = Server::<Probe>::named("gs_counter");
        gen_server::cast(&named, Cast::Add(3));
        assert_eq!(gen_server::call(&named, Req::Get, LONG).await, 3);
        assert_eq!(Server::<Probe>::whereis("gs_counter"), Some(s.clone()));
        let again = gen_server::start::<Probe>(Arg::new(Start::Ok), opts()).await;
        assert_eq!(
            inspect(&again.err()),
            format!("{{:error, {{:already_started, {:?}}}}}", s.pid())
        );
        gen_server::stop(&named, ExitReason::Normal, Timeout::Infinity).await;
        // Freed with the process.
        assert_eq!(Server::<Probe>::whereis("gs_counter"), None);
        let gone = gen_server::try_call(&named, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&gone.unwrap_err()),
            "{:noproc, {GenServer, :call, [:gs_counter, :get, 5000]}}"
        );
        let stop = gen_server::try_stop(&named, ExitReason::Normal, Timeout::Infinity).await;
        assert_eq!(
            inspect(&stop.unwrap_err()),
            "{:noproc, {GenServer, :stop, [:gs_counter, :normal, :infinity]}}"
        );
        gen_server::cast(&named, Cast::Add(1));
    });
}

#[test]
fn a_server_can_take_a_registry_via_name() {
    run(async {
        use extask::registry::{Keys, Registry};
        let reg: Registry<&'static str, ()> = Registry::start_link(Keys::Unique, "GsTest.Registry")
            .await
            .unwrap();
        let opts = StartOptions::new().name(reg.via("counter"));
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), opts)
            .await
            .unwrap();
        let named = Server::<Probe>::named(reg.via("counter"));
        assert_eq!(gen_server::call(&named, Req::Get, LONG).await, 0);
        assert_eq!(reg.lookup(&"counter").first().map(|e| e.0), Some(s.pid()));
        let missing = Server::<Probe>::named(reg.via("missing"));
        let failed = gen_server::try_call(&missing, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&failed.unwrap_err()),
            r#"{:noproc, {GenServer, :call, [{:via, Registry, {GsTest.Registry, "missing"}}, :get, 5000]}}"#
        );
    });
}

#[test]
fn a_trapping_caller_of_a_crashing_linked_server_gets_the_exit_and_keeps_the_exit_message() {
    run(async {
        process::trap_exit(true);
        let s = started(Start::Ok).await;
        let failed = gen_server::try_call(&s, Req::Crash, LONG)
            .await
            .unwrap_err();
        assert_eq!(failed.root_cause(), &ExitReason::panic("crash in call"));
        let exit = common::exit_from(s.pid()).await;
        assert_eq!(exit.reason, ExitReason::panic("crash in call"));
    });
}

/// A message whose `Inspect` panics.
struct Bomb;

impl extask::inspect::Inspect for Bomb {
    fn to_doc(&self) -> extask::inspect::Doc {
        panic!("deliberate panic: Inspect of a message")
    }
}

struct Fragile;

impl extask::inspect::Inspect for Fragile {
    fn to_doc(&self) -> extask::inspect::Doc {
        extask::inspect::Doc::text(":fragile")
    }
}

impl Protocol for Fragile {
    type Call = ();
    type Reply = u8;
    type Cast = ();
}

impl gen_server::GenServer for Fragile {
    type Arg = ();
    type Info = Bomb;
    type Continue = ();

    async fn init((): ()) -> gen_server::Init<Self> {
        gen_server::Init::Ok(Fragile)
    }

    async fn handle_call(
        &mut self,
        (): (),
        _: gen_server::Caller<u8>,
    ) -> gen_server::CallReturn<Self> {
        gen_server::CallReturn::Reply(1)
    }

    async fn handle_info(&mut self, _: gen_server::Info<Bomb>) -> gen_server::Return<Self> {
        gen_server::Return::NoReply
    }
}

#[test]
fn a_message_that_cannot_be_printed_does_not_crash_the_server() {
    common::quiet_deliberate_panics();
    run(async {
        let s = gen_server::start_link::<Fragile>((), StartOptions::new())
            .await
            .unwrap();
        process::send(s.pid(), Bomb);
        assert_eq!(gen_server::call(&s, (), LONG).await, 1);
    });
}
