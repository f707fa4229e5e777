//! [`ExitReason`]: why a process ended, printed the way Elixir prints it.

use crate::inspect::{Atom, Doc, Inspect, Term, impl_debug_via_inspect, inspect};
use std::fmt;
use std::sync::Arc;

/// Why a process terminated. `Debug` prints the Elixir term (`:normal`,
/// `{:shutdown, 1}`, `{%RuntimeError{message: "boom"}, []}`); `Display` prints
/// it the way `Exception.format_exit/1` does (`shutdown: 1`, `time out`).
///
/// The link rules hang on it: [`Normal`](ExitReason::Normal) never propagates
/// over a link; every other reason, [`Shutdown`](ExitReason::Shutdown)
/// included, kills a linked process that does not trap exits.
///
/// ```
/// use task_runtime::ExitReason;
/// use task_runtime::inspect::Term;
/// let r = ExitReason::ShutdownWith(Term::from(1));
/// assert_eq!(format!("{r:?}"), "{:shutdown, 1}");
/// assert_eq!(r.to_string(), "shutdown: 1");
/// assert_eq!(format!("{:?}", ExitReason::panic("boom")),
///            r#"{%RuntimeError{message: "boom"}, []}"#);
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ExitReason {
    /// `:normal`: the function returned.
    Normal,
    /// `:shutdown`: an orderly stop; not logged, but abnormal for links.
    Shutdown,
    /// `{:shutdown, term}`.
    ShutdownWith(Term),
    /// `:kill`: a process that itself exited with `:kill` (as a link signal it
    /// is trappable, unlike `Process.exit(pid, :kill)`).
    Kill,
    /// `:killed`: killed by the untrappable `Process.exit(pid, :kill)`.
    Killed,
    /// `:noproc`: the process did not exist.
    Noproc,
    /// An exception raised in the process: a Rust panic is a `RuntimeError`.
    Exception(Exception),
    /// `{reason, {Module, :function, args}}`: a call that exited, such as
    /// `{:timeout, {Task, :await, [task, 100]}}`. Shared, because every
    /// link and monitor that hears of an exit gets a copy: a reason nested
    /// once per awaiting level (a chain of tasks awaiting each other) costs
    /// one reference count per copy, not its depth. Build it with
    /// [`ExitReason::call`].
    Call(Arc<CallExit>),
    /// Any other term, as given to `exit/1`: `exit(:bad)` is
    /// `ExitReason::Term(Term::atom("bad"))`.
    Term(Term),
    /// `{term, stacktrace}`: an error raised with a term that is not an
    /// exception, as Erlang's `:erlang.error(term)`. An uncaught `throw(v)`
    /// ends a process with `{{:nocatch, v}, stacktrace}`, which is
    /// `Error({:nocatch, v})` ([`ExitReason::thrown`],
    /// [`process::throw`](crate::process::throw)).
    Error(Term),
}

/// An exception raised in a process, the first element of
/// `{%RuntimeError{message: "boom"}, stacktrace}`. `Display` prints Elixir's
/// banner for it, as crash reports and a dying script show it.
///
/// ```
/// use task_runtime::ExitReason;
/// let ExitReason::Exception(e) = ExitReason::panic("boom") else { unreachable!() };
/// assert_eq!(e.to_string(), "** (RuntimeError) boom");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Exception {
    /// The exception module, e.g. `RuntimeError`, `ArgumentError`.
    pub module: &'static str,
    /// The exception message.
    pub message: String,
}

/// The panic payload of [`process::throw`](crate::process::throw): the thrown
/// value. A process that does not catch it ends with `{{:nocatch, value}, []}`
/// ([`ExitReason::thrown`]); code that catches the unwind (Elixir's `catch
/// :throw, v`) finds it with `payload.downcast_ref::<Thrown>()`.
#[derive(Clone, Debug, PartialEq)]
pub struct Thrown(pub Term);

/// `{reason, {module, function, args}}`: the exit of a call that failed.
#[derive(Clone, PartialEq)]
pub struct CallExit {
    /// Why the call failed (`:timeout`, or the task's own reason).
    pub reason: ExitReason,
    /// The module called, e.g. `Task`.
    pub module: Atom,
    /// The function called, e.g. `:await`.
    pub function: Atom,
    /// The arguments as given.
    pub args: Vec<Term>,
}

