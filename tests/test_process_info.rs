//! `Process.info`, `Process.list`, and `$ancestors` as Elixir records them.

mod common;

use common::{LONG, down, recv, run};
use extask::inspect::{Doc, Inspect, inspect};
use extask::process::{self, Ancestor, InfoItem, Status};
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::{async_task, await_task};
use extask::{ExitReason, Pid, Timeout};

/// A process that waits for `:stop`, not receiving anything else.
fn idle() -> Pid {
    process::spawn(async {
        let _ = process::receive_with(
            |m| m.downcast_ref::<&str>().filter(|s| **s == "stop").copied(),
            Timeout::Infinity,
        )
        .await;
    })
}

struct Unexpected {
    id: u32,
}

struct Known(u32);

impl Inspect for Known {
    fn to_doc(&self) -> Doc {
        Doc::text(format!("%Known{{n: {}}}", self.0))
    }
}

#[test]
fn a_dead_process_has_no_info() {
    run(async {
        let (pid, watch) = process::spawn_monitor(async {});
        down(watch).await;
        assert!(process::info(pid).is_none());
        assert!(process::info_item(pid, InfoItem::Links).is_none());
        assert!(!process::list().contains(&pid));
    });
}

#[test]
fn info_lists_messages_oldest_first_with_their_types_even_ones_nobody_expects() {
    run(async {
        process::inspectable::<Known>();
        let pid = idle();
        process::send(pid, ("hello", 1_i64));
        process::send(pid, Unexpected { id: 7 });
        process::send(pid, Known(3));
        process::send(pid, "two");
        let info = process::info(pid).unwrap();
        assert_eq!(info.message_queue_len(), 4);
        let types: Vec<_> = info.messages.iter().map(|m| m.type_name).collect();
        assert_eq!(types[1], std::any::type_name::<Unexpected>());
        assert_eq!(types[2], std::any::type_name::<Known>());
        assert_eq!(types[3], "&str");
        assert!(info.messages[1].term.is_none());
        assert_eq!(
            inspect(&info.messages[1..]),
            format!(
                "[#Message<{}>, %Known{{n: 3}}, \"two\"]",
                std::any::type_name::<Unexpected>()
            )
        );
        // Looking did not take them: they are all still there, in order.
        let again = process::info(pid).unwrap();
        assert_eq!(again.messages, info.messages);
        // And the process still receives the one it waits for.
        let watch = process::monitor(pid);
        process::send(pid, "stop");
        assert_eq!(down(watch).await.reason, ExitReason::Normal);
        let _ = Unexpected { id: 0 }.id;
    });
}

#[test]
fn info_shows_links_monitors_trap_exit_status_and_name() {
    run(async {
        let me = process::self_pid();
        let pid = process::spawn_link(async move {
            process::trap_exit(true);
            process::send(me, 1_u8);
            let _ = recv::<&str>(Timeout::Infinity).await;
        });
        let watch = process::monitor(pid);
        // It traps from here on.
        assert_eq!(recv::<u8>(LONG).await, Some(1));
        let info = process::info(pid).unwrap();
        assert_eq!(info.links, vec![me]);
        assert_eq!(info.monitored_by, vec![me]);
        assert_eq!(info.registered_name, None);
        assert_eq!(info.status, Status::Waiting);
        let mine = process::info(me).unwrap();
        assert!(mine.monitors.contains(&pid));
        assert_eq!(mine.status, Status::Running);
        assert_eq!(
            inspect(&process::info_item(me, InfoItem::Monitors).unwrap()),
            format!("{{:monitors, [process: {pid:?}]}}")
        );
        process::register(pid, "info.named").unwrap();
        assert_eq!(
            inspect(&process::info_item(pid, InfoItem::RegisteredName).unwrap()),
            "{:registered_name, :\"info.named\"}"
        );
        let text = inspect(&process::info(pid).unwrap());
        assert_eq!(
            text,
            format!(
                "[registered_name: :\"info.named\", initial_call: {{:erlang, :apply, 2}}, \
                 status: :waiting, message_queue_len: 0, messages: [], links: [{me:?}], \
                 monitors: [], monitored_by: [{me:?}], dictionary: [], trap_exit: true]"
            )
        );
        process::unlink(pid);
        process::send(pid, "stop");
        down(watch).await;
    });
}

#[test]
fn list_has_every_live_process_in_order() {
    run(async {
        let a = idle();
        let b = idle();
        let all = process::list();
        assert!(all.contains(&process::self_pid()) && all.contains(&a) && all.contains(&b));
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        process::send(a, "stop");
        process::send(b, "stop");
    });
}

#[test]
fn tasks_record_ancestors_as_elixir_does() {
    run(async {
        let me = process::self_pid();
        assert_eq!(process::ancestors(), vec![]);
        let t = async_task(async { process::ancestors() });
        assert_eq!(await_task(t, LONG).await, vec![Ancestor::Pid(me)]);
        let outer = async_task(async {
            let inner = async_task(async { process::ancestors() });
            (process::self_pid(), await_task(inner, LONG).await)
        });
        let (outer_pid, inner) = await_task(outer, LONG).await;
        assert_eq!(inner, vec![Ancestor::Pid(outer_pid), Ancestor::Pid(me)]);
        // A plain spawn has none.
        let spawned = process::spawn(async move { process::send(me, process::ancestors()) });
        assert_eq!(recv::<Vec<Ancestor>>(LONG).await, Some(vec![]));
        let _ = spawned;
    });
}

#[test]
fn supervised_tasks_have_their_supervisor_by_name_then_its_ancestors() {
    run(async {
        let me = process::self_pid();
        let named = TaskSupervisor::start_link(SupervisorOptions::new().name("Info.TS"))
            .await
            .unwrap();
        let t = named.async_task(async { process::ancestors() }).await;
        let ancestors = await_task(t, LONG).await;
        assert_eq!(
            ancestors,
            vec![Ancestor::Name("Info.TS"), Ancestor::Pid(me)]
        );
        assert_eq!(inspect(&ancestors), format!("[Info.TS, {me:?}]"));

        let unnamed = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        let t = unnamed
            .async_nolink(async {
                let nested = async_task(async { process::ancestors() });
                (process::self_pid(), await_task(nested, LONG).await)
            })
            .await;
        let (child, nested) = await_task(t, LONG).await;
        assert_eq!(
            nested,
            vec![
                Ancestor::Pid(child),
                Ancestor::Pid(unnamed.pid()),
                Ancestor::Pid(me)
            ]
        );

        named
            .start_child(
                move || async move { process::send(me, process::ancestors()) },
                ChildOptions::new(),
            )
            .await
            .unwrap();
        assert_eq!(
            recv::<Vec<Ancestor>>(LONG).await,
            Some(vec![Ancestor::Name("Info.TS"), Ancestor::Pid(me)])
        );
        // The supervisor's own: its parent.
        let info = process::info(named.pid()).unwrap();
        assert_eq!(info.ancestors, vec![Ancestor::Pid(me)]);
        assert_eq!(inspect(&info.initial_call), "{:proc_lib, :init_p, 5}");
    });
}

#[test]
fn a_tasks_dictionary_prints_as_elixirs() {
    run(async {
        let me = process::self_pid();
        let t = async_task(async {
            let info = process::info(process::self_pid()).unwrap();
            info.dictionary().render(usize::MAX)
        });
        assert_eq!(
            await_task(t, LONG).await,
            format!(
                "[\"$ancestors\": [{me:?}], \"$callers\": [{me:?}], \"$initial_call\": {{:erlang, :apply, 2}}]"
            )
        );
    });
}
