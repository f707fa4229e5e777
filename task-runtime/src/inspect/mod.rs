//! Elixir's `inspect`: the [`Inspect`] trait prints Rust values in Elixir
//! notation (`Ok(1)` as `{:ok, 1}`, `None` as `nil`, strings quoted, pids as
//! `#PID<0.N.0>`), on one line ([`inspect`]) or wrapped at 80 columns the way
//! `IO.inspect/2` does ([`io_inspect`]).

#[doc(hidden)]
pub mod derive;
mod doc;
mod std_impls;
mod term;

pub use doc::Doc;
pub use term::{Atom, Opaque, RemoteRef, Term};
pub(crate) use term::{is_alias, keyword_key, term_order};

use std::fmt;

/// Values that print in Elixir notation.
///
/// Implement [`Inspect::to_doc`]; the rest comes for free.
///
/// ```
/// use task_runtime::inspect::inspect;
/// assert_eq!(inspect(&Ok::<_, ()>(("blah", 1))), r#"{:ok, {"blah", 1}}"#);
/// assert_eq!(inspect(&None::<i32>), "nil");
/// ```
pub trait Inspect {
    /// The layout of this value.
    fn to_doc(&self) -> Doc;

    /// For a value that is a `{atom, value}` pair (`{:ok, 1}`, `{:exit,
    /// :bad}`): the atom's name and the value's layout. A list whose elements
    /// are all such pairs prints as a keyword list, `[ok: 1, exit: :bad]`,
    /// as Elixir prints it. `None` (the default) for anything else.
    ///
    /// ```
    /// use task_runtime::inspect::inspect;
    /// use task_runtime::{ExitReason, TaskResult};
    /// let results = vec![TaskResult::Ok(1), TaskResult::Exit(ExitReason::atom("bad"))];
    /// assert_eq!(inspect(&results), "[ok: 1, exit: :bad]");
    /// assert_eq!(inspect(&vec![Some(Ok::<i32, i32>(1)), None]), "[{:ok, 1}, nil]");
    /// ```
    fn keyword_pair(&self) -> Option<(String, Doc)> {
        None
    }
}

/// Width `IO.inspect/2` wraps at.
pub const PRETTY_WIDTH: usize = 80;

/// One-line Elixir notation of a value, like Elixir's `inspect/1`.
pub fn inspect<T: Inspect + ?Sized>(value: &T) -> String {
    value.to_doc().render(usize::MAX)
}

/// Elixir notation wrapped at 80 columns, like `IO.inspect/2` prints.
pub fn pretty<T: Inspect + ?Sized>(value: &T) -> String {
    value.to_doc().render(PRETTY_WIDTH)
}

/// Prints `value` like `IO.inspect/2` (pretty, wrapped at 80 columns, then a
/// newline) and returns it.
///
/// ```
/// let x = task_runtime::inspect::io_inspect(Some("blah"));
/// assert_eq!(x, Some("blah")); // printed `"blah"`
/// ```
pub fn io_inspect<T: Inspect>(value: T) -> T {
    println!("{}", pretty(&value));
    value
}

/// Adapts an [`Inspect`] value to [`fmt::Display`]/[`fmt::Debug`], one line;
/// `{:#}`/`{:#?}` wraps at 80 columns.
pub struct Inspected<'a, T: ?Sized>(pub &'a T);

impl<T: Inspect + ?Sized> fmt::Display for Inspected<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_inspect(self.0, f)
    }
}

/// Writes `value` in Elixir notation: on one line, or wrapped at 80
/// columns under `{:#}`/`{:#?}`.
pub(crate) fn fmt_inspect<T: Inspect + ?Sized>(
    value: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let width = if f.alternate() {
        PRETTY_WIDTH
    } else {
        usize::MAX
    };
    f.write_str(&value.to_doc().render(width))
}

/// `impl Debug` as Elixir notation, through the type's [`Inspect`]: `{:?}`
/// prints what `inspect/1` prints, `{:#?}` what `IO.inspect/2` prints
/// (wrapped at 80 columns). The runtime's values all print this way.
///
/// `impl_debug_via_inspect!(Pid, Ref);` or, generic,
/// `impl_debug_via_inspect!(impl<T: Inspect> TaskResult<T>);`.
macro_rules! impl_debug_via_inspect {
    (impl<$($param:ident $(: $bound:path)?),+> $ty:ty) => {
        impl<$($param $(: $bound)?),+> ::core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::inspect::fmt_inspect(self, f)
            }
        }
    };
    ($($ty:ty),+ $(,)?) => {
        $(
            impl ::core::fmt::Debug for $ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    $crate::inspect::fmt_inspect(self, f)
                }
            }
        )+
    };
}
pub(crate) use impl_debug_via_inspect;

impl<T: Inspect + ?Sized> fmt::Debug for Inspected<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExitReason;

    #[test]
    fn debug_is_inspect_on_one_line_and_alternate_debug_is_io_inspect() {
        let long = Term::list((0..40).map(Term::from));
        let reason = ExitReason::Term(long);
        assert_eq!(format!("{reason:?}"), inspect(&reason));
        assert!(!format!("{reason:?}").contains('\n'));
        assert_eq!(format!("{reason:#?}"), pretty(&reason));
        assert!(format!("{reason:#?}").contains('\n'));
    }
}
