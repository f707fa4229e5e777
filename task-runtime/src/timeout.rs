//! [`Timeout`]: milliseconds or `:infinity`, as every Elixir wait takes.

use crate::inspect::{Doc, Inspect};
use std::time::Duration;

/// How long a wait may take: a number of milliseconds or `:infinity`.
///
/// ```
/// use task_runtime::Timeout;
/// assert_eq!(Timeout::DEFAULT, Timeout::ms(5_000));
/// assert_eq!(Timeout::from(10_u64), Timeout::Ms(10));
/// assert_eq!(Timeout::try_from(10_i32), Ok(Timeout::Ms(10)));
/// assert_eq!(Timeout::Infinity.as_duration(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timeout {
    /// Wait at most this many milliseconds.
    Ms(u64),
    /// Wait forever (`:infinity`).
    Infinity,
}

impl Timeout {
    /// Elixir's default for `Task.await/2` and friends: 5000 ms.
    pub const DEFAULT: Timeout = Timeout::Ms(5_000);

    /// `ms` milliseconds.
    pub const fn ms(ms: u64) -> Timeout {
        Timeout::Ms(ms)
    }

    /// The wait as a [`Duration`]; `None` for `:infinity`.
    pub fn as_duration(self) -> Option<Duration> {
        match self {
            Timeout::Ms(ms) => Some(Duration::from_millis(ms)),
            Timeout::Infinity => None,
        }
    }
}

impl Default for Timeout {
    fn default() -> Timeout {
        Timeout::DEFAULT
    }
}

// Unsigned milliseconds convert as they are (a `u128` or `usize` beyond
// `u64::MAX` ms, 584 million years, waits that long); signed ones go through
// `TryFrom`, since a negative wait is an error in Elixir, not a zero.
macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Timeout {
            fn from(ms: $t) -> Timeout {
                Timeout::Ms(u64::try_from(ms).unwrap_or(u64::MAX))
            }
        }
        impl IntoTimeout for $t {
            fn into_timeout(self) -> Result<Timeout, NegativeTimeout> {
                Ok(Timeout::from(self))
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64, u128, usize);

macro_rules! try_from_signed {
    ($($t:ty),*) => {$(
        impl TryFrom<$t> for Timeout {
            type Error = NegativeTimeout;
            fn try_from(ms: $t) -> Result<Timeout, NegativeTimeout> {
                match u64::try_from(ms) {
                    Ok(ms) => Ok(Timeout::Ms(ms)),
                    // Only a value above `u64::MAX` (an `i128`) fails without
                    // being negative.
                    Err(_) if ms > 0 => Ok(Timeout::Ms(u64::MAX)),
                    // Every signed type widens to `i128` without loss.
                    Err(_) => Err(NegativeTimeout(ms as i128)),
                }
            }
        }
        impl IntoTimeout for $t {
            fn into_timeout(self) -> Result<Timeout, NegativeTimeout> {
                Timeout::try_from(self)
            }
        }
    )*};
}
try_from_signed!(i8, i16, i32, i64, i128, isize);

/// A value that can be a [`Timeout`]: every integer type (milliseconds),
/// [`Duration`] and `Timeout` itself. Functions that take milliseconds
/// ([`process::sleep`](crate::process::sleep), `task!(await t, ms)`) accept
/// it, so `sleep(100)` with an `i32` literal and an `ms: usize` both work, as
/// any integer does in Elixir; a negative value is refused at run time the
/// way Elixir refuses it (a `FunctionClauseError` exit, see
/// [`process::checked_timeout`](crate::process::checked_timeout)).
///
/// ```
/// use task_runtime::{IntoTimeout, Timeout};
/// assert_eq!(100_i32.into_timeout(), Ok(Timeout::Ms(100)));
/// assert_eq!(7_usize.into_timeout(), Ok(Timeout::Ms(7)));
/// assert!((-1_i64).into_timeout().is_err());
/// assert_eq!(Timeout::Infinity.into_timeout(), Ok(Timeout::Infinity));
/// ```
pub trait IntoTimeout {
    /// The timeout, or the negative number of milliseconds that is none.
    fn into_timeout(self) -> Result<Timeout, NegativeTimeout>;
}

impl IntoTimeout for Timeout {
    fn into_timeout(self) -> Result<Timeout, NegativeTimeout> {
        Ok(self)
    }
}

impl IntoTimeout for Duration {
    fn into_timeout(self) -> Result<Timeout, NegativeTimeout> {
        Ok(Timeout::from(self))
    }
}

/// A negative number of milliseconds, which no Elixir wait takes.
///
/// ```
/// use task_runtime::Timeout;
/// let err = Timeout::try_from(-5_i32).unwrap_err();
/// assert_eq!(err.ms(), -5);
/// assert_eq!(err.to_string(), "a timeout cannot be negative: -5");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegativeTimeout(i128);

impl NegativeTimeout {
    /// The value given.
    pub fn ms(self) -> i128 {
        self.0
    }
}

impl std::fmt::Display for NegativeTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a timeout cannot be negative: {}", self.0)
    }
}

impl std::error::Error for NegativeTimeout {}

impl From<Duration> for Timeout {
    fn from(d: Duration) -> Timeout {
        Timeout::Ms(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

impl Inspect for Timeout {
    fn to_doc(&self) -> Doc {
        match self {
            Timeout::Ms(ms) => Doc::text(ms.to_string()),
            Timeout::Infinity => Doc::text(":infinity"),
        }
    }
}
