//! The model of a `task!` invocation. It keeps the user's tokens (and so their spans):
//! the expansion re-emits them, so rustc's errors land on the user's code.

use proc_macro2::{Ident, Span, TokenStream};
use syn::{Block, Expr, ExprAsync, ExprCall, ExprClosure, Pat, Token};

/// `task_impl!{ KRATE; FORM }`.
pub(crate) struct TaskInput {
    /// The facade path handed over by the `macro_rules!` wrapper (`$crate`).
    pub(crate) krate: TokenStream,
    pub(crate) form: Form,
}

/// The verbs of the DSL, each one of Elixir's `Task` functions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Verb {
    Async,
    StartLink,
    Start,
    Await,
    Yield,
    Shutdown,
    Ignore,
    Completed,
    AwaitMany,
    YieldMany,
    AsyncStream,
}

impl Verb {
    pub(crate) const ALL: [Verb; 11] = [
        Verb::Async,
        Verb::StartLink,
        Verb::Start,
        Verb::Await,
        Verb::Yield,
        Verb::Shutdown,
        Verb::Ignore,
        Verb::Completed,
        Verb::AwaitMany,
        Verb::YieldMany,
        Verb::AsyncStream,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Verb::Async => "async",
            Verb::StartLink => "start_link",
            Verb::Start => "start",
            Verb::Await => "await",
            Verb::Yield => "yield",
            Verb::Shutdown => "shutdown",
            Verb::Ignore => "ignore",
            Verb::Completed => "completed",
            Verb::AwaitMany => "await_many",
            Verb::YieldMany => "yield_many",
            Verb::AsyncStream => "async_stream",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.name() == name)
    }

    /// A one-line example of the form, for `help:` lines.
    pub(crate) fn example(self) -> &'static str {
        match self {
            Verb::Async => "task!(async fn -> ... end)",
            Verb::StartLink => "task!(start_link fn -> ... end)",
            Verb::Start => "task!(start fn -> ... end)",
            Verb::Await => "task!(await task)",
            Verb::Yield => "task!(yield task, 1_000)",
            Verb::Shutdown => "task!(shutdown task, :brutal_kill)",
            Verb::Ignore => "task!(ignore task)",
            Verb::Completed => "task!(completed value)",
            Verb::AwaitMany => "task!(await_many tasks)",
            Verb::YieldMany => "task!(yield_many tasks, 1_000)",
            Verb::AsyncStream => "task!(async_stream items, fn x -> ... end)",
        }
    }
}

/// One form: the verb the user wrote and its arguments.
pub(crate) struct Form {
    /// The user's verb token (spans of generated `.await`s and errors).
    pub(crate) verb_ident: Ident,
    pub(crate) verb: Verb,
    pub(crate) args: Args,
}

/// The arguments of each verb, as written.
pub(crate) enum Args {
    /// `async BODY`, `start_link BODY`, `start BODY`.
    Spawn(Body),
    /// `await t[, timeout]`, `yield t[, timeout]`, `shutdown t[, how]`, `ignore t`,
    /// `completed v`, `await_many ts[, timeout]`: one expression and an optional second
    /// positional argument.
    Subject {
        subject: Expr,
        second: Option<Value>,
    },
    /// `yield_many tasks[, timeout][, options]`.
    YieldMany {
        tasks: Expr,
        timeout: Option<Value>,
        options: Vec<KwOption>,
    },
    /// `async_stream items, FUN[, options]`.
    AsyncStream {
        items: Expr,
        fun: Body,
        options: Vec<KwOption>,
    },
}

/// A task's function, in one of the accepted shapes.
pub(crate) enum Body {
    /// Elixir's `fn PARAMS -> STMTS end`.
    Fn(FnBody),
    /// A Rust closure literal `|..| ...`, `async |..| ...`: called, its future awaited.
    Closure(ExprClosure),
    /// A path naming a function or a closure value (`worker`, `my_mod::run`): called,
    /// its future awaited.
    FnValue(Expr),
    /// An `async { ... }` block: the task's future itself.
    Future(ExprAsync),
    /// `module::function(args)` (Elixir's `Task.async(Mod, :fun, args)`), optionally
    /// followed by `.await` for an `async fn`.
    Call(CallBody),
}

/// `fn PARAMS -> STMTS end`.
pub(crate) struct FnBody {
    pub(crate) fn_token: Token![fn],
    pub(crate) params: Vec<Pat>,
    pub(crate) arrow: Token![->],
    /// The statements between `->` and `end`, as a block whose braces carry the span of
    /// `end`.
    pub(crate) block: Block,
}

/// `path(args)` or `path(args).await`.
pub(crate) struct CallBody {
    pub(crate) call: ExprCall,
    pub(crate) await_suffix: Option<(Token![.], Token![await])>,
}

/// An argument written either as an Elixir atom or as a Rust expression.
pub(crate) enum Value {
    Atom(Atom),
    Expr(Expr),
}

/// An Elixir atom `:name`.
#[derive(Clone)]
pub(crate) struct Atom {
    pub(crate) colon: Token![:],
    pub(crate) name: Ident,
}

impl Atom {
    pub(crate) fn span(&self) -> Span {
        self.name.span()
    }
}

/// One entry of an Elixir keyword list: `name: value`.
pub(crate) struct KwOption {
    pub(crate) name: Ident,
    pub(crate) value: Value,
}
