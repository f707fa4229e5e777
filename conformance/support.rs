//! Rust twins of the helpers in `support.exs` (module `Conf`), used by every
//! `scenarios/NAME.rs`. Keep the two files in step: a helper prints here
//! exactly what its Elixir twin prints there.

use extask::inspect::{Atom, Inspect, Term, inspect, pretty};
use extask::messages::{Down, Exit};
use extask::{ExitReason, Message, Pid, Ref, Timeout, process};
use std::future::Future;
use std::sync::{Arc, Mutex};

/// How long the helpers wait for something that must happen.
pub(crate) const LONG: Timeout = Timeout::Ms(10_000);

/// A scenario's standard output: every process of the scenario may print.
#[derive(Clone, Default)]
pub(crate) struct Out(Arc<Mutex<String>>);

impl Out {
    /// `IO.puts(text)`.
    pub(crate) fn puts(&self, text: impl AsRef<str>) {
        let mut buf = self.0.lock().unwrap_or_else(|e| e.into_inner());
        buf.push_str(text.as_ref());
        buf.push('\n');
    }

    /// `Conf.puts(label, value)`: `label: inspect(value)`.
    pub(crate) fn show<T: Inspect + ?Sized>(&self, label: &str, value: &T) {
        self.puts(format!("{label}: {}", inspect(value)));
    }

    /// `IO.inspect(value)`: pretty-printed at 80 columns; returns `value`.
    pub(crate) fn inspect<T: Inspect>(&self, value: T) -> T {
        self.puts(pretty(&value));
        value
    }

