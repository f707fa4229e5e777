//! Local names: `Process.register/2`, `whereis/1`, `unregister/1`,
//! `registered/0`, sending to a name, and the name freed at exit.

mod common;

use common::{LONG, down, recv, run};
use extask::inspect::inspect;
use extask::process::{self, Name};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Pid, Timeout};

fn register_error(pid: Pid, name: &str) -> String {
    format!(
        "an exception was raised:\n    ** (ArgumentError) could not register {pid:?} with name \
         {name} because it is not alive, the name is already taken, or it has already been given \
         another name"
    )
}

fn badarg(what: &str) -> ExitReason {
    ExitReason::argument_error(format!(
        "errors were found at the given arguments:\n\n  * 1st argument: {what}\n"
    ))
}

/// A process that waits for `:stop`.
fn sleeper() -> Pid {
    process::spawn(async {
        let _ = recv::<&str>(Timeout::Infinity).await;
    })
}

#[test]
fn a_registered_name_finds_its_process_and_takes_messages() {
    run(async {
        let me = process::self_pid();
        process::register(me, "names.me").unwrap();
        assert_eq!(process::whereis("names.me"), Some(me));
        assert!(process::registered().contains(&"names.me"));
        process::send_to("names.me", 7_u8).unwrap();
        assert_eq!(recv::<u8>(LONG).await, Some(7));
        process::unregister("names.me").unwrap();
        assert_eq!(process::whereis("names.me"), None);
        // Unregistered, the process may take a new name.
        process::register(me, "names.me.again").unwrap();
        process::unregister("names.me.again").unwrap();
    });
}

#[test]
fn taken_names_named_processes_and_dead_pids_are_refused_as_elixir_refuses_them() {
    run(async {
        let me = process::self_pid();
        let other = sleeper();
        process::register(other, "names.taken").unwrap();
        // Taken by another process, and by the process itself.
        let e = process::register(me, "names.taken").unwrap_err();
        assert_eq!(e.to_string(), register_error(me, ":\"names.taken\""));
        let e = process::register(other, "names.taken").unwrap_err();
        assert_eq!(e.to_string(), register_error(other, ":\"names.taken\""));
        // A process with a name gets no second one.
        let e = process::register(other, "names_second").unwrap_err();
        assert_eq!(e.to_string(), register_error(other, ":names_second"));
        assert_eq!(process::whereis("names_second"), None);
        // A dead pid.
        let (dead, watch) = process::spawn_monitor(async {});
        down(watch).await;
        let e = process::register(dead, "names_dead").unwrap_err();
        assert_eq!(e.to_string(), register_error(dead, ":names_dead"));
        // `nil` and `:undefined` are no names.
        let e = process::register(me, "nil").unwrap_err();
        assert_eq!(
            e,
            ExitReason::function_clause("Process.register/2"),
            "{e:?}"
        );
        assert!(process::register(me, "undefined").is_err());
        process::send(other, "stop");
    });
}

#[test]
fn unknown_names_give_elixirs_argument_errors() {
    run(async {
        // A BIF's badarg: the message Elixir's `rescue` shows, and the raw
        // `{:badarg, stack}` a process exits with when it does not rescue.
        let e = process::unregister("names.nobody").unwrap_err();
        assert_eq!(e, badarg("not a pid"));
        assert_eq!(inspect(&e), "{:badarg, []}");
        let e = process::send_to("names.nobody", 1_u8).unwrap_err();
        assert_eq!(e, badarg("invalid destination"));
        assert_eq!(process::whereis("names.nobody"), None);
        assert_eq!(Name::from("names.nobody").whereis(), None);
    });
}

#[test]
fn a_name_is_free_before_the_monitors_of_its_dead_process_hear() {
    run(async {
        for reason in [ExitReason::Normal, ExitReason::Kill] {
            let pid = sleeper();
            process::register(pid, "names.freed").unwrap();
            let watch = process::monitor(pid);
            if reason == ExitReason::Normal {
                process::send(pid, "stop");
            } else {
                process::exit(pid, reason);
            }
            down(watch).await;
            // Already free when the :DOWN arrives: a restarted process can take it.
            assert_eq!(process::whereis("names.freed"), None);
            assert!(!process::registered().contains(&"names.freed"));
            let next = sleeper();
            process::register(next, "names.freed").unwrap();
            process::unregister("names.freed").unwrap();
            process::send(next, "stop");
        }
    });
}

#[test]
fn a_name_unregistered_and_taken_by_another_is_not_freed_by_the_first_holders_exit() {
    run(async {
        let first = sleeper();
        process::register(first, "names.moved").unwrap();
        process::unregister("names.moved").unwrap();
        let second = sleeper();
        process::register(second, "names.moved").unwrap();
        let watch = process::monitor(first);
        process::send(first, "stop");
        down(watch).await;
        assert_eq!(process::whereis("names.moved"), Some(second));
        process::send(second, "stop");
    });
}

#[test]
fn names_print_as_elixir_atoms_and_aliases() {
    assert_eq!(inspect(&Name::from("worker")), ":worker");
    assert_eq!(inspect(&Name::from("MyApp.Tasks")), "MyApp.Tasks");
    assert_eq!(inspect(&Name::from("my.tasks")), ":\"my.tasks\"");
}

#[test]
fn a_task_supervisor_name_is_one_of_the_local_names() {
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().name("names.sup"))
            .await
            .unwrap();
        assert_eq!(process::whereis("names.sup"), Some(sup.pid()));
        // Taken by a plain process first: the supervisor does not start.
        let holder = sleeper();
        process::register(holder, "names.sup.taken").unwrap();
        let e = TaskSupervisor::start_link(SupervisorOptions::new().name("names.sup.taken"))
            .await
            .unwrap_err();
        assert_eq!(e, process::already_started(holder));
        assert_eq!(inspect(&e), format!("{{:already_started, {holder:?}}}"));
        process::send(holder, "stop");
    });
}
