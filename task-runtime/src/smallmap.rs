//! A map that stores one entry inline and spills to a hash map beyond that:
//! a task has exactly one link and one watcher, so the common case costs no
//! allocation, while an owner with 100,000 tasks still gets O(1) look-ups.

use rustc_hash::FxHashMap;
use std::hash::Hash;

#[derive(Default)]
pub(crate) enum SmallMap<K, V> {
    #[default]
    Empty,
    One(K, V),
    // Boxed: an idle process with no relations should stay small.
    #[allow(clippy::box_collection, reason = "keeps the enum at two words")]
    Many(Box<FxHashMap<K, V>>),
}

impl<K: Eq + Hash + Copy, V> SmallMap<K, V> {
    /// Inserts or replaces; returns `true` if the key is new.
    pub(crate) fn insert(&mut self, key: K, value: V) -> bool {
        match self {
            SmallMap::Empty => {
                *self = SmallMap::One(key, value);
                true
            }
            SmallMap::One(k, v) if *k == key => {
                *v = value;
                false
            }
            SmallMap::One(..) => {
                let SmallMap::One(k, v) = std::mem::take(self) else {
                    unreachable!("matched One above")
                };
                let mut map = Box::<FxHashMap<K, V>>::default();
                map.insert(k, v);
                map.insert(key, value);
                *self = SmallMap::Many(map);
                true
            }
            SmallMap::Many(map) => map.insert(key, value).is_none(),
        }
    }

    pub(crate) fn remove(&mut self, key: &K) -> Option<V> {
        match self {
            SmallMap::One(k, _) if k == key => match std::mem::take(self) {
                SmallMap::One(_, v) => Some(v),
                _ => unreachable!("matched One above"),
            },
            SmallMap::Many(map) => map.remove(key),
            _ => None,
        }
    }

    pub(crate) fn contains_key(&self, key: &K) -> bool {
        match self {
            SmallMap::Empty => false,
            SmallMap::One(k, _) => k == key,
            SmallMap::Many(map) => map.contains_key(key),
        }
    }

    /// Takes every entry out, leaving the map empty.
    pub(crate) fn drain(&mut self) -> impl Iterator<Item = (K, V)> {
        let taken = std::mem::take(self);
        let (one, many) = match taken {
            SmallMap::Empty => (None, None),
            SmallMap::One(k, v) => (Some((k, v)), None),
            SmallMap::Many(map) => (None, Some(*map)),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::SmallMap;

    #[test]
    fn spills_and_shrinks_back_through_drain() {
        let mut m = SmallMap::default();
        assert!(m.insert(1, 'a'));
        assert!(!m.insert(1, 'b'));
        assert!(matches!(m, SmallMap::One(1, 'b')));
        assert!(m.insert(2, 'c'));
        assert!(m.contains_key(&1) && m.contains_key(&2));
        assert_eq!(m.remove(&1), Some('b'));
        assert_eq!(m.remove(&1), None);
        let mut all: Vec<_> = m.drain().collect();
        all.sort();
        assert_eq!(all, [(2, 'c')]);
        assert!(matches!(m, SmallMap::Empty));
    }
}
