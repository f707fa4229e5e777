//! The report Elixir logs when a supervisor exits with an abnormal reason
//! (it is a `GenServer`): `GenServer #PID<..> terminating`, the reason, the
//! last message and OTP's `#state{}` record, printed as Elixir prints it.
//! A supervisor logs nothing else by default: its own reports (a child
//! terminated, a restart intensity reached) are SASL reports, off unless
//! `handle_sasl_reports` is set.

use super::info::ChildPid;
use super::options::Strategy;
use super::spec::ChildSpec;
use crate::inspect::{Doc, Inspect, Term, derive, keyword_key, term_order};
use crate::name::Name;
use crate::{ExitReason, Pid};

/// What the report shows of a supervisor.
pub(crate) struct State<'a> {
    pub(crate) pid: Pid,
    pub(crate) name: Option<&'a Name>,
    pub(crate) strategy: Strategy,
    pub(crate) max_restarts: usize,
    pub(crate) max_seconds: u64,
    /// In start order.
    pub(crate) children: Vec<(&'a ChildSpec, ChildPid)>,
    /// The specs as given to `start_link`, printed.
    pub(crate) given: &'a [Doc],
}

/// `GenServer NAME terminating`, `** (stop) reason`, `Last message: ..`,
/// `State: ..`.
pub(crate) fn terminating(state: &State<'_>, reason: &ExitReason, last: &Term) -> String {
    let who = match state.name {
        Some(name) => crate::inspect::inspect(name),
        None => crate::inspect::inspect(&state.pid),
    };
    let shown = crate::inspect::inspect(&state_doc(state));
    format!(
        "GenServer {who} terminating\n** (stop) {}\nLast message: {}\nState: {shown}",
        crate::inspect::inspect(reason),
        crate::inspect::inspect(last),
    )
}

/// A term printed from a ready document.
fn doc(d: Doc) -> Term {
    Term::Doc(Box::new(d))
}

fn state_doc(state: &State<'_>) -> Term {
    let sup_name = match state.name {
        Some(local @ Name::Local(_)) => {
            Term::tuple([Term::atom("local"), super::builtin_specs::name_term(local)])
        }
        Some(other) => Term::of(other),
        None => Term::tuple([
            Term::Pid(state.pid),
            Term::atom("Elixir.Supervisor.Default"),
        ]),
    };
    let ids = Term::list(state.children.iter().rev().map(|(s, _)| s.id.clone()));
    let mut records: Vec<(&Term, Term)> = state
        .children
        .iter()
        .map(|(spec, pid)| (&spec.id, child_record(spec, *pid)))
        .collect();
    records.sort_by_key(|(id, _)| term_order(id));
    let flags = derive::map(vec![
        derive::field("intensity: ", Doc::text(state.max_restarts.to_string())),
        derive::field("period: ", Doc::text(state.max_seconds.to_string())),
        derive::field("strategy: ", state.strategy.to_doc()),
    ]);
    let given = Doc::container("[", state.given.to_vec(), "]", false);
    let init = Term::tuple([Term::atom("ok"), Term::tuple([doc(flags), doc(given)])]);
    Term::tuple([
        Term::atom("state"),
        sup_name,
        Term::of(&state.strategy),
        Term::tuple([ids, doc(map_doc(records))]),
        Term::atom("undefined"),
        Term::from(state.max_restarts as u64),
        Term::from(state.max_seconds),
        Term::list([]),
        Term::from(0_u64),
        Term::atom("never"),
        Term::atom("Elixir.Supervisor.Default"),
        init,
    ])
}

/// OTP's `#child{}`: `{:child, pid, id, start, restart, significant,
/// shutdown, type, modules}`.
fn child_record(spec: &ChildSpec, pid: ChildPid) -> Term {
    Term::tuple([
        Term::atom("child"),
        Term::of(&pid),
        spec.id.clone(),
        spec.call_term(),
        Term::of(&spec.restart_type()),
        Term::atom("false"),
        Term::of(&spec.shutdown_type()),
        Term::of(&spec.child_type()),
        Term::list(spec.modules().into_iter().map(Term::Atom)),
    ])
}

/// A map as Elixir prints it: `%{a: 1}` when every key is an atom other
/// than an alias, else `%{1 => x, Foo => y, :a => z}`; keys in Erlang's
/// term order.
fn map_doc(entries: Vec<(&Term, Term)>) -> Doc {
    let keyword = entries
        .iter()
        .all(|(k, _)| matches!(k, Term::Atom(a) if keyword_key(a.name()).is_some()));
    let items = entries
        .into_iter()
        .map(|(k, v)| {
            let key = if keyword {
                let Term::Atom(a) = k else {
                    unreachable!("checked above")
                };
                let key = keyword_key(a.name()).unwrap_or_default();
                Doc::text(format!("{key}: "))
            } else {
                Doc::text(format!("{} => ", crate::inspect::inspect(k)))
            };
            Doc::Concat(vec![key, v.to_doc()])
        })
        .collect();
    Doc::container("%{", items, "}", true)
}
