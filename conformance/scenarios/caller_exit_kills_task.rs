//! Twin of `caller_exit_kills_task.exs`: the caller's exit reaches its async
//! task over the link (unless the caller ends `:normal`).

use crate::support::*;
use extask::inspect::{Atom, Term, inspect};
use extask::messages::Exit;
use extask::task;
use extask::{ExitReason, Pid, Ref, Timeout, process};

#[derive(Clone)]
enum Ends {
    Exit(ExitReason),
    Returns,
    SleepsForever,
}

async fn start(parent: Pid, task_traps: bool, ends: Ends) -> (Pid, Ref, Ref) {
    let (caller, caller_ref) = process::spawn_monitor(async move {
        let _task = task!(async fn ->
            process::trap_exit(task_traps);
            send_tagged(parent, "task", process::self_pid());
            let got = process::receive_with(
                |m| m.downcast_ref::<Exit>().cloned(),
                Timeout::Ms(500),
            )
            .await;
            if let Some(exit) = got {
                let msg = Term::tuple([
                    Term::atom("EXIT"),
                    Term::atom("caller"),
                    exit.reason.to_term(),
                ]);
                send_tagged(parent, "task_got", msg);
            }
            atom("finished")
        end);
        let _: Atom = recv("go").await;
        match ends {
            Ends::Exit(r) => die!(r),
            Ends::Returns => {}
            Ends::SleepsForever => sleep_forever().await,
        }
    });
    let task: Pid = recv("task").await;
    let task_ref = process::monitor(task);
    send_tagged(caller, "go", atom("now"));
    (caller, caller_ref, task_ref)
}

async fn report(out: &Out, label: &str, (_caller, caller_ref, task_ref): (Pid, Ref, Ref)) {
    let caller_exit = wait_down(caller_ref).await;
    let task_exit = wait_down(task_ref).await;
    out.puts(format!(
        "{label}: caller {}, task {}",
        inspect(&caller_exit),
        inspect(&task_exit)
    ));
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    let shutdown_1 = reason_of(Term::tuple([Term::atom("shutdown"), 1.into()]));
    let cases = [
        ("caller exit(:crash)", Ends::Exit(reason("crash"))),
        ("caller exit(:shutdown)", Ends::Exit(reason("shutdown"))),
        ("caller exit({:shutdown, 1})", Ends::Exit(shutdown_1)),
        ("caller exit(:kill)", Ends::Exit(reason("kill"))),
        ("caller returns", Ends::Returns),
    ];
    for (label, ends) in cases {
        report(&out, label, start(parent, false, ends).await).await;
    }

    let (caller, caller_ref, task_ref) = start(parent, false, Ends::SleepsForever).await;
    process::exit(caller, ExitReason::Kill);
    report(&out, "caller killed", (caller, caller_ref, task_ref)).await;

    let started = start(parent, true, Ends::Exit(reason("crash"))).await;
    report(&out, "trapping task, caller exit(:crash)", started).await;
    out.show("task got", &recv::<Term>("task_got").await);
}
