//! [`Apply`]: a Rust function and its arguments as Elixir's module,
//! function, arguments (`Task.Supervisor.async(sup, Enum, :sum, [xs])`).

use std::future::Future;

/// A function of `Args` (a tuple: `()`, `(a,)`, `(a, b)`, ... up to four)
/// returning a future; applied to them in the task, as Elixir's
/// `apply(module, fun, args)` runs there. `ARITY` is the tuple's length,
/// the arity of the task's `mfa`.
///
/// ```
/// use task_runtime::task::Apply;
/// fn arity<F: Apply<A>, A>(_: &F) -> usize { F::ARITY }
/// async fn sum(xs: Vec<i64>) -> i64 { xs.iter().sum() }
/// async fn add(a: i64, b: i64) -> i64 { a + b }
/// assert_eq!(arity::<_, (Vec<i64>,)>(&sum), 1);
/// assert_eq!(arity::<_, (i64, i64)>(&add), 2);
/// ```
pub trait Apply<Args>: Send + 'static {
    /// What the function returns.
    type Future: Future + Send + 'static;
    /// How many arguments it takes.
    const ARITY: usize;
    /// Calls it.
    fn apply(self, args: Args) -> Self::Future;
}

macro_rules! apply_tuple {
    ($n:expr; $($a:ident)*) => {
        impl<F, Fut, $($a),*> Apply<($($a,)*)> for F
        where
            F: FnOnce($($a),*) -> Fut + Send + 'static,
            Fut: Future + Send + 'static,
        {
            type Future = Fut;
            const ARITY: usize = $n;
            #[allow(non_snake_case, reason = "type parameters double as bindings")]
            fn apply(self, ($($a,)*): ($($a,)*)) -> Fut {
                self($($a),*)
            }
        }
    };
}

apply_tuple!(0;);
apply_tuple!(1; A);
apply_tuple!(2; A B);
apply_tuple!(3; A B C);
apply_tuple!(4; A B C D);
