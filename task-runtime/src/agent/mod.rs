//! Elixir's `Agent`: a process holding a state that functions read and
//! change **inside the agent process**, one at a time. An agent is a
//! [`GenServer`](crate::gen_server) underneath, as in Elixir: its calls
//! exit the caller with `{reason, {GenServer, :call, [agent, {:get, fun},
//! timeout]}}` when they fail, and it stops with [`stop`] as a server does.
//!
//! The functions take the state by reference: Elixir's
//! `Agent.update(a, &(&1 + 1))` is `agent::update(&a, |s| *s += 1, t)`, and
//! `Agent.get_and_update(a, fn s -> {s, s * 2} end)` is
//! `agent::get_and_update(&a, |s| { let old = *s; *s *= 2; old }, t)`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use task_runtime::{agent, Timeout};
//! # task_runtime::root::spawn_root(async {
//! let a = agent::start_link(|| 10, Default::default()).await.unwrap();
//! agent::update(&a, |n| *n += 1, Timeout::DEFAULT).await;
//! let old = agent::get_and_update(&a, |n| std::mem::replace(n, 0), Timeout::DEFAULT).await;
//! assert_eq!(old, 11);
//! agent::cast(&a, |n| *n += 5);
//! assert_eq!(agent::get(&a, |n| *n, Timeout::DEFAULT).await, 5);
//! agent::stop(&a, task_runtime::ExitReason::Normal, Timeout::Infinity).await;
//! # }).await.unwrap();
//! # }
//! ```

mod server;

use crate::gen_server::{self, Server, StartError, StartOptions};
use crate::inspect::{Doc, Inspect, impl_debug_via_inspect};
use crate::process::Name;
use crate::runtime::current::exit_current;
use crate::{ExitReason, Pid, Timeout};
use server::{AgentServer, Answer, CastFn, Make, Request};

/// An agent holding a state of type `S`. Prints as its pid.
pub struct Agent<S> {
    server: Server<AgentServer<S>>,
}

impl<S> Agent<S> {
    /// The agent's pid.
    pub fn pid(&self) -> Pid {
        self.server.pid()
    }

    /// The agent registered under `name` (started with
    /// `StartOptions::new().name(..)`), if any; trusted to hold an `S`.
    pub fn whereis(name: impl Into<Name>) -> Option<Agent<S>> {
        Server::whereis(name).map(|server| Agent { server })
    }
}

impl<S> Clone for Agent<S> {
    fn clone(&self) -> Self {
        Agent {
            server: self.server.clone(),
        }
    }
}

impl<S> Inspect for Agent<S> {
    fn to_doc(&self) -> Doc {
        self.pid().to_doc()
    }
}

impl_debug_via_inspect!(impl<S> Agent<S>);

/// `Agent.start_link(fun, opts)`: starts the agent linked to the caller;
/// `make` runs in the agent and makes its state. A panic in it is
/// `Err(StartError::Error({exception, []}))` (and, through the link, the
/// caller's exit); `opts.timeout` bounds it.
pub async fn start_link<S: Send + Inspect + 'static>(
    make: impl FnOnce() -> S + Send + 'static,
    opts: StartOptions,
) -> Result<Agent<S>, StartError> {
    let server = gen_server::start_link::<AgentServer<S>>(Make::new(make), opts).await?;
    Ok(Agent { server })
}

/// `Agent.child_spec(fun)`: a child started by [`start_link`]`(make, opts)`
/// in the supervisor, id `Agent`, `restart: :permanent`; each (re)start
/// calls `make` anew in the new agent.
///
/// ```
/// use task_runtime::{agent, inspect::inspect};
/// let spec = agent::child_spec(|| 0, Default::default());
/// assert_eq!(inspect(&spec), "%{id: Agent, start: {Agent, :start_link, [#Function<anonymous fn/0>]}}");
/// ```
pub fn child_spec<S, F>(make: F, opts: StartOptions) -> crate::supervisor::ChildSpec
where
    S: Send + Inspect + 'static,
    F: Fn() -> S + Send + Sync + 'static,
{
    use crate::inspect::{Atom, Term};
    let make = std::sync::Arc::new(make);
    let module = Atom::new("Elixir.Agent");
    let call = (
        module.clone(),
        Atom::new("start_link"),
        vec![crate::supervisor::anonymous_fn()],
    );
    let start: crate::supervisor::StartFn = Box::new(move || {
        let (make, opts) = (std::sync::Arc::clone(&make), opts.clone());
        Box::pin(async move {
            let started = start_link(move || make(), opts).await;
            gen_server::started(started.map(|a| a.pid()))
        })
    });
    crate::supervisor::ChildSpec::with_call(Term::Atom(module), call, start)
}

