//! A tokio runtime shut down (dropped) while processes live on it, watched
//! by a process on another runtime that monitors them all and links to one.

use super::*;
use std::sync::mpsc;

/// Counts the drops of the futures of the doomed processes.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// What the watcher saw.
struct Observed {
    /// The `:DOWN` reason of each doomed process (within 1 s of the drop).
    downs: Vec<Option<ExitReason>>,
    /// The `{:EXIT}` reason from the one it linked to.
    exit: Option<ExitReason>,
    /// `process::alive` of each, after.
    alive_after: Vec<bool>,
    /// How many of the doomed processes' futures were dropped.
    dropped: usize,
    /// The live-process count before the doomed runtime started, and after
    /// the watcher had waited for the `:DOWN`s.
    count: (usize, usize),
    /// Whether the watcher's runtime still ran a task afterwards.
    still_serves: bool,
}

/// Starts three processes on a runtime of their own (a lone sleeper, and a
/// task owner awaiting its task), lets a watcher on the test's runtime
/// monitor them all and link to the owner, then drops their runtime. With
/// `panicking_drop`, the lone sleeper holds a value whose `Drop` panics.
fn shut_down_a_runtime_under_live_processes(panicking_drop: bool) -> Observed {
    let _alone = serial();
    quiet_deliberate_panics();
    let base = process::count();
    let drops = Arc::new(AtomicUsize::new(0));
    let doomed = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (pid_tx, pid_rx) = mpsc::channel::<(u8, Pid)>();
    doomed.block_on({
        let drops = Arc::clone(&drops);
        async move {
            let guard = Counted(Arc::clone(&drops));
            let tx = pid_tx.clone();
            process::spawn(async move {
                let _guard = guard;
                let _bomb = panicking_drop.then(|| PanicOnDrop);
                tx.send((0, process::self_pid())).unwrap();
                process::sleep(Timeout::Infinity).await;
            });
            let (guard, task_guard) = (Counted(Arc::clone(&drops)), Counted(drops));
            let tx = pid_tx.clone();
            process::spawn(async move {
                let _guard = guard;
                let task = async_task(async move {
                    let _guard = task_guard;
                    process::sleep(Timeout::Infinity).await;
                });
                tx.send((1, process::self_pid())).unwrap();
                tx.send((2, task.pid)).unwrap();
                let _ = task.try_await(Timeout::Infinity).await;
            });
        }
    });
    // The lone sleeper, the owner, its task.
    let mut pids: Vec<(u8, Pid)> = pid_rx.iter().take(3).collect();
    pids.sort_unstable();
    let pids: Vec<Pid> = pids.into_iter().map(|(_, pid)| pid).collect();
    let owner = pids[1];

    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let dropper = std::thread::spawn(move || {
        ready_rx.recv().unwrap();
        drop(doomed);
    });
    let observed = run(async move {
        process::trap_exit(true);
        let watches: Vec<Ref> = pids.iter().map(|&p| process::monitor(p)).collect();
        assert!(process::link(owner).await);
        assert!(pids.iter().all(|&p| process::alive(p)));
        ready_tx.send(()).unwrap();
        let mut downs = Vec::new();
        for w in watches {
            downs.push(down_within(w, 1_000).await);
        }
        let exit = process::receive_with(
            |m| {
                let exit = m.downcast_ref::<extask::messages::Exit>()?;
                (exit.from == owner).then(|| exit.reason.clone())
            },
            Timeout::Ms(100),
        )
        .await;
        let still_serves = async_task(async { 1 }).await == Ok(1);
        let alive_after = pids.iter().map(|&p| process::alive(p)).collect();
        let count_after = settle_count(base + 1).await - 1; // less this root
        (downs, exit, alive_after, still_serves, count_after)
    });
    dropper.join().unwrap();
    let (downs, exit, alive_after, still_serves, count_after) = observed;
    Observed {
        downs,
        exit,
        alive_after,
        dropped: drops.load(Ordering::SeqCst),
        count: (base, count_after),
        still_serves,
    }
}

/// A process whose runtime is shut down ends with `:killed` (as a root
/// process reports it, and as every process on a halting BEAM node): its
/// future is dropped (destructors run), its monitors and links hear of it,
/// it leaves the process table, and processes on other runtimes carry on.
#[test]
fn a_runtime_shut_down_ends_its_processes_for_their_links_and_monitors() {
    let seen = shut_down_a_runtime_under_live_processes(false);
    assert_eq!(seen.dropped, 3, "every doomed future is dropped");
    assert_eq!(seen.downs, vec![Some(ExitReason::Killed); 3], "lost :DOWNs");
    assert_eq!(seen.exit, Some(ExitReason::Killed), "lost {{:EXIT}}");
    assert_eq!(seen.alive_after, vec![false; 3]);
    assert_eq!(seen.count.1, seen.count.0, "processes leaked");
    assert!(seen.still_serves, "the other runtime stopped serving");
}

/// The same when a destructor of a doomed process panics as the runtime
/// drops its future: that process's exit must still be told.
#[test]
fn a_runtime_shut_down_ends_a_process_whose_drop_panics() {
    let seen = shut_down_a_runtime_under_live_processes(true);
    assert_eq!(seen.downs, vec![Some(ExitReason::Killed); 3], "lost :DOWNs");
    assert_eq!(seen.count.1, seen.count.0, "processes leaked");
    assert!(seen.still_serves);
}
