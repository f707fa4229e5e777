//! Shutdowns, awaits, kills, links and normal exits racing on the same
//! tasks. Each round starts a task that returns, panics or exits after a few
//! yields; an outsider may kill it or signal `:shutdown`; a trapping
//! process links to it; its owner awaits, yields or shuts it down. Every
//! call must return one of its documented outcomes, consistent with the one
//! `:DOWN` a second monitor receives, and every link hears of the exit once.

use super::*;
use extask::inspect::Term;
use tokio::task::yield_now;

const OWNERS: u64 = 4;
const ROUNDS: u64 = 5_000;

#[derive(Clone, Copy, Debug)]
enum Ending {
    Return,
    Panic,
    Exit,
}

#[derive(Clone, Copy, Debug)]
enum Call {
    Await,
    BrutalKill,
    Shutdown,
    YieldThenShutdown,
}

/// What the owner's call said about the task.
#[derive(Debug)]
enum Outcome {
    /// `{:ok, value}` (or the value from `await`).
    Value,
    /// `{:exit, reason}` (or the reason inside `await`'s exit).
    Exit(ExitReason),
    /// `nil` from `shutdown`.
    Nil,
}

/// Lets a task start.
struct Go;

/// What the linked trapping process received from the task.
struct LinkerSaw(Pid, ExitReason);

fn bye() -> ExitReason {
    ExitReason::Term(Term::atom("bye"))
}

async fn yields(n: u64) {
    for _ in 0..n {
        yield_now().await;
    }
}

fn outcome_of(result: Option<TaskResult<u64>>, value: u64) -> Outcome {
    match result {
        Some(TaskResult::Ok(v)) => {
            assert_eq!(v, value, "another task's value");
            Outcome::Value
        }
        Some(TaskResult::Exit(reason)) => Outcome::Exit(reason),
        None => Outcome::Nil,
    }
}

