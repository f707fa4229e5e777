//! `Agent`: its functions run inside the agent, and its calls fail as
//! `GenServer.call`s do.

mod common;

use common::{LONG, run};
use extask::agent;
use extask::gen_server::StartOptions;
use extask::inspect::inspect;
use extask::{ExitReason, Timeout, process};

#[test]
fn get_update_get_and_update_and_cast_act_on_the_state() {
    run(async {
        let a = agent::start_link(|| vec![1], StartOptions::new())
            .await
            .unwrap();
        agent::update(&a, |v| v.push(2), LONG).await;
        let taken = agent::get_and_update(&a, std::mem::take, LONG).await;
        assert_eq!(taken, vec![1, 2]);
        agent::cast(&a, |v| v.push(3));
        assert_eq!(agent::get(&a, |v| v.clone(), LONG).await, vec![3]);
        // The functions run in the agent process.
        let me = process::self_pid();
        assert_eq!(agent::get(&a, |_| process::self_pid(), LONG).await, a.pid());
        assert_ne!(a.pid(), me);
        agent::stop(&a, ExitReason::Normal, Timeout::Infinity).await;
        assert!(!process::alive(a.pid()));
    });
}

#[test]
fn a_slow_get_times_out_with_the_call_and_the_agent_finishes_it() {
    run(async {
        let a = agent::start_link(|| 0, StartOptions::new()).await.unwrap();
        let slow = agent::try_update(
            &a,
            |n| {
                std::thread::sleep(std::time::Duration::from_millis(100));
                *n += 1;
            },
            Timeout::Ms(10),
        )
        .await;
        assert_eq!(
            inspect(&slow.unwrap_err()),
            format!(
                "{{:timeout, {{GenServer, :call, [{:?}, {{:update, #Function<anonymous fn/1>}}, 10]}}}}",
                a.pid()
            )
        );
        assert_eq!(agent::get(&a, |n| *n, LONG).await, 1);
        assert_eq!(common::drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_raising_function_crashes_the_agent_and_exits_the_caller() {
    run(async {
        let a = agent::start(|| 0, StartOptions::new()).await.unwrap();
        let r = process::monitor(a.pid());
        let failed = agent::try_get(&a, |_: &i32| -> i32 { panic!("boom") }, LONG).await;
        assert_eq!(
            inspect(&failed.unwrap_err()),
            format!(
                "{{{{%RuntimeError{{message: \"boom\"}}, []}}, {{GenServer, :call, [{:?}, {{:get, #Function<anonymous fn/1>}}, 5000]}}}}",
                a.pid()
            )
        );
        assert_eq!(common::down(r).await.reason, ExitReason::panic("boom"));
        let dead = agent::try_get(&a, |n| *n, LONG).await.unwrap_err();
        assert_eq!(dead.root_cause(), &ExitReason::Noproc);
        let stop = agent::try_stop(&a, ExitReason::Normal, Timeout::Infinity).await;
        assert_eq!(
            inspect(&stop.unwrap_err()),
            format!(
                "{{:noproc, {{GenServer, :stop, [{:?}, :normal, :infinity]}}}}",
                a.pid()
            )
        );
        // A cast to a dead agent is fine.
        agent::cast(&a, |n| *n += 1);
    });
}

#[test]
fn a_raising_init_is_a_start_error() {
    run(async {
        let failed = agent::start(|| -> i32 { panic!("init") }, StartOptions::new()).await;
        assert_eq!(
            inspect(&failed.err()),
            r#"{:error, {%RuntimeError{message: "init"}, []}}"#
        );
        // Linked, the caller dies with the reason.
        let (_pid, r) = process::spawn_monitor(async {
            let _ = agent::start_link(|| -> i32 { panic!("init") }, StartOptions::new()).await;
            process::sleep(Timeout::Infinity).await;
        });
        assert_eq!(common::down(r).await.reason, ExitReason::panic("init"));
    });
}

#[test]
fn a_named_agent_is_found_by_its_name() {
    run(async {
        let opts = StartOptions::new().name("agent_named");
        let a = agent::start(|| 5, opts).await.unwrap();
        let found = agent::Agent::<i32>::whereis("agent_named").expect("registered");
        assert_eq!(found.pid(), a.pid());
        assert_eq!(agent::get(&found, |n| *n, LONG).await, 5);
        agent::stop(&a, ExitReason::Normal, Timeout::Infinity).await;
        assert!(agent::Agent::<i32>::whereis("agent_named").is_none());
    });
}