impl ExitReason {
    /// The atom `:name` as a reason (`exit(:bad)`).
    pub fn atom(name: &'static str) -> ExitReason {
        ExitReason::Term(Term::atom(name))
    }

    /// The reason of a Rust panic with this message: `{%RuntimeError{message: msg}, []}`.
    pub fn panic(message: impl Into<String>) -> ExitReason {
        ExitReason::Exception(Exception {
            module: "RuntimeError",
            message: message.into(),
        })
    }

    /// An `ArgumentError` raised with this message.
    pub fn argument_error(message: impl Into<String>) -> ExitReason {
        ExitReason::Exception(Exception {
            module: "ArgumentError",
            message: message.into(),
        })
    }

    /// A `FunctionClauseError` in `function` (`"Process.sleep/1"`): what
    /// Elixir raises when an argument fails a guard, as a negative timeout
    /// does.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// let r = ExitReason::function_clause("Process.sleep/1");
    /// assert_eq!(r.to_string(), "an exception was raised:\n    \
    ///     ** (FunctionClauseError) no function clause matching in Process.sleep/1");
    /// ```
    pub fn function_clause(function: &str) -> ExitReason {
        ExitReason::Exception(Exception {
            module: "FunctionClauseError",
            message: format!("no function clause matching in {function}"),
        })
    }

    /// An error the VM raises as an atom, `:timeout_value` for a negative
    /// `receive ... after`: Elixir shows it as `** (ErlangError) Erlang error:
    /// :timeout_value`, and the exit reason is `{:timeout_value, stacktrace}`.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// let r = ExitReason::erlang_error("timeout_value");
    /// assert_eq!(format!("{r:?}"), "{:timeout_value, []}");
    /// ```
    pub fn erlang_error(atom: &str) -> ExitReason {
        ExitReason::Exception(Exception {
            module: "ErlangError",
            message: format!("Erlang error: :{atom}"),
        })
    }

    /// The reason of an uncaught `throw(value)`: `{{:nocatch, value}, []}`.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// use task_runtime::inspect::Term;
    /// let r = ExitReason::thrown(Term::atom("ball"));
    /// assert_eq!(format!("{r:?}"), "{{:nocatch, :ball}, []}");
    /// assert_eq!(r.to_string(), "an exception was raised:\n    \
    ///     ** (ErlangError) Erlang error: {:nocatch, :ball}");
    /// ```
    pub fn thrown(value: Term) -> ExitReason {
        ExitReason::Error(Term::tuple([Term::atom("nocatch"), value]))
    }

    /// `{reason, {module, function, args}}`.
    pub fn call(
        reason: ExitReason,
        module: &'static str,
        function: &'static str,
        args: Vec<Term>,
    ) -> ExitReason {
        ExitReason::Call(Arc::new(CallExit {
            reason,
            module: Atom::new(module),
            function: Atom::new(function),
            args,
        }))
    }

    /// `true` for `:normal`, the only reason links ignore.
    pub fn is_normal(&self) -> bool {
        matches!(self, ExitReason::Normal)
    }

    /// `true` for `:normal`, `:shutdown` and `{:shutdown, _}`: the reasons
    /// that are not logged as crashes.
    pub fn is_orderly(&self) -> bool {
        matches!(
            self,
            ExitReason::Normal | ExitReason::Shutdown | ExitReason::ShutdownWith(_)
        )
    }

    /// `true` for `:timeout` and for a call that exited with it.
    pub fn is_timeout(&self) -> bool {
        match self {
            ExitReason::Term(t) => t.is_atom("timeout"),
            ExitReason::Call(c) => c.reason.is_timeout(),
            _ => false,
        }
    }

    /// The reason under every call that exited with it: `{reason, {Task,
    /// :await, [task, 5000]}}` (and a call nested in one) answers `reason`,
    /// what the task itself ended with; any other reason answers itself.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// let boom = ExitReason::panic("boom");
    /// let awaited = ExitReason::call(boom.clone(), "Task", "await", vec![]);
    /// let outer = ExitReason::call(awaited.clone(), "Task", "await", vec![]);
    /// assert_eq!(outer.root_cause(), &boom);
    /// assert_eq!(boom.root_cause(), &boom);
    /// ```
    pub fn root_cause(&self) -> &ExitReason {
        let mut reason = self;
        while let ExitReason::Call(call) = reason {
            reason = &call.reason;
        }
        reason
    }

