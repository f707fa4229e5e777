//! What `Process.info` says of a queued message: its Rust type name, and
//! its Elixir form if its type implements [`Inspect`] and is known here.
//!
//! A mailbox holds `Box<dyn Any + Send>`, which knows its `TypeId` and no
//! more. So types are noted by `TypeId`: each `process::send` notes its
//! message type's name (one thread-local compare when a thread sends the
//! same type again, as it mostly does; a table look-up when the type
//! changes), the runtime's own message types are known with their Elixir
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

static TYPES: LazyLock<RwLock<FxHashMap<TypeId, Described>>> = LazyLock::new(|| {
    // The runtime's own messages, and the plain values tests and examples send.
    let known = [
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
    ];
    RwLock::new(known.into_iter().collect())
});

thread_local! {
    /// The type this thread noted last: most senders send one type again and again.
    static LAST: Cell<Option<TypeId>> = const { Cell::new(None) };
}

/// Notes the name of `M`, a message type about to be sent.
#[inline]
pub(crate) fn note<M: 'static>() {
    let id = TypeId::of::<M>();
    if LAST.with(Cell::get) != Some(id) {
        note_new::<M>(id);
    }
}

#[cold]
fn note_new<M: 'static>(id: TypeId) {
    LAST.with(|last| last.set(Some(id)));
    if TYPES.read().contains_key(&id) {
        return;
    }
    TYPES.write().entry(id).or_insert(Described {
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
    TYPES.write().insert(id, described);
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
    let found = TYPES.read().get(&id).copied();
    let Some(Described { name, doc }) = found else {
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