/// `Agent.start(fun, opts)`: [`start_link`] without the link.
pub async fn start<S: Send + Inspect + 'static>(
    make: impl FnOnce() -> S + Send + 'static,
    opts: StartOptions,
) -> Result<Agent<S>, StartError> {
    let server = gen_server::start::<AgentServer<S>>(Make::new(make), opts).await?;
    Ok(Agent { server })
}

/// Exits the caller with `reason` (Elixir's exit of a failed call).
async fn or_exit<T>(result: Result<T, ExitReason>) -> T {
    match result {
        Ok(value) => value,
        Err(reason) => match exit_current(reason).await {},
    }
}

/// The answer of a call, as the function made it.
fn answer<T: 'static>(boxed: Answer) -> T {
    match boxed.downcast::<T>() {
        Ok(value) => *value,
        Err(_) => unreachable!("the agent answers each call with its own function's value"),
    }
}

/// `Agent.get(agent, fun, timeout)`: `fun(&state)`, run in the agent. On
/// failure the caller exits (see [`try_get`]).
pub async fn get<S, T>(
    agent: &Agent<S>,
    fun: impl FnOnce(&S) -> T + Send + 'static,
    timeout: Timeout,
) -> T
where
    S: Send + Inspect + 'static,
    T: Send + 'static,
{
    or_exit(try_get(agent, fun, timeout).await).await
}

/// [`get`], with the reason the caller would exit with as an `Err`:
/// `{:timeout | :noproc | the agent's crash, {GenServer, :call, [agent,
/// {:get, fun}, timeout]}}`.
pub async fn try_get<S, T>(
    agent: &Agent<S>,
    fun: impl FnOnce(&S) -> T + Send + 'static,
    timeout: Timeout,
) -> Result<T, ExitReason>
where
    S: Send + Inspect + 'static,
    T: Send + 'static,
{
    let request = Request::Get(Box::new(move |s| Box::new(fun(s)) as Answer));
    gen_server::try_call(&agent.server, request, timeout)
        .await
        .map(answer)
}

/// `Agent.update(agent, fun, timeout)`: changes the state with `fun` and
/// waits until it has. On failure the caller exits.
pub async fn update<S: Send + Inspect + 'static>(
    agent: &Agent<S>,
    fun: impl FnOnce(&mut S) + Send + 'static,
    timeout: Timeout,
) {
    or_exit(try_update(agent, fun, timeout).await).await;
}

/// [`update`], with the reason as an `Err`.
pub async fn try_update<S: Send + Inspect + 'static>(
    agent: &Agent<S>,
    fun: impl FnOnce(&mut S) + Send + 'static,
    timeout: Timeout,
) -> Result<(), ExitReason> {
    let request = Request::Update(Box::new(fun));
    gen_server::try_call(&agent.server, request, timeout)
        .await
        .map(answer)
}

/// `Agent.get_and_update(agent, fun, timeout)`: `fun` changes the state
/// and returns the value to answer. On failure the caller exits.
pub async fn get_and_update<S, T>(
    agent: &Agent<S>,
    fun: impl FnOnce(&mut S) -> T + Send + 'static,
    timeout: Timeout,
) -> T
where
    S: Send + Inspect + 'static,
    T: Send + 'static,
{
    or_exit(try_get_and_update(agent, fun, timeout).await).await
}

/// [`get_and_update`], with the reason as an `Err`.
pub async fn try_get_and_update<S, T>(
    agent: &Agent<S>,
    fun: impl FnOnce(&mut S) -> T + Send + 'static,
    timeout: Timeout,
) -> Result<T, ExitReason>
where
    S: Send + Inspect + 'static,
    T: Send + 'static,
{
    let request = Request::GetAndUpdate(Box::new(move |s| Box::new(fun(s)) as Answer));
    gen_server::try_call(&agent.server, request, timeout)
        .await
        .map(answer)
}

/// `Agent.cast(agent, fun)`: changes the state with `fun` without waiting;
/// returns at once, also for a dead agent.
pub fn cast<S: Send + Inspect + 'static>(
    agent: &Agent<S>,
    fun: impl FnOnce(&mut S) + Send + 'static,
) {
    gen_server::cast(&agent.server, CastFn(Box::new(fun)));
}

/// `Agent.stop(agent, reason, timeout)`: as [`gen_server::stop`].
pub async fn stop<S: Send + Inspect + 'static>(
    agent: &Agent<S>,
    reason: ExitReason,
    timeout: Timeout,
) {
    gen_server::stop(&agent.server, reason, timeout).await;
}

/// `Agent.stop/3` with the reason the caller would exit with as an `Err`.
pub async fn try_stop<S: Send + Inspect + 'static>(
    agent: &Agent<S>,
    reason: ExitReason,
    timeout: Timeout,
) -> Result<(), ExitReason> {
    gen_server::try_stop(&agent.server, reason, timeout).await
}
