//! What a server logs, in the shape of Elixir's Logger: the crash report
//! `GenServer #PID<..> terminating`, and the default `handle_info/2`'s
//! "received unexpected message".
//!
//! Both print user values (`Inspect` of the state and messages) and go to a
//! subscriber's writer: under `catch_unwind`, and never in the way of the
//! exit that follows.

use super::GenServer;
use super::returns::Info;
use crate::inspect::{Inspect, Term, inspect};
use crate::process::Name;
use crate::runtime::names;
use crate::runtime::registry;
use crate::runtime::report::{self as log, PanicSite, stack_line};
use crate::{ExitReason, Pid};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// The message the server was handling when it stopped.
pub(crate) enum Last {
    /// A call, from that process.
    Call { from: Pid, request: Arc<Term> },
    /// A cast (`{:"$gen_cast", msg}`), a plain message, `{:continue, c}`.
    Plain(Term),
    /// None: [`stop`](super::stop) (Elixir prints `[]`).
    Nothing,
}

/// Writes `GenServer #PID<..> terminating` for a server stopping with
/// `reason` (not `:normal`, `:shutdown`, `{:shutdown, _}`).
pub(crate) fn terminating<S: Inspect>(
    pid: Pid,
    name: Option<&Name>,
    reason: &ExitReason,
    site: Option<PanicSite>,
    last: &Last,
    state: &S,
) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if !log::wanted() {
            return;
        }
        let who = name.map_or_else(|| inspect(&pid), inspect);
        let text = terminating_text(&who, reason, site.as_ref(), last, state);
        log::write(&text, site);
    }));
}

fn terminating_text<S: Inspect>(
    who: &str,
    reason: &ExitReason,
    site: Option<&PanicSite>,
    last: &Last,
    state: &S,
) -> String {
    let stack = stack_line(site);
    let detail = match reason {
        ExitReason::Exception(e) => format!("{e}{stack}"),
        ExitReason::Error(term) => format!("** (ErlangError) Erlang error: {term:?}{stack}"),
        ExitReason::Term(Term::Tuple(items))
            if items.len() == 2 && items[0].is_atom("bad_return_value") =>
        {
            format!("** (stop) bad return value: {:?}", items[1])
        }
        other => format!("** (stop) {other:?}"),
    };
    let (last, client) = match last {
        Last::Call { from, request } => {
            let alive = registry::get(*from).is_some_and(|p| p.is_alive());
            let client = if alive {
                format!("\nClient {from:?} is alive\n")
            } else {
                format!("\nClient {from:?} is dead")
            };
            // The client by its registered name, if it has one.
            let by = match names::name_of(*from) {
                Some(name) => inspect(&Name::Local(name)),
                None => inspect(from),
            };
            (format!("Last message (from {by}): {request:?}"), client)
        }
        Last::Plain(msg) => (format!("Last message: {msg:?}"), String::new()),
        Last::Nothing => ("Last message: []".to_owned(), String::new()),
    };
    format!(
        "GenServer {who} terminating\n{detail}\n{last}\nState: {}{client}",
        inspect(state)
    )
}

/// The default `handle_info/2`'s log line, named after the server's type
/// as Elixir names the callback module.
pub(crate) fn unexpected<S: GenServer>(msg: &Info<S::Info>) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if !log::wanted() {
            return;
        }
        let pid = crate::process::self_pid();
        let text = format!(
            "{} {pid:?} received unexpected message in handle_info/2: {}",
            module_name::<S>(),
            inspect(msg)
        );
        log::write(&text, None);
    }));
}

/// The last segment of the type's path, without generic arguments.
fn module_name<S>() -> &'static str {
    let full = std::any::type_name::<S>();
    let plain = full.split('<').next().unwrap_or(full);
    plain.rsplit("::").next().unwrap_or(plain)
}