    /// Everything printed so far.
    pub(crate) fn text(&self) -> String {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Kernel's `exit(reason)` as an expression of any type: the current process
/// exits with `reason` (anything `Into<ExitReason>`, e.g. [`reason`]).
macro_rules! die {
    ($reason:expr) => {
        match $crate::support::exit($reason.into()).await {}
    };
}

/// `raise message`: a Rust panic, which extask reports as a `RuntimeError`.
pub(crate) fn raise<T>(message: &str) -> T {
    panic!("{message}")
}

/// The atom `:name`.
pub(crate) fn atom(name: &'static str) -> Atom {
    Atom::new(name)
}

/// The reason `exit(:name)` gives (`:normal`, `:shutdown`, `:kill` and
/// `:killed` map to their own variants).
pub(crate) fn reason(name: &'static str) -> ExitReason {
    ExitReason::from(Term::atom(name))
}

/// The reason `exit(term)` gives.
pub(crate) fn reason_of(term: Term) -> ExitReason {
    ExitReason::from(term)
}

/// `true` / `false` as a term.
pub(crate) fn boolean(b: bool) -> Term {
    Term::atom(if b { "true" } else { "false" })
}

/// Kernel's `exit(reason)` in the current process; see [`die!`].
pub(crate) async fn exit(reason: ExitReason) -> std::convert::Infallible {
    process::exit_self(reason).await
}

/// `Process.sleep(ms)`.
pub(crate) async fn sleep(ms: u64) {
    process::sleep(Timeout::Ms(ms)).await;
}

/// `Process.sleep(:infinity)`.
pub(crate) async fn sleep_forever() {
    process::sleep(Timeout::Infinity).await;
}

/// `Conf.child(fun)`: runs `fut` in a new process (not linked, monitored);
/// returns its exit reason.
pub(crate) async fn child<F>(fut: F) -> ExitReason
where
    F: Future<Output = ()> + Send + 'static,
{
    let (_pid, r#ref) = process::spawn_monitor(fut);
    wait_down(r#ref).await
}

/// `Conf.wait_down(ref)`: the reason of the `:DOWN` of monitor `ref`.
pub(crate) async fn wait_down(r#ref: Ref) -> ExitReason {
    process::receive_with(
        |m| {
            m.downcast_ref::<Down>()
                .filter(|d| d.r#ref == r#ref)
                .map(|d| d.reason.clone())
        },
        LONG,
    )
    .await
    .unwrap_or_else(|| reason("no_down_within_10s"))
}

/// The whole `{:DOWN, ...}` message of monitor `ref`.
pub(crate) async fn receive_down(r#ref: Ref) -> Down {
    process::receive_with(
        |m| {
            m.downcast_ref::<Down>()
                .filter(|d| d.r#ref == r#ref)
                .cloned()
        },
        LONG,
    )
    .await
    .expect("no :DOWN within 10 s")
}

/// The `{:EXIT, from, reason}` message from `from`.
pub(crate) async fn receive_exit(from: Pid) -> Exit {
    process::receive_with(
        |m| m.downcast_ref::<Exit>().filter(|e| e.from == from).cloned(),
        LONG,
    )
    .await
    .expect("no {:EXIT, ...} within 10 s")
}

/// `receive do {^ref, value} -> value end`: a task's reply, without touching
/// its monitor.
pub(crate) async fn receive_reply<T: Send + 'static>(r#ref: Ref) -> T {
    process::receive_with(
        |m| {
            if m.downcast_ref::<(Ref, T)>()
                .is_some_and(|(r, _)| *r == r#ref)
            {
                extask::messages::take::<(Ref, T)>(m).map(|b| b.1)
            } else {
                None
            }
        },
        LONG,
    )
    .await
    .expect("no reply within 10 s")
}

/// `send(pid, {tag, value})`.
pub(crate) fn send_tagged<T: Send + 'static>(pid: Pid, tag: &'static str, value: T) {
    process::send(pid, (Tag(tag), value));
}

/// The tag of a `{tag, value}` message sent by [`send_tagged`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag(pub(crate) &'static str);

/// `Conf.recv(tag)`: the value of the oldest `{tag, value}` message.
pub(crate) async fn recv<T: Send + 'static>(tag: &'static str) -> T {
    process::receive_with(
        |m| {
            if m.downcast_ref::<(Tag, T)>()
                .is_some_and(|(t, _)| t.0 == tag)
            {
                extask::messages::take::<(Tag, T)>(m).map(|b| b.1)
            } else {
                None
            }
        },
        LONG,
    )
    .await
    .unwrap_or_else(|| panic!("no {{:{tag}, _}} message within 10 s"))
}

/// `Conf.catch_exit(fun)`: `{:returned, value}` or `{:exit_caught, reason}`;
/// in Rust the exit arrives as the `Err` of a `try_` function.
pub(crate) fn caught<T: Inspect>(result: Result<T, ExitReason>) -> Term {
    match result {
        Ok(v) => Term::tuple([Term::atom("returned"), Term::of(&v)]),
        Err(r) => Term::tuple([Term::atom("exit_caught"), Term::of(&r)]),
    }
}

/// `Conf.catch_raise(fun)`: `{:returned, value}`, or `{:raised, Module,
/// message}` for an exception (an `Err` in Rust); another exit as `caught`.
pub(crate) fn catch_raise<T: Inspect>(result: Result<T, ExitReason>) -> Term {
    match result {
        Err(ExitReason::Exception(e)) => Term::tuple([
            Term::atom("raised"),
            Term::Atom(Atom::module(e.module)),
            Term::Str(e.message),
        ]),
        other => caught(other),
    }
}

/// `Conf.messages()`: the mailbox, oldest first, left as it is.
pub(crate) async fn messages() -> Term {
    messages_except(&[]).await
}

/// `Conf.messages()` without the `{tag, _}` messages of these tags
/// (`Enum.reject(Conf.messages(), &match?({tag, _}, &1))`).
pub(crate) async fn messages_except(tags: &[&'static str]) -> Term {
    let mut seen = Vec::new();
    let none: Option<()> = process::receive_with(
        |m| {
            let tagged = tags.iter().any(|&t| {
                m.downcast_ref::<(Tag, Pid)>()
                    .is_some_and(|(tag, _)| tag.0 == t)
            });
            if !tagged {
                seen.push(describe(m));
            }
            None
        },
        Timeout::Ms(0),
    )
    .await;
    debug_assert!(none.is_none());
    Term::List(seen)
}

/// `Process.get(:"$callers")`: Elixir's `nil` (never set) is an empty list
/// in Rust, printed `nil` here.
pub(crate) fn callers_term() -> Term {
    let callers = process::callers();
    if callers.is_empty() {
        Term::atom("nil")
    } else {
        Term::list(callers.into_iter().map(Term::Pid))
    }
}

/// An Elixir function returning `:ok` or `{:error, reason}` is a Rust
/// `Result<(), E>`; printed the Elixir way.
pub(crate) fn ok_or_error<E: Inspect>(result: &Result<(), E>) -> Term {
    match result {
        Ok(()) => Term::atom("ok"),
        Err(e) => Term::tuple([Term::atom("error"), Term::of(e)]),
    }
}

/// Prints a message of one of the types the scenarios send.
fn describe(m: &Message) -> Term {
    macro_rules! as_any_of {
        ($($t:ty),* $(,)?) => {$(
            if let Some(v) = m.downcast_ref::<$t>() {
                return Term::of(v);
            }
        )*};
    }
    as_any_of!(
        Exit,
        Down,
        Term,
        Atom,
        &'static str,
        String,
        i32,
        i64,
        u64,
        usize,
        bool,
        ()
    );
    as_any_of!(
        (Ref, Term),
        (Ref, Atom),
        (Ref, &'static str),
        (Ref, String),
        (Ref, i32),
        (Ref, i64),
        (Ref, u64),
        (Ref, usize),
        (Ref, bool),
        (Ref, ()),
    );
    if let Some((tag, _)) = m.downcast_ref::<(Tag, Pid)>() {
        return Term::tuple([Term::Atom(Atom::new(tag.0)), Term::atom("_")]);
    }
    Term::atom("unprintable_message")
}

/// `Conf.counter()`: a process (linked) holding a counter.
pub(crate) fn counter() -> Pid {
    process::spawn_link(async {
        let mut n: i64 = 0;
        loop {
            let msg = recv_any::<CounterMsg>().await;
            match msg {
                CounterMsg::Bump(from) => {
                    n += 1;
                    send_tagged(from, "count", n);
                }
                CounterMsg::Get(from) => send_tagged(from, "count", n),
            }
        }
    })
}

enum CounterMsg {
    Bump(Pid),
    Get(Pid),
}

/// `Conf.bump(counter)`: adds one, returns the new count.
pub(crate) async fn bump(counter: Pid) -> i64 {
    process::send(counter, CounterMsg::Bump(process::self_pid()));
    recv("count").await
}

/// `Conf.count(counter)`.
pub(crate) async fn count(counter: Pid) -> i64 {
    process::send(counter, CounterMsg::Get(process::self_pid()));
    recv("count").await
}

/// The oldest message of type `T`, waiting as long as it takes.
pub(crate) async fn recv_any<T: Send + 'static>() -> T {
    process::receive_with(extask::messages::take::<T>, Timeout::Infinity)
        .await
        .expect("an infinite receive returned")
}
