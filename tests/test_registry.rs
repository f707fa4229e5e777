//! `Registry`: unique and duplicate keys, entries removed at exit, via-names.

mod common;

use common::{LONG, down, recv, run};
use extask::inspect::{Atom, inspect};
use extask::process::{self, Name};
use extask::registry::{Keys, Registry, already_registered};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Pid, Timeout};

/// A process that registers `key` in `reg` with `value`, reports, and waits for `:stop`.
fn registrant<V: Clone + Send + Sync + 'static>(
    reg: &Registry<&'static str, V>,
    key: &'static str,
    value: V,
) -> Pid {
    let reg = reg.clone();
    let parent = process::self_pid();
    process::spawn(async move {
        reg.register(key, value).unwrap();
        process::send(parent, ("registered", process::self_pid()));
        let _ = recv::<&str>(Timeout::Infinity).await;
    })
}

async fn registered(pid: Pid) {
    let got = process::receive_with(
        |m| {
            m.downcast_ref::<(&str, Pid)>()
                .filter(|(_, p)| *p == pid)
                .copied()
        },
        LONG,
    )
    .await;
    assert!(got.is_some(), "no registration");
}

#[test]
fn unique_keys_have_one_owner_and_say_who() {
    run(async {
        let me = process::self_pid();
        let reg: Registry<&str, &str> = Registry::start_link(Keys::Unique, "Test.Unique")
            .await
            .unwrap();
        assert_eq!(process::whereis("Test.Unique"), Some(reg.pid()));
        assert_eq!(reg.register("k", "v1"), Ok(reg.pid()));
        assert_eq!(reg.register("k", "v2"), Err(already_registered(me)));
        assert_eq!(
            inspect(&reg.register("k", "v2").unwrap_err()),
            format!("{{:already_registered, {me:?}}}")
        );
        let other = registrant(&reg, "k2", "v");
        registered(other).await;
        // Another process's key: refused to us with its owner.
        assert_eq!(reg.register("k2", "x"), Err(already_registered(other)));
        assert_eq!(reg.lookup(&"k"), vec![(me, "v1")]);
        assert_eq!(reg.lookup(&"missing"), vec![]);
        assert_eq!(reg.count(), 2);
        assert_eq!(reg.keys_of(me), vec!["k"]);
        assert_eq!(reg.keys_of(other), vec!["k2"]);
        assert_eq!(reg.values(&"k", me), vec!["v1"]);
        // Unregistering another's key removes nothing; one's own, everything.
        reg.unregister(&"k2");
        assert_eq!(reg.lookup(&"k2"), vec![(other, "v")]);
        reg.unregister(&"k");
        assert_eq!(reg.lookup(&"k"), vec![]);
        assert_eq!(reg.keys_of(me), Vec::<&str>::new());
        // Free again.
        assert_eq!(reg.register("k", "v3"), Ok(reg.pid()));
        process::send(other, "stop");
        // Starting it again under its name.
        let again = Registry::<&str, &str>::start_link(Keys::Unique, "Test.Unique")
            .await
            .unwrap_err();
        assert_eq!(again, process::already_started(reg.pid()));
    });
}

#[test]
fn duplicate_keys_keep_every_entry_in_order() {
    run(async {
        let me = process::self_pid();
        let reg: Registry<&str, i32> = Registry::start_link(Keys::Duplicate, "Test.Duplicate")
            .await
            .unwrap();
        assert_eq!(reg.register("topic", 1), Ok(reg.pid()));
        assert_eq!(reg.register("topic", 2), Ok(reg.pid()));
        let other = registrant(&reg, "topic", 3);
        registered(other).await;
        assert_eq!(reg.lookup(&"topic"), vec![(me, 1), (me, 2), (other, 3)]);
        assert_eq!(reg.count(), 3);
        assert_eq!(reg.keys_of(me), vec!["topic", "topic"]);
        assert_eq!(reg.values(&"topic", me), vec![1, 2]);
        let mut seen = Vec::new();
        reg.dispatch(&"topic", |entries| seen.extend_from_slice(entries));
        assert_eq!(seen, vec![(me, 1), (me, 2), (other, 3)]);
        let mut called = false;
        reg.dispatch(&"nobody", |_| called = true);
        assert!(!called, "dispatch runs only for entries");
        reg.unregister(&"topic");
        assert_eq!(reg.lookup(&"topic"), vec![(other, 3)]);
        process::send(other, "stop");
    });
}