    /// `true` when the process at the [root](ExitReason::root_cause) ended on
    /// its own abnormally: it raised (a Rust panic included) or called
    /// `exit(reason)` with a reason other than `:normal`, `:shutdown`,
    /// `{:shutdown, _}`. `false` for those, for `:killed` (it was killed), for
    /// `:noproc` (there was no process) and for `:timeout` (the wait gave up,
    /// the task may still run): the questions "retry?" and "report a bug?"
    /// have different answers for them.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// assert!(ExitReason::panic("boom").is_crash());
    /// assert!(ExitReason::atom("bad").is_crash());
    /// let timeout = ExitReason::call(ExitReason::atom("timeout"), "Task", "await", vec![]);
    /// assert!(!timeout.is_crash());
    /// assert!(!ExitReason::Shutdown.is_crash());
    /// assert!(!ExitReason::Killed.is_crash());
    /// ```
    pub fn is_crash(&self) -> bool {
        match self.root_cause() {
            ExitReason::Exception(_) | ExitReason::Error(_) | ExitReason::Kill => true,
            ExitReason::Term(t) => !t.is_atom("timeout"),
            _ => false,
        }
    }

    /// The exception at the [root](ExitReason::root_cause), if the process
    /// raised one.
    pub fn exception(&self) -> Option<&Exception> {
        match self.root_cause() {
            ExitReason::Exception(e) => Some(e),
            _ => None,
        }
    }

    /// The message of the Rust panic at the [root](ExitReason::root_cause)
    /// (`panic!("boom")` is `Some("boom")`); `None` for any other reason,
    /// an Elixir exception of another module included.
    ///
    /// ```
    /// use task_runtime::ExitReason;
    /// let awaited = ExitReason::call(ExitReason::panic("boom"), "Task", "await", vec![]);
    /// assert_eq!(awaited.panic_message(), Some("boom"));
    /// assert_eq!(ExitReason::argument_error("bad").panic_message(), None);
    /// assert_eq!(ExitReason::Normal.panic_message(), None);
    /// ```
    pub fn panic_message(&self) -> Option<&str> {
        self.exception()
            .filter(|e| e.module == "RuntimeError")
            .map(|e| e.message.as_str())
    }

    /// The OS exit status Elixir uses when a script's main process ends with
    /// this reason: 0 for `:normal`, `:shutdown` and `{:shutdown, 0}`, `n` for
    /// `{:shutdown, n}`, 1 otherwise.
    pub fn exit_status(&self) -> i32 {
        match self {
            ExitReason::Normal | ExitReason::Shutdown => 0,
            ExitReason::ShutdownWith(Term::Int(n)) => i32::try_from(*n).unwrap_or(1),
            _ => 1,
        }
    }

    /// As a [`Term`], for placing inside other terms.
    pub fn to_term(&self) -> Term {
        match self {
            ExitReason::Term(t) => t.clone(),
            other => Term::of(other),
        }
    }
}

impl From<Term> for ExitReason {
    /// Maps the atoms with a meaning of their own (`:normal`, `:shutdown`,
    /// `:kill`, `:killed`, `:noproc`, `{:shutdown, x}`) to their variants.
    fn from(term: Term) -> ExitReason {
        match &term {
            Term::Atom(a) => match a.name() {
                "normal" => ExitReason::Normal,
                "shutdown" => ExitReason::Shutdown,
                "kill" => ExitReason::Kill,
                "killed" => ExitReason::Killed,
                "noproc" => ExitReason::Noproc,
                _ => ExitReason::Term(term),
            },
            Term::Tuple(items) if items.len() == 2 && items[0].is_atom("shutdown") => {
                ExitReason::ShutdownWith(items[1].clone())
            }
            _ => ExitReason::Term(term),
        }
    }
}

impl Inspect for ExitReason {
    fn to_doc(&self) -> Doc {
        match self {
            ExitReason::Normal => Doc::text(":normal"),
            ExitReason::Shutdown => Doc::text(":shutdown"),
            ExitReason::ShutdownWith(t) => {
                Term::tuple([Term::atom("shutdown"), t.clone()]).to_doc()
            }
            ExitReason::Kill => Doc::text(":kill"),
            ExitReason::Killed => Doc::text(":killed"),
            ExitReason::Noproc => Doc::text(":noproc"),
            ExitReason::Exception(e) => {
                Doc::container("{", vec![e.to_doc(), Doc::text("[]")], "}", false)
            }
            ExitReason::Call(c) => c.to_doc(),
            ExitReason::Term(t) => t.to_doc(),
            ExitReason::Error(t) => {
                Doc::container("{", vec![t.to_doc(), Doc::text("[]")], "}", false)
            }
        }
    }
}

