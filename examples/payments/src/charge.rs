//! `GET /payments/{id}/charge`: the gateway's charge for a payment, in the
//! request's own process (`extask::tower::ProcessLayer` runs every request as
//! one, as Cowboy does for Phoenix).
//!
//! The lookup is a task linked to the request and awaited with the lookup
//! deadline; nothing here handles its failure. Let it crash: a lookup that
//! fails kills the request process through the link, a lookup past the
//! deadline makes `Task.await` exit it, and either way the layer answers
//! `500` (and the crash report names the request). Compare the receipt
//! route, which runs its own process to turn those exits into `504`/`502`.

use crate::receipt::Lookups;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use extask::task;

pub(crate) async fn charge(State(lookups): State<Lookups>, Path(id): Path<String>) -> Response {
    let Lookups {
        gateway, timeout, ..
    } = lookups;
    let lookup = task!(async fn ->
        match gateway.lookup(&id).await {
            Ok(Some(charge)) => charge,
            Ok(None) => panic!("the gateway has no charge for {id}"),
            Err(e) => panic!("{e}"),
        }
    end);
    Json(task!(await lookup, timeout)).into_response()
}
