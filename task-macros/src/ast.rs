//! The model of a `task!` invocation, at its two stages: as parsed (`Form`, its values
//! as written) and as checked by `validate` (`Checked`, its values converted to what the
//! runtime takes, so `expand` has nothing left to check). Each verb has its own variant
//! at both stages, so no verb can carry another verb's arguments.
//!
//! The model keeps the user's tokens (and so their spans): the expansion re-emits them,
//! so rustc's errors land on the user's code.

use crate::paths::Rt;
use crate::values::{KwOption, ShutdownArg, TimeoutArg, Value};
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::token::Paren;
use syn::{Attribute, Block, Expr, ExprAsync, ExprClosure, ExprPath, Pat, Token};

/// `task_impl!{ KRATE; FORM }`.
pub(crate) struct TaskInput {
    /// The facade path handed over by the `macro_rules!` wrapper (`$crate`).
    pub(crate) rt: Rt,
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

    /// The Elixir name, as written after `task!(` and after `Task.` in a body.
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

/// One form as parsed: the verb the user wrote and its arguments.
pub(crate) struct Form {
    /// The user's verb token (spans of generated `.await`s and errors).
    pub(crate) verb_ident: Ident,
    pub(crate) args: Args,
}

/// Each verb's arguments, as written.
pub(crate) enum Args {
    Async(Body),
    StartLink(Body),
    Start(Body),
    Await {
        task: Expr,
        timeout: Option<Value>,
    },
    Yield {
        task: Expr,
        timeout: Option<Value>,
    },
    Shutdown {
        task: Expr,
        how: Option<Value>,
    },
    Ignore {
        task: Expr,
    },
    Completed {
        value: Expr,
    },
    AwaitMany {
        tasks: Expr,
        timeout: Option<Value>,
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

/// `path(args)` or `path(args).await`: a call whose callee is a path (the `Mfa`'s
/// module and function).
pub(crate) struct CallBody {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) func: ExprPath,
    pub(crate) paren_token: Paren,
    pub(crate) args: Punctuated<Expr, Token![,]>,
    pub(crate) await_suffix: Option<(Token![.], Token![await])>,
}

/// The call as written, without its `.await` (the tokens of the `syn::ExprCall` it was).
impl ToTokens for CallBody {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.attrs.iter().map(ToTokens::to_token_stream));
        self.func.to_tokens(tokens);
        self.paren_token
            .surround(tokens, |tokens| self.args.to_tokens(tokens));
    }
}

/// A form as checked by `validate`.
pub(crate) struct Checked {
    pub(crate) verb_ident: Ident,
    pub(crate) args: CheckedArgs,
}

/// Each verb's arguments, checked and converted.
pub(crate) enum CheckedArgs {
    /// A function of no arguments (`Body::Call` records its `Mfa`).
    Async(Body),
    StartLink(Body),
    Start(Body),
    Await {
        task: Expr,
        timeout: TimeoutArg,
    },
    Yield {
        task: Expr,
        timeout: TimeoutArg,
    },
    Shutdown {
        task: Expr,
        how: ShutdownArg,
    },
    Ignore {
        task: Expr,
    },
    Completed {
        value: Expr,
    },
    AwaitMany {
        tasks: Expr,
        timeout: TimeoutArg,
    },
    /// The positional timeout is kept apart from the options: it is emitted first, as
    /// `.timeout(..)` whatever the user named it.
    YieldMany {
        tasks: Expr,
        timeout: Option<TimeoutArg>,
        options: Vec<CheckedOption>,
    },
    AsyncStream {
        items: Expr,
        fun: StreamFun,
        options: Vec<CheckedOption>,
    },
}

/// `async_stream`'s function, run on each item: the shapes of `Body` that take an
/// argument (an `async` block or a call is refused by `validate`).
pub(crate) enum StreamFun {
    Fn(FnBody),
    Closure(ExprClosure),
    FnValue(Expr),
}

/// A checked keyword option: the builder method (the user's name) and its argument.
pub(crate) struct CheckedOption {
    pub(crate) name: Ident,
    pub(crate) value: OptionValue,
}

pub(crate) enum OptionValue {
    Expr(Expr),
    Timeout(TimeoutArg),
    OnTimeout(OnTimeout, Span),
}

/// What to do with a task that timed out (`on_timeout:`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OnTimeout {
    Exit,
    KillTask,
    Ignore,
    Nothing,
}

impl OnTimeout {
    pub(crate) const ALL: [OnTimeout; 4] = [
        OnTimeout::Exit,
        OnTimeout::KillTask,
        OnTimeout::Ignore,
        OnTimeout::Nothing,
    ];

    /// The atom's name without its colon (`kill_task`), as the parsed `Atom::name`
    /// holds it and as every atom list of the macros is spelled (`"infinity"`,
    /// `"brutal_kill"`); messages add the colon. The runtime's `OnTimeout::name()` is
    /// the printed Elixir term, so it has the colon (`:kill_task`).
    pub(crate) fn atom_name(self) -> &'static str {
        match self {
            OnTimeout::Exit => "exit",
            OnTimeout::KillTask => "kill_task",
            OnTimeout::Ignore => "ignore",
            OnTimeout::Nothing => "nothing",
        }
    }

    /// The runtime's variant name: `OnTimeout::KillTask`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            OnTimeout::Exit => "Exit",
            OnTimeout::KillTask => "KillTask",
            OnTimeout::Ignore => "Ignore",
            OnTimeout::Nothing => "Nothing",
        }
    }
}
