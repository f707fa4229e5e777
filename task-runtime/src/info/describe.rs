//! What `Process.info` says of a queued message: its Rust type name, and
//! its Elixir form if its type implements [`Inspect`] and is known here.
//!
//! A mailbox holds `Box<dyn Any + Send>`, which knows its `TypeId` and no
//! more. So types are noted by `TypeId`: each `process::send` notes its
//! message type's name (a hash and one compare in a small thread-local
//! cache of the types the thread has sent; the global table only for a type
//! new to the thread's cache slot), the runtime's own message types are known with their Elixir
//! form, and [`inspectable`] makes a user type's Elixir form known.

use crate::inspect::{Atom, Doc, Inspect, Term};
use crate::messages::{Down, Exit};
use crate::{ExitReason, Pid, Ref};
use parking_lot::RwLock;
use rustc_hash::FxHashMap;
use std::any::{Any, TypeId, type_name};
use std::cell::Cell;
use std::sync::LazyLock;

type DocOf = fn(&(dyn Any + Send)) -> Option<Doc>;

#[derive(Clone, Copy)]
struct Described {
    name: &'static str,
    doc: Option<DocOf>,
}

fn doc_of<T: Inspect + 'static>(msg: &(dyn Any + Send)) -> Option<Doc> {
    msg.downcast_ref::<T>().map(Inspect::to_doc)
}

fn described<T: Inspect + 'static>() -> (TypeId, Described) {
    let described = Described {
        name: type_name::<T>(),
        doc: Some(doc_of::<T>),
    };
    (TypeId::of::<T>(), described)
}

/// The runtime's own messages, and the plain values tests and examples send:
/// a fixed array, so that noting them allocates nothing (a process's first
/// send must not grow the heap).
static KNOWN: LazyLock<[(TypeId, Described); 18]> = LazyLock::new(|| {
    [
        described::<Exit>(),
        described::<Down>(),
        described::<Term>(),
        described::<Atom>(),
        described::<ExitReason>(),
        described::<Pid>(),
        described::<Ref>(),
        described::<String>(),
        described::<&'static str>(),
        described::<()>(),
        described::<bool>(),
        described::<i32>(),
        described::<i64>(),
        described::<u8>(),
        described::<u32>(),
        described::<u64>(),
        described::<usize>(),
        described::<f64>(),
    ]
});

/// Every other type noted or made known, made on first need.
static OTHERS: RwLock<Option<FxHashMap<TypeId, Described>>> = RwLock::new(None);

fn known(id: TypeId) -> Option<Described> {
    KNOWN.iter().find(|(k, _)| *k == id).map(|(_, d)| *d)
}

fn lookup(id: TypeId) -> Option<Described> {
    known(id).or_else(|| OTHERS.read().as_ref()?.get(&id).copied())
}

/// Slots of [`SEEN`]: a power of two.
const SEEN_SLOTS: usize = 16;

thread_local! {
    /// The types this thread has noted, direct-mapped by their hash: a
    /// thread's processes send a few types back and forth (a `Ping` one way,
    /// a `Pong` the other), and one "last type" slot missed on every send
    /// of such an exchange, taking the global table's lock each time.
    static SEEN: [Cell<Option<TypeId>>; SEEN_SLOTS] = const { [const { Cell::new(None) }; SEEN_SLOTS] };
}

/// The [`SEEN`] slot of `id`.
#[inline]
fn seen_slot(id: TypeId) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    id.hash(&mut hasher);
    (hasher.finish() as usize) & (SEEN_SLOTS - 1)
}

/// Notes the name of `M`, a message type about to be sent.
#[inline]
pub(crate) fn note<M: 'static>() {
    let id = TypeId::of::<M>();
    let slot = seen_slot(id);
    if SEEN.with(|seen| seen[slot].get()) != Some(id) {
        note_new::<M>(id, slot);
    }
}

#[cold]
fn note_new<M: 'static>(id: TypeId, slot: usize) {
    SEEN.with(|seen| seen[slot].set(Some(id)));
    if lookup(id).is_some() {
        return;
    }
    let mut others = OTHERS.write();
    others
        .get_or_insert_with(FxHashMap::default)
        .entry(id)
        .or_insert(Described {
            name: type_name::<M>(),
            doc: None,
        });
}

/// Makes `T`'s Elixir form known to [`process::info`](crate::process::info):
/// its queued messages then show as Elixir prints them, not by type name
/// alone. The runtime's own messages (`Exit`, `Down`), `Term`, strings and
/// numbers are known already.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::inspect::{Doc, Inspect};
/// use task_runtime::process;
/// struct Ping(u32);
/// impl Inspect for Ping {
///     fn to_doc(&self) -> Doc {
///         Doc::text(format!("{{:ping, {}}}", self.0))
///     }
/// }
/// process::inspectable::<Ping>();
/// # task_runtime::root::spawn_root(async {
/// let me = process::self_pid();
/// process::send(me, Ping(1));
/// let info = process::info(me).unwrap();
/// assert_eq!(task_runtime::inspect::inspect(&info.messages), "[{:ping, 1}]");
/// # }).await.unwrap();
/// # }
/// ```
pub fn inspectable<T: Inspect + Send + 'static>() {
    let (id, described) = described::<T>();
    if known(id).is_none() {
        let mut others = OTHERS.write();
        others
            .get_or_insert_with(FxHashMap::default)
            .insert(id, described);
    }
}

/// One queued message, as `Process.info` shows it.
#[derive(Clone, PartialEq)]
pub struct MessageInfo {
    /// Its Rust type (`std::any::type_name`), or `"?"` for a type sent
    /// other than through `process::send` and never made known.
    pub type_name: &'static str,
    /// Its Elixir form, if its type implements `Inspect` and is known
    /// ([`inspectable`]).
    pub term: Option<Doc>,
}

impl Inspect for MessageInfo {
    /// Its Elixir form, or `#Message<type>` (a form Elixir has no need of).
    fn to_doc(&self) -> Doc {
        match &self.term {
            Some(doc) => doc.clone(),
            None => Doc::text(format!("#Message<{}>", self.type_name)),
        }
    }
}

crate::inspect::impl_debug_via_inspect!(MessageInfo);

/// Describes `msg`; user code (an `Inspect`) may run: never under a lock.
pub(crate) fn describe(msg: &(dyn Any + Send)) -> MessageInfo {
    let id = (*msg).type_id();
    let Some(Described { name, doc }) = lookup(id) else {
        return MessageInfo {
            type_name: "?",
            term: None,
        };
    };
    let term = doc.and_then(|doc| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc(msg)))
            .ok()
            .flatten()
    });
    MessageInfo {
        type_name: name,
        term,
    }
}