impl Drop for CallExit {
    /// Unwinds a chain of nested calls in a loop: the last holder of a reason
    /// nested 100,000 deep must not recurse once per level (a tokio worker's
    /// stack is 2 MiB).
    fn drop(&mut self) {
        let mut next = std::mem::replace(&mut self.reason, ExitReason::Normal);
        while let ExitReason::Call(call) = next {
            next = match Arc::try_unwrap(call) {
                Ok(mut inner) => std::mem::replace(&mut inner.reason, ExitReason::Normal),
                Err(_) => break,
            };
        }
    }
}

impl Inspect for CallExit {
    /// `{reason, {module, :function, args}}`.
    fn to_doc(&self) -> Doc {
        let mfa = Term::tuple([
            Term::Atom(self.module.clone()),
            Term::Atom(self.function.clone()),
            Term::List(self.args.clone()),
        ]);
        Doc::container("{", vec![self.reason.to_doc(), mfa.to_doc()], "}", false)
    }
}

impl Exception {
    /// The atom the VM raised, for the exceptions Elixir makes of one:
    /// `FunctionClauseError` is `:function_clause`, `ErlangError`'s
    /// `"Erlang error: :name"` is `:name`, a BIF's `ArgumentError` is `:badarg`. The exit reason shows the atom, as
    /// Elixir's `{:function_clause, stacktrace}` does.
    fn erlang_atom(&self) -> Option<&str> {
        match self.module {
            "FunctionClauseError" => Some("function_clause"),
            "ErlangError" => self.message.strip_prefix("Erlang error: :"),
            // A BIF's `badarg`, which Elixir shows with the BIF's extended
            // error info ("errors were found at the given arguments: ...").
            "ArgumentError" if self.message.starts_with("errors were found at the given") => {
                Some("badarg")
            }
            _ => None,
        }
    }
}

impl Inspect for Exception {
    fn to_doc(&self) -> Doc {
        if let Some(atom) = self.erlang_atom() {
            return Doc::text(format!(":{atom}"));
        }
        let message = Doc::Concat(vec![Doc::text("message: "), self.message.to_doc()]);
        Doc::container(format!("%{}{{", self.module), vec![message], "}", true)
    }
}

impl fmt::Display for Exception {
    /// `** (Module) message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "** ({}) {}", self.module, self.message)
    }
}

impl_debug_via_inspect!(ExitReason, Exception, CallExit);

impl fmt::Display for ExitReason {
    /// `Exception.format_exit/1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_exit(self, ""))
    }
}

impl std::error::Error for ExitReason {}

/// Elixir's `Exception.format_exit/1`, continuation lines indented by `indent`.
fn format_exit(reason: &ExitReason, indent: &str) -> String {
    match reason {
        ExitReason::Normal => "normal".into(),
        ExitReason::Shutdown => "shutdown".into(),
        ExitReason::ShutdownWith(t) => format!("shutdown: {t:?}"),
        ExitReason::Killed => "killed".into(),
        ExitReason::Noproc => "no process: the process is not alive or there's no process \
             currently associated with the given name, possibly because its application \
             isn't started"
            .into(),
        ExitReason::Term(t) if t.is_atom("timeout") => "time out".into(),
        ExitReason::Term(t) if t.is_atom("calling_self") => {
            "process attempted to call itself".into()
        }
        ExitReason::Term(Term::Tuple(items))
            if items.len() == 2 && items[0].is_atom("bad_return_value") =>
        {
            format!("bad return value: {:?}", items[1])
        }
        ExitReason::Exception(e) => format!("an exception was raised:\n{indent}    {e}"),
        ExitReason::Error(t) => {
            format!("an exception was raised:\n{indent}    ** (ErlangError) Erlang error: {t:?}")
        }
        ExitReason::Call(c) => {
            let args: Vec<String> = c.args.iter().map(inspect).collect();
            let inner = format!("{indent}    ");
            format!(
                "exited in: {}.{}({})\n{inner}** (EXIT) {}",
                inspect(&c.module),
                c.function.name(),
                args.join(", "),
                format_exit(&c.reason, &inner)
            )
        }
        other => format!("{other:?}"),
    }
}
