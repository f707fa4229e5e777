//! The Elixir the macros know: the `Module.function/arity`s a task body may call as
//! written (`Process.sleep(2_000)`, `Task.await(t)`, `IO.inspect(v)`, `send(pid, msg)`),
//! the modules they belong to, and the one table from each of them, and from each
//! `task!` verb (every verb is a `Task` function), to the runtime function it becomes.

use crate::ast::Verb;
use crate::errors::suggest;
use crate::paths::Rt;
use Lowering::{
    AsWritten, BorrowAndTimeout, NeverReturns, Shutdown, Sleep, Spawn, StreamOptions, Timeout,
    YieldManyOptions,
};
use proc_macro2::TokenStream;

/// One known `Module.function/arity`, and the runtime function a call of it becomes.
pub(crate) struct Known {
    pub(crate) module: &'static str,
    pub(crate) function: &'static str,
    /// The arities accepted (Elixir's default arguments give several).
    pub(crate) arities: &'static [usize],
    pub(crate) runtime: Runtime,
    /// How a call's arguments become the runtime function's.
    pub(crate) lowering: Lowering,
}

/// A runtime function: where it is under `KRATE::__private::rt`, and whether it is
/// `async` (the expansion `.await`s it).
#[derive(Clone, Copy)]
pub(crate) struct Runtime {
    module: RuntimeModule,
    name: &'static str,
    pub(crate) awaited: bool,
}

#[derive(Clone, Copy)]
enum RuntimeModule {
    Task,
    Process,
    Inspect,
}

impl Runtime {
    const fn new(module: RuntimeModule, name: &'static str) -> Runtime {
        Runtime {
            module,
            name,
            awaited: false,
        }
    }

    /// The same function, `async`.
    const fn awaited(self) -> Runtime {
        Runtime {
            awaited: true,
            ..self
        }
    }

    /// The function's path (built by `paths.rs`, like every path the macros emit).
    pub(crate) fn path(self, rt: &Rt) -> TokenStream {
        match self.module {
            RuntimeModule::Task => rt.task(self.name),
            RuntimeModule::Process => rt.process(self.name),
            RuntimeModule::Inspect => rt.inspect(self.name),
        }
    }
}

/// How the arguments of a call in a body become the runtime function's (`body.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Lowering {
    /// The arguments as written: `Process.send(pid, msg)`.
    AsWritten,
    /// A task's function, made into the future it runs: `Task.async(|| async { .. })`.
    Spawn,
    /// The task and a timeout, 5000 ms if not given: `Task.await(t[, ms])`.
    Timeout,
    /// The task borrowed and a timeout: `Task.yield(t[, ms])`.
    BorrowAndTimeout,
    /// The task and a timeout or `:brutal_kill`: `Task.shutdown(t[, how])`.
    Shutdown,
    /// The tasks and a `YieldManyOptions` with the timeout given.
    YieldManyOptions,
    /// The items, the function and the default `StreamOptions`.
    StreamOptions,
    /// A literal timeout typed as one, any other argument as written: `Process.sleep`.
    Sleep,
    /// Kernel's `exit/1`: the call never returns, so it is matched on its `Infallible`.
    NeverReturns,
}

const fn known(
    module: &'static str,
    function: &'static str,
    arities: &'static [usize],
    runtime: Runtime,
    lowering: Lowering,
) -> Known {
    Known {
        module,
        function,
        arities,
        runtime,
        lowering,
    }
}

const fn task(name: &'static str) -> Runtime {
    Runtime::new(RuntimeModule::Task, name)
}

const fn process(name: &'static str) -> Runtime {
    Runtime::new(RuntimeModule::Process, name)
}

/// Every `Module.function` a body may call, and its runtime function.
///
/// A runtime function has the Elixir name, in the runtime module of the same name
/// (`Task.shutdown` → `task::shutdown`), with `_task` added where the Elixir name is a
/// Rust keyword (`async_task`, `await_task`, `yield_task`; the test
/// `task_functions_follow_the_task_suffix_rule` holds the table to it). The other
/// exceptions are names that are not Rust identifiers (`alive?` → `alive`), `Kernel`'s
/// functions, which live in `process` (`exit/1` is `exit_self`, beside the signal
/// `Process.exit/2`), and `IO.inspect` (`inspect::io_inspect`).
#[rustfmt::skip] // A table: one line per function.
pub(crate) const KNOWN: &[Known] = &[
    known("Task", "async",        &[1],    task("async_task"),           Spawn),
    known("Task", "await",        &[1, 2], task("await_task").awaited(), Timeout),
    known("Task", "yield",        &[1, 2], task("yield_task").awaited(), BorrowAndTimeout),
    known("Task", "shutdown",     &[1, 2], task("shutdown").awaited(),   Shutdown),
    known("Task", "ignore",       &[1],    task("ignore").awaited(),     AsWritten),
    known("Task", "completed",    &[1],    task("completed"),            AsWritten),
    known("Task", "await_many",   &[1, 2], task("await_many").awaited(), Timeout),
    known("Task", "yield_many",   &[1, 2], task("yield_many").awaited(), YieldManyOptions),
    known("Task", "start_link",   &[1],    task("start_link"),           Spawn),
    known("Task", "start",        &[1],    task("start"),                Spawn),
    known("Task", "async_stream", &[2],    task("async_stream"),         StreamOptions),
    known("Process", "sleep",     &[1],    process("sleep").awaited(),   Sleep),
    known("Process", "send",      &[2],    process("send"),              AsWritten),
    known("Process", "link",      &[1],    process("link").awaited(),    AsWritten),
    known("Process", "unlink",    &[1],    process("unlink"),            AsWritten),
    known("Process", "monitor",   &[1],    process("monitor"),           AsWritten),
    known("Process", "demonitor", &[1],    process("demonitor"),         AsWritten),
    known("Process", "exit",      &[2],    process("exit"),              AsWritten),
    known("Process", "alive?",    &[1],    process("alive"),             AsWritten),
    known("IO", "inspect",        &[1],    Runtime::new(RuntimeModule::Inspect, "io_inspect"), AsWritten),
    known("Kernel", "send",       &[2],    process("send"),              AsWritten),
    known("Kernel", "exit",       &[1],    process("exit_self").awaited(), NeverReturns),
];

