//! A `Task.Supervisor` running tasks detached from their caller:
//! `async_nolink` tasks whose crash comes back as a value instead of taking
//! the caller down, the `yield || shutdown` idiom, and a restarted child.
//!
//! ```elixir
//! {:ok, sup} = Task.Supervisor.start_link(name: :payments)
//! task = Task.Supervisor.async_nolink(sup, fn -> charge(card) end)
//! case Task.yield(task, 1_000) || Task.shutdown(task) do
//!   {:ok, receipt} -> ...
//!   {:exit, reason} -> ...   # the task crashed; we did not
//!   nil -> ...               # too slow: stopped
//! end
//! ```
//!
//! Run with `cargo run --example supervisor`.

use extask::inspect::inspect;
use extask::root::{RootConfig, run_main};
use extask::supervisor::{ChildOptions, Restart, SupervisorOptions, TaskSupervisor};
use extask::task::{Shutdown, Task, TaskResult, shutdown, yield_task};
use extask::{ExitReason, Timeout, process};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Charges a card: fine, declined (the task exits), or hanging.
async fn charge(card: &'static str) -> String {
    match card {
        "4242" => {
            process::sleep(Timeout::Ms(50)).await;
            format!("receipt for {card}")
        }
        "0000" => {
            process::sleep(Timeout::Ms(50)).await;
            let reason = ExitReason::from(extask::inspect::Term::atom("card_declined"));
            match process::exit_self(reason).await {}
        }
        _ => {
            process::sleep(Timeout::Infinity).await;
            unreachable!()
        }
    }
}

/// `Task.yield(task, 1_000) || Task.shutdown(task)`.
async fn result_of(task: Task<String>) -> Option<TaskResult<String>> {
    match yield_task(&task, Timeout::Ms(1_000)).await {
        Some(result) => Some(result),
        None => shutdown(task, Shutdown::default()).await,
    }
}

fn main() {
    run_main(RootConfig::multi_thread(), async {
        let opts = SupervisorOptions::new().name("payments");
        let sup = TaskSupervisor::start_link(opts)
            .await
            .expect("the name is free");
        println!("supervisor {:?} registered as payments", sup);

        for card in ["4242", "0000", "9999"] {
            let task = sup.async_nolink(charge(card)).await;
            let outcome = result_of(task).await;
            match &outcome {
                Some(TaskResult::Ok(receipt)) => println!("{card}: charged, {receipt:?}"),
                Some(TaskResult::Exit(reason)) => println!("{card}: the task crashed: {reason:?}"),
                None => println!("{card}: too slow, stopped"),
            }
            println!("      Task.yield || Task.shutdown => {}", inspect(&outcome));
        }
        println!(
            "the caller is still alive: {}",
            process::alive(process::self_pid())
        );

        // A transient child is restarted after a crash, not after a normal end.
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let me = process::self_pid();
        let flaky = move || {
            let run = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                if run < 3 {
                    process::exit_self(ExitReason::from(extask::inspect::Term::atom("flaky")))
                        .await;
                }
                process::send(me, run);
            }
        };
        let transient = ChildOptions::new().restart(Restart::Transient);
        sup.start_child(flaky, transient)
            .await
            .expect("room for a child");
        let done_on =
            process::receive_with(|m| m.downcast_ref::<usize>().copied(), Timeout::DEFAULT);
        println!("transient child succeeded on run {:?}", done_on.await);
        println!("children left: {}", inspect(&sup.children().await));
    });
}
