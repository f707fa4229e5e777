//! The payments process: owns one supervised task per payment and turns
//! each task's outcome into exactly one notice.
//!
//! This is the Elixir idiom for "start work, answer now, report later":
//! a long-lived process calls `Task.Supervisor.async_nolink/2` and keeps the
//! task's `ref`; the task's reply arrives as `{ref, result}` and a crash as
//! `{:DOWN, ref, :process, pid, reason}`. The task is not linked to the
//! payments process, so a crash costs one payment, never the server.

use crate::gateway::Charge;
use crate::gateway_client::{Declined, GatewayClient};
use crate::hub::{Hub, Notice};
use crate::ledger::{Ledger, Record, Status};
use extask::messages::Down;
use extask::supervisor::TaskSupervisor;
use extask::{Pid, Ref, process, receive};
use std::collections::HashMap;
use tracing::Instrument;

/// What a charging task returns: the gateway's answer. A gateway failure is
/// not an outcome: it crashes the task.
pub(crate) type Outcome = Result<Charge, Declined>;

/// Handle on the payments process.
#[derive(Clone)]
pub(crate) struct Payments {
    pid: Pid,
    ledger: Ledger,
}

/// The message `submit` sends: charge this payment.
struct ChargeRequest {
    id: String,
    amount_cents: u64,
}

impl Payments {
    /// Starts the payments process, linked to the caller when the caller is
    /// a process (the example's root). It starts its tasks under `tasks`.
    pub(crate) fn start(
        tasks: TaskSupervisor,
        gateway: GatewayClient,
        ledger: Ledger,
        hub: Hub,
    ) -> Payments {
        let state = State {
            tasks,
            gateway,
            ledger: ledger.clone(),
            hub,
            in_flight: HashMap::new(),
        };
        let pid = process::spawn_link(run(state));
        Payments { pid, ledger }
    }

    /// The payments process.
    pub(crate) fn pid(&self) -> Pid {
        self.pid
    }

    /// Records a pending payment and asks the payments process to charge
    /// it; returns at once. Callable from any code, process or not.
    pub(crate) fn submit(&self, amount_cents: u64) -> Record {
        let record = self.ledger.open(amount_cents);
        let request = ChargeRequest {
            id: record.id.clone(),
            amount_cents,
        };
        process::send(self.pid, request);
        record
    }
}

struct State {
    tasks: TaskSupervisor,
    gateway: GatewayClient,
    ledger: Ledger,
    hub: Hub,
    /// The tasks running, by their monitor ref: payment id and task pid.
    in_flight: HashMap<Ref, (String, Pid)>,
}

async fn run(mut state: State) {
    tracing::info!("payments process started");
    loop {
        receive! {
            req: ChargeRequest => state.start_charge(req).await,
            // `{ref, result}`: a task replied. Its `:normal` `:DOWN` is of no
            // use any more: drop the monitor and flush it.
            (r, outcome): (Ref, Outcome) => {
                process::demonitor_flush(r);
                if let Some((id, pid)) = state.in_flight.remove(&r) {
                    state.settle(&id, pid, outcome.map_err(|d| d.code));
                }
            }
            // `{:DOWN, ref, :process, pid, reason}`: a task ended without replying.
            down: Down => {
                if let Some((id, pid)) = state.in_flight.remove(&down.r#ref) {
                    let reason = format!("crashed: {:?}", down.reason);
                    state.settle(&id, pid, Err(reason));
                }
            }
        }
    }
}

impl State {
    /// `Task.Supervisor.async_nolink(tasks, fn -> charge end)`; the task's
    /// ref is all we keep.
    async fn start_charge(&mut self, req: ChargeRequest) {
        let gateway = self.gateway.clone();
        let ChargeRequest { id, amount_cents } = req;
        let payment_id = id.clone();
        let work = async move {
            // Entered inside the task, so it nests under the task's own
            // `process{pid callers}` span.
            let span = tracing::info_span!("charge", id = %payment_id);
            async move {
                tracing::info!(amount_cents, "charging");
                match gateway.charge(&payment_id, amount_cents).await {
                    Ok(outcome) => outcome,
                    // Let it crash: the `:DOWN` turns this into a `failed` notice.
                    Err(error) => panic!("{error}"),
                }
            }
            .instrument(span)
            .await
        };
        let task = self.tasks.async_nolink(work).await;
        tracing::info!(id = %id, task = ?task.pid, "charge started");
        self.in_flight.insert(task.r#ref, (id, task.pid));
    }

    fn settle(&self, id: &str, pid: Pid, outcome: Result<Charge, String>) {
        let (status, charge_id, reason) = match outcome {
            Ok(charge) => (Status::Paid, Some(charge.charge_id), None),
            Err(reason) => (Status::Failed, None, Some(reason)),
        };
        let Some(record) = self.ledger.settle(id, status, reason.clone()) else {
            return;
        };
        tracing::info!(%id, ?status, reason = reason.as_deref(), "payment settled");
        self.hub.publish(&Notice {
            id: record.id,
            status,
            amount_cents: record.amount_cents,
            charge_id,
            reason,
            task: format!("{pid:?}"),
        });
    }
}
