//! Twin of `sup_restart_policies.exs`.

use crate::support::*;
use extask::inspect::{Atom, Term, inspect};
use extask::supervisor::{ChildOptions, Restart, SupervisorOptions, TaskSupervisor};
use extask::{Pid, process};

#[derive(Clone, Copy)]
enum First {
    ExitBad,
    Returns,
    ExitShutdown,
    ExitShutdown1,
}

/// The first run reports its pid and waits for `go` before doing `first`;
/// later runs (restarts) report and then sleep, so they can be seen alive.
async fn job(parent: Pid, counter: Pid, first: First) {
    let n = bump(counter).await;
    send_tagged(parent, "run", (n, process::self_pid()));
    if n == 1 {
        let _: Atom = recv("go").await;
        match first {
            First::ExitBad => die!(reason("bad")),
            First::Returns => {}
            First::ExitShutdown => die!(reason("shutdown")),
            First::ExitShutdown1 => {
                die!(reason_of(Term::tuple([Term::atom("shutdown"), 1.into()])))
            }
        }
    } else {
        sleep_forever().await;
    }
}

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let parent = process::self_pid();
    let cases = [
        (
            Restart::Temporary,
            "temporary",
            "exit(:bad)",
            First::ExitBad,
        ),
        (Restart::Transient, "transient", "returns", First::Returns),
        (
            Restart::Transient,
            "transient",
            "exit(:shutdown)",
            First::ExitShutdown,
        ),
        (
            Restart::Transient,
            "transient",
            "exit({:shutdown, 1})",
            First::ExitShutdown1,
        ),
        (
            Restart::Transient,
            "transient",
            "exit(:bad)",
            First::ExitBad,
        ),
        (Restart::Permanent, "permanent", "returns", First::Returns),
    ];
    for (restart, name, label, first) in cases {
        let c = counter();
        let pid = sup
            .start_child(
                move || job(parent, c, first),
                ChildOptions::new().restart(restart),
            )
            .await
            .expect("started");
        let (n, reported): (i64, Pid) = recv("run").await;
        assert_eq!((n, reported), (1, pid));
        let r = process::monitor(pid);
        send_tagged(pid, "go", atom("now"));
        let first_exit = wait_down(r).await;
        // The supervisor handled the child's exit (and any restart) before this call.
        let restarted = match sup.children().await[..] {
            [] => false,
            [new] => {
                let (n, reported): (i64, Pid) = recv("run").await;
                assert_eq!((n, reported), (2, new));
                new != pid
            }
            _ => panic!("more than one child"),
        };
        out.puts(format!(
            "{name}, {label}: exit {}, restarted {restarted}",
            inspect(&first_exit)
        ));
        for child in sup.children().await {
            let _ = sup.terminate_child(child).await;
        }
    }

    // Too many restarts: the supervisor gives up and exits :shutdown.
    let sup = TaskSupervisor::start_link(SupervisorOptions::new().max_restarts(2))
        .await
        .expect("supervisor");
    process::unlink(sup.pid());
    let sup_ref = process::monitor(sup.pid());
    let c = counter();
    let _ = sup
        .start_child(
            move || async move {
                bump(c).await;
                die!(reason("bad"))
            },
            ChildOptions::new().restart(Restart::Permanent),
        )
        .await;
    out.show("supervisor exit", &wait_down(sup_ref).await);
    out.show("runs", &count(c).await);
}
