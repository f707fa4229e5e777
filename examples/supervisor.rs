//! An application's supervision tree: a `Registry` the worker registers
//! in, a named `Task.Supervisor` for detached work, a `Task` child that runs
//! once at boot, and a worker that crashes, restarted under `:one_for_all`
//! (which restarts its siblings too).
//!
//! ```elixir
//! children = [
//!   {Registry, keys: :unique, name: App.Registry},
//!   {Task.Supervisor, name: App.Tasks},
//!   {Task, fn -> warm_up() end},
//!   %{id: :ticker, start: {Ticker, :start_link, []}}
//! ]
//! # the ticker registers itself: {:via, Registry, {App.Registry, "ticker"}}
//! {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_all)
//! task = Task.Supervisor.async_nolink(App.Tasks, fn -> charge(card) end)
//! Task.yield(task, 1_000) || Task.shutdown(task)
//! ```
//!
//! Run with `cargo run --example supervisor`.

use extask::inspect::{Term, inspect};
use extask::process::Name;
use extask::registry::{Keys, Registry};
use extask::root::{RootConfig, run_main};
use extask::supervisor::{
    ChildSpec, Options, Start, Strategy, Supervisor, SupervisorOptions, TaskSupervisor,
};
use extask::task::{Shutdown, yield_task};
use extask::{ExitReason, Pid, Task, Timeout, process};

/// The ticker: a worker that registers in `App.Registry`, tells `to` it
/// started, then waits to be told to crash. Its start runs in the supervisor and links the worker to it.
fn ticker(to: Pid) -> ChildSpec {
    ChildSpec::new(Term::atom("ticker"), move || async move {
        let pid = process::spawn_link(async move {
            let registry = Registry::<&str, ()>::named("App.Registry").expect("started before");
            registry.register("ticker", ()).expect("the key is free");
            process::send(to, process::self_pid());
            let crash = process::receive_with(extask::messages::take::<&str>, Timeout::Infinity);
            let _ = crash.await;
            match process::exit_self(ExitReason::from(Term::atom("boom"))).await {}
        });
        Start::Ok(pid)
    })
}

/// A card charge: quick for a good card, too slow for any other.
async fn charge(card: &'static str) -> String {
    if card != "4242" {
        process::sleep(Timeout::Infinity).await;
    }
    format!("receipt for {card}")
}

fn main() {
    run_main(RootConfig::multi_thread(), async {
        let me = process::self_pid();
        let children = vec![
            Registry::<&str, ()>::child_spec(Keys::Unique, "App.Registry"),
            TaskSupervisor::child_spec(SupervisorOptions::new().name("App.Tasks")),
            Task::child_spec(|| async { println!("warm-up task ran (a :temporary child)") }),
            ticker(me),
        ];
        for spec in &children {
            println!("child spec {spec:?}");
        }
        let sup = Supervisor::start_link(children, Options::new(Strategy::OneForAll))
            .await
            .expect("every child starts");
        let ticker: Pid = recv().await;
        println!(
            "\nwhich_children => {}",
            inspect(&sup.which_children().await)
        );

        // The Task.Supervisor is found by its name, as `App.Tasks`.
        let tasks = TaskSupervisor::whereis("App.Tasks").expect("started by the tree");
        for card in ["4242", "9999"] {
            let task = tasks.async_nolink(charge(card)).await;
            let outcome = match yield_task(&task, Timeout::Ms(200)).await {
                Some(result) => Some(result),
                None => extask::task::shutdown(task, Shutdown::default()).await,
            };
            println!(
                "{card}: Task.yield || Task.shutdown => {}",
                inspect(&outcome)
            );
        }

        // The ticker crashes: `:one_for_all` stops the other children (in
        // reverse order) and starts them all again, in order.
        process::send(ticker, "crash");
        let restarted: Pid = recv().await;
        println!("\nticker {ticker:?} crashed; restarted as {restarted:?}");
        let registry = Registry::<&str, ()>::named("App.Registry").expect("restarted");
        let name = Name::from(registry.via("ticker"));
        println!("{name:?} => {:?}", name.whereis());
        let again = TaskSupervisor::whereis("App.Tasks").expect("restarted");
        println!("App.Tasks was restarted too: {:?} -> {:?}", tasks, again);
        println!("count_children => {}", inspect(&sup.count_children().await));

        sup.stop(ExitReason::Normal).await;
        println!(
            "\nstopped; App.Tasks registered: {:?}",
            TaskSupervisor::whereis("App.Tasks")
        );
    });
}

/// The next `Pid` sent to us.
async fn recv() -> Pid {
    process::receive_with(extask::messages::take::<Pid>, Timeout::Ms(5_000))
        .await
        .expect("a pid within 5 s")
}