/// One round; returns the task's exit reason.
async fn round(rng: &mut Rng, value: u64) -> ExitReason {
    let ending = [Ending::Return, Ending::Panic, Ending::Exit][rng.below(3) as usize];
    let work = rng.below(4);
    let task: Task<u64> = async_task(async move {
        // Not before the second monitor is in place, so it sees the real exit.
        process::receive_with(|m| m.is::<Go>().then_some(()), Timeout::Infinity).await;
        yields(work).await;
        match ending {
            Ending::Return => value,
            Ending::Panic => panic!("{DELIBERATE}: race {value}"),
            Ending::Exit => match process::exit_self(bye()).await {},
        }
    });
    let pid = task.pid;
    let watch = process::monitor(pid);
    process::send(pid, Go);

    let mut possible = vec![match ending {
        Ending::Return => ExitReason::Normal,
        Ending::Panic => panic_reason(format!("race {value}")),
        Ending::Exit => bye(),
    }];
    let signal = match rng.below(3) {
        0 => None,
        1 => Some(ExitReason::Kill),
        _ => Some(ExitReason::Shutdown),
    };
    if let Some(signal) = signal.clone() {
        possible.push(match signal {
            ExitReason::Kill => ExitReason::Killed,
            ref other => other.clone(),
        });
        let delay = rng.below(4);
        process::spawn(async move {
            yields(delay).await;
            process::exit(pid, signal);
        });
    }
    let owner = process::self_pid();
    process::spawn(async move {
        process::trap_exit(true);
        process::link(pid).await;
        let exit = process::receive_with(
            |m| m.downcast_ref::<Exit>().filter(|e| e.from == pid).cloned(),
            LONG,
        )
        .await
        .expect("the linked process lost the {:EXIT, ..}");
        process::send(owner, LinkerSaw(pid, exit.reason));
    });

    yields(rng.below(4)).await;
    let call = [
        Call::Await,
        Call::BrutalKill,
        Call::Shutdown,
        Call::YieldThenShutdown,
    ][rng.below(4) as usize];
    let stop = Shutdown::Timeout(Timeout::Ms(1_000));
    let outcome = match call {
        Call::Await => match task.try_await(LONG).await {
            Ok(v) => outcome_of(Some(TaskResult::Ok(v)), value),
            Err(exit) => Outcome::Exit(await_reason(exit)),
        },
        Call::BrutalKill => outcome_of(shutdown(task, Shutdown::BrutalKill).await, value),
        Call::Shutdown => outcome_of(shutdown(task, stop).await, value),
        Call::YieldThenShutdown => match yield_task(&task, Timeout::Ms(rng.below(2))).await {
            Some(result) => outcome_of(Some(result), value),
            None => outcome_of(shutdown(task, stop).await, value),
        },
    };
    match call {
        Call::BrutalKill => possible.push(ExitReason::Killed),
        Call::Shutdown | Call::YieldThenShutdown => possible.push(ExitReason::Shutdown),
        Call::Await => {}
    }

    // The second monitor: exactly one :DOWN, with a reason this round allows.
    let down = common::down(watch).await.reason;
    assert!(
        possible.contains(&down),
        "{ending:?}/{signal:?}/{call:?}: {down:?}"
    );
    match &outcome {
        Outcome::Value => assert!(
            matches!(ending, Ending::Return),
            "a value from a task that did not return"
        ),
        Outcome::Exit(reason) => assert_eq!(*reason, down, "{call:?} and :DOWN disagree"),
        Outcome::Nil => assert!(
            !matches!(call, Call::Await)
                && matches!(down, ExitReason::Shutdown | ExitReason::Killed),
            "nil for a task that ended with {down:?}"
        ),
    }
    // The owner's link (it traps): one {:EXIT} unless `shutdown` unlinked first.
    let mut exits = Vec::new();
    while let Some(exit) = process::receive_with(
        |m| m.downcast_ref::<Exit>().filter(|e| e.from == pid).cloned(),
        Timeout::Ms(0),
    )
    .await
    {
        exits.push(exit.reason);
    }
    match call {
        Call::Await => assert_eq!(exits, vec![down.clone()], "the owner's {{:EXIT}}"),
        _ => assert!(
            exits.len() <= 1 && exits.iter().all(|r| *r == down),
            "{exits:?}"
        ),
    }
    // The other link: exactly one {:EXIT}, the reason or `:noproc`.
    let LinkerSaw(_, saw) = process::receive_with(
        |m| {
            let saw = m.downcast_ref::<LinkerSaw>().filter(|s| s.0 == pid)?;
            Some(LinkerSaw(saw.0, saw.1.clone()))
        },
        LONG,
    )
    .await
    .expect("the linked process never reported");
    assert!(
        saw == down || saw == ExitReason::Noproc,
        "linker saw {saw:?}, :DOWN {down:?}"
    );
    assert!(
        recv::<Down>(Timeout::Ms(0)).await.is_none(),
        "a second :DOWN"
    );
    down
}

#[test]
fn shutdowns_awaits_kills_and_exits_race_on_the_same_tasks() {
    let tally = stress("races", 240, async {
        let base = process::count();
        let root = process::self_pid();
        let owners: Vec<_> = (0..OWNERS)
            .map(|owner| {
                process::spawn_monitor(async move {
                    process::trap_exit(true);
                    let mut rng = Rng::new(owner + 1);
                    let mut reasons: HashMap<String, usize> = HashMap::new();
                    for i in 0..ROUNDS {
                        let reason = round(&mut rng, owner * ROUNDS + i).await;
                        let kind = format!("{reason:?}");
                        let kind = kind.split_whitespace().next().unwrap_or("").to_owned();
                        *reasons.entry(kind).or_default() += 1;
                    }
                    process::send(root, reasons);
                })
            })
            .collect();
        let mut tally: HashMap<String, usize> = HashMap::new();
        for (_, watch) in owners {
            let reason = process::receive_with(
                |m| {
                    m.downcast_ref::<Down>()
                        .filter(|d| d.r#ref == watch)
                        .cloned()
                },
                Timeout::Infinity,
            )
            .await
            .map(|d| d.reason);
            assert_eq!(reason, Some(ExitReason::Normal), "an owner failed");
            let reasons = recv::<HashMap<String, usize>>(Timeout::Ms(0)).await;
            for (kind, n) in reasons.expect("an owner sent no tally") {
                *tally.entry(kind).or_default() += n;
            }
        }
        assert_eq!(settle_count(base).await, base, "processes leaked");
        tally
    });
    println!(
        "stress: {} racing rounds, task exits {tally:?}",
        OWNERS * ROUNDS
    );
    assert_eq!(tally.values().sum::<usize>() as u64, OWNERS * ROUNDS);
}
