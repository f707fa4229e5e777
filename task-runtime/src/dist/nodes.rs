//! The node table: which node a remote [`Pid`]'s index names.
//!
//! A pid holds a 16-bit index instead of its node's name, so it stays 8
//! bytes and `Copy`. An index is given to a `(node name, creation)` pair the
//! first time a pid of it is decoded and is never reused, so a pid of a
//! node's earlier incarnation never reaches its next one (the BEAM itself
//! does not filter those: erlang-distribution reference §4).

use crate::inspect::Atom;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Default)]
struct Table {
    /// Index `i` is `entries[i - 1]`; 0 is this node.
    entries: Vec<(Atom, u32)>,
    by_name: HashMap<(Atom, u32), u16>,
}

fn table() -> &'static RwLock<Table> {
    static TABLE: OnceLock<RwLock<Table>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The index of `(node, creation)`, given on first sight. `None` once
/// 65,534 incarnations have been seen (a pid has no room for more).
pub(crate) fn index_of(node: &Atom, creation: u32) -> Option<u16> {
    let key = (node.clone(), creation);
    if let Some(&i) = table().read().by_name.get(&key) {
        return Some(i);
    }
    let mut t = table().write();
    if let Some(&i) = t.by_name.get(&key) {
        return Some(i);
    }
    let i = u16::try_from(t.entries.len() + 1)
        .ok()
        .filter(|&i| i < u16::MAX)?;
    t.entries.push(key.clone());
    t.by_name.insert(key, i);
    Some(i)
}

/// The node and creation of index `i` (1 and up).
pub(crate) fn entry(i: u16) -> Option<(Atom, u32)> {
    let t = table().read();
    t.entries.get(usize::from(i).checked_sub(1)?).cloned()
}
