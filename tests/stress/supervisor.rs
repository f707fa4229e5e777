//! A `one_for_all` tree of 1,000 children crashing at random for 10 s: every
//! restart restarts all of them together (each child's start count is the
//! same, one more than the rounds), the supervisor never gives up under a
//! high `max_restarts`, and stopping it leaves no process behind.

use super::*;
use extask::inspect::{Term, inspect};
use extask::supervisor::{ChildSpec, Options, Start, Strategy, Supervisor};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

const CHILDREN: usize = 1_000;
const CRASHING_FOR: Duration = Duration::from_secs(10);

struct Counts {
    starts: Vec<AtomicU64>,
    crashes: AtomicU64,
    seeds: AtomicU64,
    stop_crashing: AtomicBool,
}

/// Child `i`: counted at each start (in the supervisor), then a process
/// that exits `:boom` after 5 to 2,000 ms.
fn child(i: usize, counts: Arc<Counts>) -> ChildSpec {
    ChildSpec::new(Term::from(i as u64), move || {
        counts.starts[i].fetch_add(1, Ordering::SeqCst);
        let seed = counts.seeds.fetch_add(1, Ordering::Relaxed);
        let counts = Arc::clone(&counts);
        async move {
            let pid = process::spawn_link(async move {
                let ms = 5 + Rng::new(seed).below(2_000);
                process::sleep(Timeout::Ms(ms)).await;
                if counts.stop_crashing.load(Ordering::SeqCst) {
                    process::sleep(Timeout::Infinity).await;
                }
                counts.crashes.fetch_add(1, Ordering::SeqCst);
                match process::exit_self(ExitReason::atom("boom")).await {}
            });
            Start::Ok(pid)
        }
    })
}

#[test]
#[ignore = "10 s of crashes: `.ci/run` runs it as a step of its own"]
fn one_for_all_tree_of_1000_crashing_children_keeps_exact_accounting() {
    stress("one_for_all, 1,000 children", 120, async {
        let base = process::count();
        let counts = Arc::new(Counts {
            starts: (0..CHILDREN).map(|_| AtomicU64::new(0)).collect(),
            crashes: AtomicU64::new(0),
            seeds: AtomicU64::new(1),
            stop_crashing: AtomicBool::new(false),
        });
        let children = (0..CHILDREN)
            .map(|i| child(i, Arc::clone(&counts)))
            .collect();
        let opts = Options::new(Strategy::OneForAll)
            .max_restarts(1_000_000)
            .max_seconds(1);
        let sup = Supervisor::start_link(children, opts)
            .await
            .expect("started");
        let started = Instant::now();
        while started.elapsed() < CRASHING_FOR {
            process::sleep(Timeout::Ms(100)).await;
            assert!(process::alive(sup.pid()), "the supervisor gave up");
        }
        // Answered between two restarts: every child runs, in order.
        let listed = sup.which_children().await;
        let counted = inspect(&sup.count_children().await);
        assert_eq!(
            counted,
            "%{active: 1000, specs: 1000, supervisors: 0, workers: 1000}"
        );
        let ids: Vec<Term> = listed.iter().map(|c| c.id.clone()).collect();
        let expected: Vec<Term> = (0..CHILDREN as u64).rev().map(Term::from).collect();
        assert_eq!(ids, expected);
        let pids: Vec<Pid> = listed
            .iter()
            .map(|c| c.pid.pid().expect("running"))
            .collect();
        counts.stop_crashing.store(true, Ordering::SeqCst);
        sup.stop(ExitReason::Normal).await;

        let starts: Vec<u64> = counts
            .starts
            .iter()
            .map(|s| s.load(Ordering::SeqCst))
            .collect();
        let rounds = starts[0] - 1;
        assert!(
            starts.iter().all(|&s| s == rounds + 1),
            "a child restarted alone"
        );
        let crashes = counts.crashes.load(Ordering::SeqCst);
        // Each round follows a crash; crashes during a round are absorbed by
        // it (their `{:EXIT}`s are taken by the shutdown protocol).
        assert!(rounds >= 50, "only {rounds} restart rounds in 10 s");
        assert!(crashes >= rounds, "{rounds} rounds after {crashes} crashes");
        assert!(pids.iter().all(|&p| !process::alive(p)));
        assert!(!process::alive(sup.pid()));
        assert_eq!(settle_count(base).await, base, "processes left behind");
        println!("{rounds} restart rounds of {CHILDREN} children, {crashes} crashes");
    });
}
