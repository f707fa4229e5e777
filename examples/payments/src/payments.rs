//! The payments server: a GenServer that owns one supervised task per
//! payment and turns each task's outcome into exactly one notice.
//!
//! This is the pattern of Elixir's Task docs ("Compatibility with OTP
//! behaviours") for "start work, answer now, report later": the server's
//! `handle_call` starts `Task.Supervisor.async_nolink/2` and keeps the task's
//! `ref`; the task's reply arrives in `handle_info` as `{ref, result}`, a
//! crash as `{:DOWN, ref, :process, pid, reason}`. The task is not linked to
//! the server, so a crash costs one payment, never the server. The ledger's
//! update is the seed's "database update without notifying the starter": a
//! `Task.start_link` of the server's, which writes the row and publishes the
//! notice; the server hears nothing back.

use crate::gateway::Charge;
use crate::gateway_client::{Declined, GatewayClient};
use crate::hub::{Hub, Notice};
use crate::ledger::{Ledger, Record, Status};
use extask::gen_server::{Info, Init, Return};
use extask::inspect::{Doc, Inspect, Term};
use extask::supervisor::TaskSupervisor;
use extask::{Pid, Ref, process, task};
use std::collections::HashMap;
use tracing::Instrument;

/// What a charging task returns: the gateway's answer. A gateway failure is
/// not an outcome: it crashes the task.
pub(crate) type Outcome = Result<Charge, Declined>;

/// What the server starts from.
pub(crate) struct Start {
    pub(crate) tasks: TaskSupervisor,
    pub(crate) gateway: GatewayClient,
    pub(crate) ledger: Ledger,
    pub(crate) hub: Hub,
}

/// The server's state.
pub(crate) struct Payments {
    start: Start,
    /// The tasks running, by their monitor ref: payment id and task pid.
    in_flight: HashMap<Ref, (String, Pid)>,
}

/// What a crash report prints as the server's state: `{:payments, in_flight}`.
impl Inspect for Payments {
    fn to_doc(&self) -> Doc {
        let in_flight = i64::try_from(self.in_flight.len()).unwrap_or(i64::MAX);
        Term::tuple([Term::atom("payments"), Term::Int(in_flight)]).to_doc()
    }
}

#[extask::gen_server]
impl Payments {
    async fn init(start: Start) -> Init<Self> {
        tracing::info!("payments server started");
        Init::Ok(Payments {
            start,
            in_flight: HashMap::new(),
        })
    }

    /// Records a pending payment and starts its charge; answers at once with
    /// the record (`None`: the ledger could not record it).
    #[call]
    pub(crate) async fn submit(&mut self, amount_cents: u64) -> Option<Record> {
        let record = match self.start.ledger.open_payment(amount_cents) {
            Ok(record) => record,
            Err(error) => {
                tracing::error!(%error, "cannot record a payment");
                return None;
            }
        };
        self.start_charge(record.id.clone(), amount_cents).await;
        Some(record)
    }

    async fn handle_info(&mut self, msg: Info<(Ref, Outcome)>) -> Return<Self> {
        match msg {
            // `{ref, result}`: a task replied. Its `:normal` `:DOWN` is of no
            // use any more: drop the monitor and flush it.
            Info::Msg((r, outcome)) => {
                process::demonitor_flush(r);
                if let Some((id, pid)) = self.in_flight.remove(&r) {
                    self.settle(id, pid, outcome.map_err(|d| d.code));
                }
            }
            // `{:DOWN, ref, :process, pid, reason}`: a task ended without replying.
            Info::Down(down) => {
                if let Some((id, pid)) = self.in_flight.remove(&down.r#ref) {
                    let reason = format!("crashed: {:?}", down.reason);
                    self.settle(id, pid, Err(reason));
                }
            }
            // Not trapping exits and setting no timeouts, it gets nothing else.
            _ => {}
        }
        Return::NoReply
    }

    /// `Task.Supervisor.async_nolink(tasks, fn -> charge end)`; the task's
    /// ref is all we keep.
    async fn start_charge(&mut self, id: String, amount_cents: u64) {
        let gateway = self.start.gateway.clone();
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
        let task = self.start.tasks.async_nolink(work).await;
        tracing::info!(id = %id, task = ?task.pid, "charge started");
        self.in_flight.insert(task.r#ref, (id, task.pid));
    }

    /// `Task.start_link(fn -> update the ledger, publish the notice end)`:
    /// the server goes on at once and is told nothing; the link still ends
    /// the update if the server dies, and a failed update takes the server
    /// down rather than losing a payment silently.
    fn settle(&self, id: String, pid: Pid, outcome: Result<Charge, String>) {
        let (ledger, hub) = (self.start.ledger.clone(), self.start.hub.clone());
        let update = async move {
            let (status, charge_id, reason) = match outcome {
                Ok(charge) => (Status::Paid, Some(charge.charge_id), None),
                Err(reason) => (Status::Failed, None, Some(reason)),
            };
            let settled = ledger.settle(&id, status, reason.clone());
            let Some(record) = settled.unwrap_or_else(|e| panic!("ledger update failed: {e}"))
            else {
                return;
            };
            tracing::info!(%id, ?status, reason = reason.as_deref(), "payment settled");
            hub.publish(&Notice {
                id: record.id,
                status,
                amount_cents: record.amount_cents,
                charge_id,
                reason,
                task: format!("{pid:?}"),
            });
        };
        let Ok(_) = task::start_link(update);
    }
}
