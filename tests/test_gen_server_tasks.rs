//! The Task docs' "Compatibility with OTP behaviours": a GenServer starts
//! `TaskSupervisor::async_nolink` tasks, answers at once, and settles each
//! task in `handle_info`: its `{ref, result}` (then `demonitor_flush`, so its
//! `:normal` `:DOWN` never arrives) or its crash's `:DOWN`; the server and
//! its caller live on. (Recorded from Elixir: `gen_server_task_pattern`.)

mod common;

use common::{LONG, quiet_deliberate_panics, recv, run};
use extask::gen_server::{self, Info, Init, Return, StartOptions};
use extask::inspect::{Doc, Inspect};
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::{ExitReason, Pid, Ref, process};
use std::collections::HashMap;

struct Jobs {
    sup: TaskSupervisor,
    watcher: Pid,
    in_flight: HashMap<Ref, u32>,
    /// Messages `handle_info` had no job for.
    strays: usize,
}

impl Inspect for Jobs {
    fn to_doc(&self) -> Doc {
        self.in_flight.len().to_doc()
    }
}

/// What the watcher is told: the job's id and its result or crash.
type Settled = (u32, Result<u64, ExitReason>);

#[extask::gen_server]
impl Jobs {
    async fn init((sup, watcher): (TaskSupervisor, Pid)) -> Init<Self> {
        Init::Ok(Jobs {
            sup,
            watcher,
            in_flight: HashMap::new(),
            strays: 0,
        })
    }

    /// Starts job `id` (`None`: it crashes); answers before it ends.
    #[call]
    async fn start(&mut self, id: u32, value: Option<u64>) -> u32 {
        let task = self
            .sup
            .async_nolink(async move {
                process::sleep(20u64).await;
                value.expect(common::DELIBERATE)
            })
            .await;
        self.in_flight.insert(task.r#ref, id);
        id
    }

    /// The jobs not settled yet, the messages that matched none, the
    /// server's mailbox length.
    #[call]
    fn status(&mut self) -> (usize, usize, usize) {
        (
            self.in_flight.len(),
            self.strays,
            process::message_queue_len(),
        )
    }

    async fn handle_info(&mut self, msg: Info<(Ref, u64)>) -> Return<Self> {
        let settled = match msg {
            Info::Msg((r, value)) => {
                process::demonitor_flush(r);
                self.in_flight.remove(&r).map(|id| (id, Ok(value)))
            }
            Info::Down(down) => self
                .in_flight
                .remove(&down.r#ref)
                .map(|id| (id, Err(down.reason))),
            _ => None,
        };
        match settled {
            Some(settled) => process::send::<Settled>(self.watcher, settled),
            None => self.strays += 1,
        }
        Return::NoReply
    }
}

#[test]
fn results_and_crashes_of_nolink_tasks_reach_handle_info() {
    quiet_deliberate_panics();
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .expect("supervisor");
        let arg = (sup, process::self_pid());
        let jobs = gen_server::start_link::<Jobs>(arg, StartOptions::new())
            .await
            .expect("started");
        assert_eq!(Jobs::start(&jobs, 1, Some(42)).await, 1);
        assert_eq!(Jobs::start(&jobs, 2, None).await, 2);
        let mut settled: Vec<Settled> = Vec::new();
        for _ in 0..2 {
            settled.push(recv(LONG).await.expect("settled within 5 s"));
        }
        settled.sort_by_key(|s| s.0);
        assert_eq!(settled[0], (1, Ok(42)));
        let crash = settled[1].1.clone().expect_err("job 2 crashed");
        assert_eq!(settled[1].0, 2);
        assert!(crash.is_crash(), "{crash:?}");
        // Nothing left in flight, and the flushed `:DOWN` of job 1 never
        // reached `handle_info` (a task's reply and its `:DOWN` arrive
        // together, before the status call).
        assert_eq!(Jobs::status(&jobs).await, (0, 0, 0));
        assert!(process::alive(jobs.pid()));
    });
}
