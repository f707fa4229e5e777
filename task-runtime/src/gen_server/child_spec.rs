//! The child specs of a GenServer and of an Agent (Elixir's `use GenServer`
//! and `Agent.child_spec/1`), so either sits in a
//! [`Supervisor`](crate::supervisor::Supervisor) tree.

use super::{GenServer, StartError, StartOptions, start_link};
use crate::inspect::{Atom, Inspect, Term};
use crate::supervisor::{ChildSpec, Start, StartFn};

/// `MyServer.child_spec(arg)` of a module with `use GenServer`: id the
/// server's module, `restart: :permanent`, started by
/// [`start_link`]`::<S>(arg, opts)` in the supervisor at each (re)start,
/// printed `%{id: Counter, start: {Counter, :start_link, [arg]}}` (the
/// module is the Rust type's name, as Elixir names it by its module).
///
/// ```
/// use task_runtime::gen_server::{self, GenServer, Init, Protocol, StartOptions};
/// use task_runtime::inspect::{inspect, Doc, Inspect};
///
/// struct Counter(i64);
/// impl Inspect for Counter {
///     fn to_doc(&self) -> Doc {
///         self.0.to_doc()
///     }
/// }
/// impl Protocol for Counter {
///     type Call = ();
///     type Reply = i64;
///     type Cast = ();
/// }
/// impl GenServer for Counter {
///     type Arg = i64;
///     type Info = ();
///     type Continue = ();
///     async fn init(start: i64) -> Init<Self> {
///         Init::Ok(Counter(start))
///     }
/// }
///
/// let spec = gen_server::child_spec::<Counter>(7, StartOptions::new());
/// assert_eq!(inspect(&spec), "%{id: Counter, start: {Counter, :start_link, [7]}}");
/// ```
pub fn child_spec<S>(arg: S::Arg, opts: StartOptions) -> ChildSpec
where
    S: GenServer,
    S::Arg: Clone + Inspect,
{
    let module = module_of::<S>();
    let call = (
        module.clone(),
        Atom::new("start_link"),
        vec![Term::of(&arg)],
    );
    let start: StartFn = Box::new(move || {
        let (arg, opts) = (arg.clone(), opts.clone());
        Box::pin(async move { started(start_link::<S>(arg, opts).await.map(|s| s.pid())) })
    });
    ChildSpec::with_call(Term::Atom(module), call, start)
}

/// A start result as a supervisor takes it.
pub(crate) fn started(result: Result<crate::Pid, StartError>) -> Start {
    match result {
        Ok(pid) => Start::Ok(pid),
        Err(StartError::Ignore) => Start::Ignore,
        Err(StartError::Error(reason)) => Start::Error(reason.to_term()),
    }
}

/// The module a Rust type stands for: its last path segment without
/// generic arguments (`my_app::Counter<i64>` → `Counter`), an Elixir alias
/// if it is capitalised.
fn module_of<S>() -> Atom {
    let full = std::any::type_name::<S>();
    let plain = full.split('<').next().unwrap_or(full);
    Atom::module(plain.rsplit("::").next().unwrap_or(plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    struct Generic<T>(T);

    #[test]
    fn a_type_is_named_by_its_last_segment_without_generics() {
        assert_eq!(module_of::<Plain>().name(), "Elixir.Plain");
        assert_eq!(module_of::<Generic<Vec<u8>>>().name(), "Elixir.Generic");
        assert_eq!(module_of::<u8>().name(), "u8");
    }
}
