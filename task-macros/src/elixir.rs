//! The Elixir functions a task body may call as written (`Process.sleep(2_000)`,
//! `Task.await(t)`, `IO.inspect(v)`, `self()`, `send(pid, msg)`), with their arities.

use crate::suggest::closest;

/// One known `Module.function/arity`.
pub(crate) struct Known {
    pub(crate) module: &'static str,
    pub(crate) function: &'static str,
    /// The arities accepted (Elixir's default arguments give several).
    pub(crate) arities: &'static [usize],
}

const fn known(module: &'static str, function: &'static str, arities: &'static [usize]) -> Known {
    Known {
        module,
        function,
        arities,
    }
}

/// Every `Module.function` a body may call.
pub(crate) const KNOWN: &[Known] = &[
    known("Task", "async", &[1]),
    known("Task", "await", &[1, 2]),
    known("Task", "yield", &[1, 2]),
    known("Task", "shutdown", &[1, 2]),
    known("Task", "ignore", &[1]),
    known("Task", "completed", &[1]),
    known("Task", "await_many", &[1, 2]),
    known("Task", "yield_many", &[1, 2]),
    known("Task", "start_link", &[1]),
    known("Task", "start", &[1]),
    known("Task", "async_stream", &[2]),
    known("Process", "sleep", &[1]),
    known("Process", "send", &[2]),
    known("Process", "link", &[1]),
    known("Process", "unlink", &[1]),
    known("Process", "monitor", &[1]),
    known("Process", "demonitor", &[1]),
    known("Process", "exit", &[2]),
    known("Process", "alive?", &[1]),
    known("IO", "inspect", &[1]),
    known("Kernel", "send", &[2]),
    known("Kernel", "exit", &[1]),
];

pub(crate) fn lookup(module: &str, function: &str) -> Option<&'static Known> {
    KNOWN
        .iter()
        .find(|k| k.module == module && k.function == function)
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
    if let Some(close) = closest(function, names.iter().copied()) {
        message.push_str(&format!("\nhelp: did you mean `{module}.{close}`?"));
    }
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