#[test]
fn entries_are_gone_when_their_process_exits_before_its_monitors_hear() {
    run(async {
        let reg: Registry<&str, u8> = Registry::start_link(Keys::Duplicate, "Test.Exits")
            .await
            .unwrap();
        for reason in [ExitReason::Normal, ExitReason::Kill] {
            let pid = registrant(&reg, "a", 1);
            registered(pid).await;
            assert_eq!(reg.count(), 1);
            let watch = process::monitor(pid);
            if reason == ExitReason::Normal {
                process::send(pid, "stop");
            } else {
                process::exit(pid, reason);
            }
            down(watch).await;
            assert_eq!(reg.lookup(&"a"), vec![]);
            assert_eq!(reg.count(), 0);
            assert_eq!(reg.keys_of(pid), Vec::<&str>::new());
        }
        // The registry itself lived on (it traps its registrants' exits).
        assert!(process::alive(reg.pid()));
    });
}

#[test]
fn a_registering_process_is_linked_to_the_registry() {
    run(async {
        process::trap_exit(true);
        let reg: Registry<&str, ()> = Registry::start_link(Keys::Unique, "Test.Linked")
            .await
            .unwrap();
        let pid = registrant(&reg, "x", ());
        registered(pid).await;
        let watch = process::monitor(pid);
        // The registry stops with its parent's reason; the registrant goes with it.
        process::exit(reg.pid(), ExitReason::Shutdown);
        assert_eq!(down(watch).await.reason, ExitReason::Shutdown);
        assert!(!reg.alive());
        assert_eq!(reg.count(), 0);
        let e = reg.register("y", ()).unwrap_err();
        assert_eq!(
            e,
            ExitReason::argument_error("unknown registry: Test.Linked")
        );
        assert_eq!(
            Registry::<&str, ()>::named("Test.Linked").unwrap_err(),
            ExitReason::argument_error("unknown registry: Test.Linked")
        );
    });
}

#[test]
fn a_registry_is_found_by_name_at_its_types() {
    run(async {
        let reg: Registry<&str, u8> = Registry::start_link(Keys::Unique, "Test.Named")
            .await
            .unwrap();
        reg.register("k", 1).unwrap();
        let found = Registry::<&str, u8>::named("Test.Named").unwrap();
        assert_eq!(found.lookup(&"k"), vec![(process::self_pid(), 1)]);
        assert!(Registry::<u64, u8>::named("Test.Named").is_err());
        assert_eq!(
            Registry::<&str, u8>::named("Test.Nope").unwrap_err(),
            ExitReason::argument_error("unknown registry: Test.Nope")
        );
        assert_eq!(inspect(&reg), "Test.Named");
    });
}

#[test]
fn via_names_find_send_and_name_a_supervisor() {
    run(async {
        let me = process::self_pid();
        let reg: Registry<Atom, ()> = Registry::start_link(Keys::Unique, "Test.Via")
            .await
            .unwrap();
        let name: Name = reg.via(Atom::new("me")).into();
        assert_eq!(inspect(&name), "{:via, Registry, {Test.Via, :me}}");
        assert_eq!(name.whereis(), None);
        assert_eq!(
            process::send_to(name.clone(), 1_u8),
            Err(ExitReason::argument_error("argument error"))
        );
        reg.register(Atom::new("me"), ()).unwrap();
        assert_eq!(name.whereis(), Some(me));
        process::send_to(name.clone(), 5_u8).unwrap();
        assert_eq!(recv::<u8>(LONG).await, Some(5));

        // A task supervisor named by a via-name: registered from its birth.
        let sup_name = Name::from(reg.via(Atom::new("tasks")));
        let sup = TaskSupervisor::start_link(SupervisorOptions::new().name(sup_name.clone()))
            .await
            .unwrap();
        assert_eq!(TaskSupervisor::whereis(sup_name.clone()), Some(sup));
        assert_eq!(reg.lookup(&Atom::new("tasks")), vec![(sup.pid(), ())]);
        let taken =
            TaskSupervisor::start_link(SupervisorOptions::new().name(sup_name.clone())).await;
        assert_eq!(taken.unwrap_err(), process::already_started(sup.pid()));
        process::unlink(sup.pid());
        let watch = process::monitor(sup.pid());
        process::exit(sup.pid(), ExitReason::Kill);
        down(watch).await;
        assert_eq!(sup_name.whereis(), None);
    });
}

#[test]
fn via_names_of_a_duplicate_registry_are_refused() {
    run(async {
        let reg: Registry<&str, ()> = Registry::start_link(Keys::Duplicate, "Test.ViaDup")
            .await
            .unwrap();
        let name = Name::from(reg.via("k"));
        let e = TaskSupervisor::start_link(SupervisorOptions::new().name(name.clone()))
            .await
            .unwrap_err();
        assert_eq!(
            e,
            ExitReason::argument_error(":via is not supported for duplicate registries")
        );
        assert_eq!(name.whereis(), None);
        assert_eq!(reg.count(), 0);
    });
}
