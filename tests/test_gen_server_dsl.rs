//! `#[extask::gen_server]`: the typed client API it writes, the requests'
//! printed forms (in a failed call's exit reason), the callbacks written as
//! they are (info, continue, terminate), a cast that stops the server.

mod common;

use common::{LONG, recv, run};
use extask::gen_server::{self, Extra, Info, Init, Return, Server, StartOptions};
use extask::inspect::{Inspect, inspect};
use extask::{ExitReason, Pid, Timeout, process};

#[derive(Inspect)]
struct Counter {
    count: i64,
    /// Told of `terminate`, when set.
    watcher: Option<Pid>,
}

#[extask::gen_server]
impl Counter {
    async fn init(start: i64) -> Init<Self> {
        Init::Ok(Counter {
            count: start,
            watcher: None,
        })
    }

    /// The count.
    #[call]
    fn get(&mut self) -> i64 {
        self.count
    }

    #[call]
    async fn add_and_get(&mut self, k: i64) -> i64 {
        process::sleep(1u64).await;
        self.count += k;
        self.count
    }

    #[call]
    fn pair(&mut self, (a, b): (i64, i64), label: String) -> String {
        format!("{label}: {}", a + b + self.count)
    }

    #[cast]
    fn add(&mut self, k: i64) {
        self.count += helper(k);
    }

    #[cast]
    fn watch(&mut self, pid: Pid) {
        self.watcher = Some(pid);
    }

    #[cast]
    fn halt(&mut self, reason: &'static str) -> Return<Self> {
        Return::Stop(ExitReason::atom(reason))
    }

    async fn handle_info(&mut self, msg: Info<Tick>) -> Return<Self> {
        match msg {
            Info::Msg(Tick(n)) => Return::NoReplyThen(Extra::Continue(n)),
            _ => Return::NoReply,
        }
    }

    async fn handle_continue(&mut self, n: i64) -> Return<Self> {
        self.count += n;
        Return::NoReply
    }

    async fn terminate(&mut self, reason: &ExitReason) {
        if let Some(watcher) = self.watcher {
            process::send(watcher, (self.count, reason.clone()));
        }
    }
}

/// A plain method of the block stays one.
fn helper(k: i64) -> i64 {
    k
}

#[derive(Inspect)]
struct Tick(i64);

async fn counter(start: i64) -> Server<Counter> {
    gen_server::start_link::<Counter>(start, StartOptions::new())
        .await
        .expect("started")
}

#[test]
fn the_methods_are_the_client_api() {
    run(async {
        let c = counter(40).await;
        Counter::add(&c, 1);
        assert_eq!(Counter::add_and_get(&c, 1).await, 42);
        assert_eq!(Counter::get(&c).await, 42);
        assert_eq!(Counter::pair(&c, (1, 2), "sum".into()).await, "sum: 45");
    });
}

#[test]
fn requests_print_as_elixir_terms() {
    assert_eq!(inspect(&CounterCall::Get), ":get");
    assert_eq!(inspect(&CounterCall::AddAndGet(5)), "{:add_and_get, 5}");
    assert_eq!(
        inspect(&CounterCall::Pair((1, 2), "x".into())),
        r#"{:pair, {1, 2}, "x"}"#
    );
    assert_eq!(inspect(&CounterCast::Add(5)), "{:add, 5}");
}

#[test]
fn a_failed_call_names_the_request() {
    run(async {
        let c = counter(0).await;
        gen_server::stop(&c, ExitReason::Normal, Timeout::DEFAULT).await;
        let reason = gen_server::try_call(&c, CounterCall::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&reason.err()),
            format!(
                "{{:noproc, {{GenServer, :call, [{:?}, :get, 5000]}}}}",
                c.pid()
            )
        );
    });
}

#[test]
fn a_try_client_returns_the_exit_instead_of_exiting() {
    run(async {
        let c = counter(1).await;
        assert_eq!(Counter::try_get(&c, 1000).await, Ok(1));
        assert_eq!(
            Counter::try_add_and_get(&c, 2, Timeout::Infinity).await,
            Ok(3)
        );
        gen_server::stop(&c, ExitReason::Normal, Timeout::DEFAULT).await;
        let reason = Counter::try_pair(&c, (1, 2), "x".into(), 100).await;
        assert_eq!(
            inspect(&reason.err()),
            format!(
                "{{:noproc, {{GenServer, :call, [{:?}, {{:pair, {{1, 2}}, \"x\"}}, 100]}}}}",
                c.pid()
            )
        );
        // The caller is alive and its mailbox empty.
        assert_eq!(process::message_queue_len(), 0);
    });
}

#[test]
fn the_callbacks_written_in_the_block_are_the_servers() {
    run(async {
        // The server is linked: its `:done` would end the test otherwise.
        process::trap_exit(true);
        let c = counter(1).await;
        process::send(c.pid(), Tick(10));
        assert_eq!(
            Counter::get(&c).await,
            11,
            "handle_info, then handle_continue"
        );
        Counter::watch(&c, process::self_pid());
        gen_server::stop(&c, ExitReason::atom("done"), Timeout::DEFAULT).await;
        let seen: Option<(i64, ExitReason)> = recv(LONG).await;
        assert_eq!(seen, Some((11, ExitReason::atom("done"))));
    });
}

#[test]
fn a_cast_returning_stop_stops_the_server() {
    run(async {
        process::trap_exit(true);
        let c = counter(7).await;
        Counter::watch(&c, process::self_pid());
        Counter::halt(&c, "enough");
        let seen: Option<(i64, ExitReason)> = recv(LONG).await;
        assert_eq!(seen, Some((7, ExitReason::atom("enough"))));
        let exit = common::exit_from(c.pid()).await;
        assert_eq!(exit.reason, ExitReason::atom("enough"));
    });
}

/// A server without an argument, calls or casts: `init()` takes `()`.
#[derive(Inspect)]
struct Idle;

#[extask::gen_server]
impl Idle {
    fn init() -> Init<Self> {
        Init::Ok(Idle)
    }
}

#[test]
fn init_without_an_argument_takes_unit() {
    run(async {
        let idle = gen_server::start_link::<Idle>((), StartOptions::new()).await;
        let idle = idle.expect("started");
        assert!(process::alive(idle.pid()));
    });
}
