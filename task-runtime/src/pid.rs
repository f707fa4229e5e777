//! Process identifiers and references: small `Copy` values that print in
//! Elixir's notation (`#PID<0.N.0>`, `#Reference<0.a.b.c>`).

use std::fmt;
use std::num::NonZeroU64;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies a process. Stays a valid value after the process dies: sending
/// to a dead pid is a silent no-op and [`alive`](crate::process::alive)
/// returns `false`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let pid = task_runtime::process::spawn(async {});
/// assert!(format!("{pid:?}").starts_with("#PID<0."));
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(u64);

/// Starts after 0 so that the first pid printed is never `#PID<0.0.0>`,
/// which Erlang reserves for its `init` process.
static NEXT_PID: AtomicU64 = AtomicU64::new(64);

impl Pid {
    /// The pid that signals and messages sent from outside any process carry
    /// (code in a plain `#[tokio::main]`, for instance): `#PID<0.0.0>`, the
    /// number Erlang gives its `init` process.
    pub const OUTSIDE: Pid = Pid(0);

    /// Elixir's `nil` where a pid is expected: the `pid` of a task made by
    /// [`completed`](crate::task::completed), which has no process. It prints
    /// `nil`, is never alive, and sending to it does nothing.
    ///
    /// ```
    /// use task_runtime::Pid;
    /// assert_eq!(format!("{:?}", Pid::NIL), "nil");
    /// assert!(Pid::NIL.is_nil());
    /// ```
    pub const NIL: Pid = Pid(u64::MAX);

    /// `true` for [`Pid::NIL`].
    pub const fn is_nil(self) -> bool {
        self.0 == u64::MAX
    }

    pub(crate) fn next() -> Pid {
        Pid(NEXT_PID.fetch_add(1, Ordering::Relaxed))
    }

    /// The process number `N` of `#PID<0.N.0>`.
    pub fn number(self) -> u64 {
        self.0
    }
}

impl fmt::Debug for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_nil() {
            return f.write_str("nil");
        }
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A unique reference, as made by Erlang's `make_ref/0`: monitor references,
/// task reply tags. Unique for the life of the OS process.
///
/// ```
/// let (a, b) = (task_runtime::make_ref(), task_runtime::make_ref());
/// assert_ne!(a, b);
/// assert!(format!("{a:?}").starts_with("#Reference<0."));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ref(NonZeroU64);

static NEXT_REF: AtomicU64 = AtomicU64::new(1);

/// Makes a fresh, unique [`Ref`] (Elixir's `make_ref/0`).
pub fn make_ref() -> Ref {
    let n = NEXT_REF.fetch_add(1, Ordering::Relaxed);
    // Never zero: the counter starts at 1 and 2^64 refs are never made.
    Ref(NonZeroU64::new(n).unwrap_or(NonZeroU64::MIN))
}

/// The first printed word of a reference: like the BEAM's, it differs between
/// runs of the program, so nobody mistakes a printed ref for a stable value.
fn run_id() -> u32 {
    static RUN_ID: OnceLock<u32> = OnceLock::new();
    *RUN_ID.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ (d.as_secs() as u32));
        nanos.wrapping_mul(2_654_435_761) >> 1
    })
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.get();
        let (hi, lo) = ((n >> 32) as u32, n as u32);
        write!(f, "#Reference<0.{}.{}.{}>", run_id(), hi, lo)
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}
