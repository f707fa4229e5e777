//! Where the tagged index keeps its entries: the ref a process awaiting one
//! task at a time has (nearly every process that has any) inline, with no
//! hashing; further refs in a map. A ref is in one of the two, never both.
//! The map's methods, same names: its callers (`ring.rs`, `scan.rs`) need not
//! know which holds an entry.

use super::Tagged;
use crate::Ref;
use crate::runtime::seq_hash::SeqMap;

#[derive(Default)]
pub(super) struct TagIndex {
    first: Option<(Ref, Tagged)>,
    more: SeqMap<Ref, Tagged>,
}

/// [`TagIndex::entry`]: a ref's entry, made on first need.
pub(super) struct Entry<'a>(&'a mut TagIndex, Ref);

impl TagIndex {
    #[inline]
    pub(super) fn get(&self, r: &Ref) -> Option<&Tagged> {
        match &self.first {
            Some((held, tagged)) if held == r => Some(tagged),
            _ if self.more.is_empty() => None,
            _ => self.more.get(r),
        }
    }

    #[inline]
    pub(super) fn get_mut(&mut self, r: &Ref) -> Option<&mut Tagged> {
        match &mut self.first {
            Some((held, tagged)) if held == r => Some(tagged),
            _ if self.more.is_empty() => None,
            _ => self.more.get_mut(r),
        }
    }

    #[inline]
    pub(super) fn remove(&mut self, r: &Ref) -> Option<Tagged> {
        if self.first.as_ref().is_some_and(|(held, _)| held == r) {
            return self.first.take().map(|(_, tagged)| tagged);
        }
        if self.more.is_empty() {
            return None;
        }
        self.more.remove(r)
    }

    #[inline]
    pub(super) fn entry(&mut self, r: Ref) -> Entry<'_> {
        Entry(self, r)
    }

    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.first.is_none() && self.more.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.more.len()
    }

    /// The map's (the inline entry takes no room of its own).
    pub(super) fn capacity(&self) -> usize {
        self.more.capacity()
    }

    pub(super) fn shrink_to(&mut self, min_capacity: usize) {
        self.more.shrink_to(min_capacity);
    }
}

impl<'a> Entry<'a> {
    #[inline]
    pub(super) fn or_default(self) -> &'a mut Tagged {
        let Entry(index, r) = self;
        let inline = match &index.first {
            Some((held, _)) => *held == r,
            // Free: taken unless the map holds the ref already.
            None => index.more.is_empty() || !index.more.contains_key(&r),
        };
        if !inline {
            return index.more.entry(r).or_default();
        }
        &mut index.first.get_or_insert((r, Tagged::default())).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_ref;

    #[test]
    fn a_ref_is_found_inline_or_in_the_map_and_never_in_both() {
        let mut index = TagIndex::default();
        let [a, b, c] = [make_ref(), make_ref(), make_ref()];
        index.entry(a).or_default().reply = Some(1);
        index.entry(b).or_default().reply = Some(2);
        assert_eq!(index.len(), 2);
        // `a` inline; its slot freed, `b` stays in the map and a new entry
        // of it must land there, not inline beside it.
        assert_eq!(index.remove(&a).and_then(|t| t.reply), Some(1));
        index.entry(b).or_default().down = Some(3);
        assert_eq!(index.len(), 1);
        let t = index.get(&b).copied().unwrap_or_default();
        assert_eq!((t.reply, t.down), (Some(2), Some(3)));
        // A new ref takes the free inline slot.
        index.entry(c).or_default().down = Some(4);
        assert_eq!(index.get_mut(&c).and_then(|t| t.down), Some(4));
        assert!(index.get(&a).is_none());
        assert_eq!(index.remove(&b).and_then(|t| t.down), Some(3));
        assert_eq!(index.remove(&c).and_then(|t| t.down), Some(4));
        assert!(index.remove(&c).is_none() && index.is_empty());
    }
}