/// `Task.async/3` (`Mod, :fun, args`): the verb `async` with a call
/// `module::function(args)`, which records its `Mfa`. Not callable in a body.
pub(crate) const ASYNC_MFA: Runtime = task("async_mfa");

/// `self/0`: the one `Kernel` function only called bare (`Kernel.self()` is not known).
pub(crate) const SELF: Runtime = process("self_pid");

/// Rust keywords that are Elixir function names (`Task.async`, `Task.await`,
/// `Task.yield`): after `Module.` they are turned into raw identifiers (`Task.r#async`,
/// `tokens.rs`), so that syn reads a method call.
pub(crate) const KEYWORD_FUNCTIONS: [&str; 4] = ["async", "await", "yield", "try"];

/// Is `name` one of the Elixir modules whose functions a body may call as
/// `Module.function(...)`? (The modules of `KNOWN`, so the two cannot disagree.)
pub(crate) fn is_module(name: &str) -> bool {
    KNOWN.iter().any(|k| k.module == name)
}

pub(crate) fn lookup(module: &str, function: &str) -> Option<&'static Known> {
    KNOWN
        .iter()
        .find(|k| k.module == module && k.function == function)
}

/// The runtime function of a `task!` verb.
pub(crate) fn verb_function(verb: Verb) -> Runtime {
    match lookup("Task", verb.name()) {
        Some(known) => known.runtime,
        None => unreachable!("every verb is a `Task` function of `KNOWN` (tested)"),
    }
}

/// The Elixir function a verb is, as its errors name it: `"Task.await/2"` (the
/// highest arity, the clause a call with defaults lands in).
pub(crate) fn verb_elixir_name(verb: Verb) -> String {
    match lookup("Task", verb.name()) {
        Some(known) => known.elixir_name(),
        None => unreachable!("every verb is a `Task` function of `KNOWN` (tested)"),
    }
}

impl Known {
    /// `"Module.function/arity"`, with the highest arity.
    pub(crate) fn elixir_name(&self) -> String {
        let arity = self.arities.iter().max().copied().unwrap_or(0);
        format!("{}.{}/{arity}", self.module, self.function)
    }
}

/// A `Kernel` function a body calls bare, as Elixir auto-imports them: `self()`,
/// `send(pid, msg)`, `exit(reason)`. A call with another arity is the user's own.
pub(crate) enum Bare {
    SelfPid,
    Kernel(&'static Known),
}

pub(crate) fn bare(name: &str, arity: usize) -> Option<Bare> {
    if (name, arity) == ("self", 0) {
        return Some(Bare::SelfPid);
    }
    lookup("Kernel", name)
        .filter(|k| k.arities.contains(&arity))
        .map(Bare::Kernel)
}

/// "unknown function `Process.slep`" with the closest match and the list of what exists.
pub(crate) fn unknown_message(module: &str, function: &str) -> String {
    let names: Vec<&str> = KNOWN
        .iter()
        .filter(|k| k.module == module)
        .map(|k| k.function)
        .collect();
    let listed: Vec<String> = names.iter().map(|f| format!("`{module}.{f}`")).collect();
    let mut message = format!(
        "unknown function `{module}.{function}` in a task body\nhelp: the `{module}` functions a body knows are {}",
        listed.join(", ")
    );
    suggest(&mut message, function, names.iter().copied(), |close| {
        format!("{module}.{close}")
    });
    if module == "IO" {
        message.push_str("\nhelp: for other output use Rust's `println!`");
    }
    message
}

/// "`Task.await` takes 1 or 2 arguments, found 3".
pub(crate) fn arity_message(known: &Known, found: usize) -> String {
    let arities: Vec<String> = known.arities.iter().map(usize::to_string).collect();
    let plural = if known.arities == [1] {
        "argument"
    } else {
        "arguments"
    };
    format!(
        "`{}.{}` takes {} {plural}, found {found}",
        known.module,
        known.function,
        arities.join(" or ")
    )
}
