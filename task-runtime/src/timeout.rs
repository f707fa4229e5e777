//! [`Timeout`]: milliseconds or `:infinity`, as every Elixir wait takes.

use crate::inspect::{Doc, Inspect};
use std::time::Duration;

/// How long a wait may take: a number of milliseconds or `:infinity`.
///
/// ```
/// use task_runtime::Timeout;
/// assert_eq!(Timeout::DEFAULT, Timeout::ms(5_000));
/// assert_eq!(Timeout::from(10_u64), Timeout::Ms(10));
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

impl From<u64> for Timeout {
    fn from(ms: u64) -> Timeout {
        Timeout::Ms(ms)
    }
}

impl From<u32> for Timeout {
    fn from(ms: u32) -> Timeout {
        Timeout::Ms(ms.into())
    }
}

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
