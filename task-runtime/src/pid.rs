//! Process identifiers and references: small `Copy` values that print in
//! Elixir's notation (`#PID<0.N.0>`, `#Reference<0.a.b.c>`).

use std::cell::Cell;
use std::fmt;
use std::num::NonZeroU64;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies a process. Stays a valid value after the process dies: sending
/// to a dead pid is a silent no-op and [`alive`](crate::process::alive)
/// returns `false`.
///
/// Eight bytes and `Copy`, whichever node the process lives on: the top 16
/// bits are the node's index in this OS process's node table (0 = this
/// node), so a local pid is a plain counter and local code never looks at
/// a node. Local pids are unique for the life of the OS process; each thread
/// takes them from the counter in blocks, so pids made on different threads
/// are not in the order they were made. A remote pid (from Erlang distribution, feature `dist`) keeps
/// the peer's process id in the low 32 bits and its serial in the next 16,
/// and prints `#PID<N.id.serial>` as Elixir prints a remote pid, `N` being
/// the node's index here (`docs/distribution.md`).
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

    /// The bit where a remote pid's node index starts.
    const NODE_SHIFT: u32 = 48;

    /// `true` for a pid of a process on another node (only distribution,
    /// feature `dist`, makes them).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// assert!(!task_runtime::process::spawn(async {}).is_remote());
    /// assert!(!task_runtime::Pid::NIL.is_remote());
    /// # }
    /// ```
    #[inline]
    pub const fn is_remote(self) -> bool {
        // One subtract and one compare: local pids (and OUTSIDE) are below
        // 2^48 and wrap to the top, NIL (all ones) lands on the bound.
        const FIRST: u64 = 1 << Pid::NODE_SHIFT;
        self.0.wrapping_sub(FIRST) < u64::MAX - FIRST
    }

    /// The node index of a remote pid (0 for a local one).
    pub const fn node_index(self) -> u16 {
        if self.is_nil() {
            0
        } else {
            (self.0 >> Self::NODE_SHIFT) as u16
        }
    }

    /// A remote pid: `id` and `serial` as the peer's external term format
    /// gives them, `node` an index of the node table (1..=0xFFFE). `None` if
    /// the serial does not fit in 16 bits (the BEAM's stay far below).
    #[cfg_attr(not(feature = "dist"), allow(dead_code))]
    pub(crate) fn remote(node: u16, id: u32, serial: u32) -> Option<Pid> {
        if node == 0 || node == u16::MAX || serial > u32::from(u16::MAX) {
            return None;
        }
        Some(Pid(u64::from(node) << Self::NODE_SHIFT
            | u64::from(serial) << 32
            | u64::from(id)))
    }

    /// The `(id, serial)` pair this pid travels as: the low 32 bits and the
    /// 16 above them (a local counter beyond 2^32 goes on in the serial).
    #[cfg_attr(not(feature = "dist"), allow(dead_code))]
    pub(crate) fn wire_parts(self) -> (u32, u32) {
        (self.0 as u32, (self.0 >> 32) as u32 & 0xFFFF)
    }

    /// The local pid with these wire parts (a pid of this node coming back).
    #[cfg_attr(not(feature = "dist"), allow(dead_code))]
    pub(crate) fn local_from_wire(id: u32, serial: u32) -> Option<Pid> {
        (serial <= u32::from(u16::MAX)).then(|| Pid(u64::from(serial) << 32 | u64::from(id)))
    }

    pub(crate) fn next() -> Pid {
        Pid(next_id(&NEXT_PID, &PIDS))
    }

    /// The process number `N` of `#PID<0.N.0>`.
    pub fn number(self) -> u64 {
        self.0
    }

    /// The pid whose [`number`](Pid::number) is `n` (serde's way back in).
    #[cfg(feature = "dist")]
    pub(crate) const fn from_number(n: u64) -> Pid {
        Pid(n)
    }
}

impl fmt::Debug for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_nil() {
            return f.write_str("nil");
        }
        if self.is_remote() {
            let (id, serial) = self.wire_parts();
            return write!(f, "#PID<{}.{id}.{serial}>", self.node_index());
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

impl Ref {
    /// The three words this ref travels as in the external term format
    /// (`[lo, hi, run id]`: Elixir prints `#Reference<0.w2.w1.w0>`, as our
    /// `Debug` does).
    #[cfg_attr(not(feature = "dist"), allow(dead_code))]
    pub(crate) fn wire_words(self) -> [u32; 3] {
        let n = self.0.get();
        [n as u32, (n >> 32) as u32, run_id()]
    }

    /// The local ref with these words, if they name one of this run.
    #[cfg_attr(not(feature = "dist"), allow(dead_code))]
    pub(crate) fn from_wire_words(words: &[u32]) -> Option<Ref> {
        match *words {
            [lo, hi, run] if run == run_id() => {
                NonZeroU64::new(u64::from(hi) << 32 | u64::from(lo)).map(Ref)
            }
            _ => None,
        }
    }
}

static NEXT_REF: AtomicU64 = AtomicU64::new(1);

/// Ids a thread takes from a global counter at a time: one atomic
/// read-modify-write per block instead of one per pid or ref, which every
/// spawn and every task paid (the counter's cache line also bounced between
/// the workers). Ids stay unique; across threads they are not in order,
/// which nothing promises (the BEAM's are not either).
const ID_BLOCK: u64 = 64;

thread_local! {
    /// This thread's next pid and the end of its block.
    static PIDS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
    /// The same for refs.
    static REFS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// The next id of `counter`'s ids for this thread (from `block`, its block).
#[inline]
fn next_id(counter: &AtomicU64, block: &'static std::thread::LocalKey<Cell<(u64, u64)>>) -> u64 {
    block
        .try_with(|b| {
            let (next, end) = b.get();
            if next < end {
                b.set((next + 1, end));
                return next;
            }
            let start = counter.fetch_add(ID_BLOCK, Ordering::Relaxed);
            b.set((start + 1, start + ID_BLOCK));
            start
        })
        // A thread tearing down its locals takes one at a time.
        .unwrap_or_else(|_| counter.fetch_add(1, Ordering::Relaxed))
}

/// Makes a fresh, unique [`Ref`] (Elixir's `make_ref/0`).
pub fn make_ref() -> Ref {
    let n = next_id(&NEXT_REF, &REFS);
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
