//! A hasher for the runtime's own counters (pids and refs) that keeps
//! consecutive keys in consecutive buckets.
//!
//! An owner's tables hold its tasks by pid and by ref, and tasks are made,
//! end and are awaited roughly in the order of those counters. A scrambling
//! hash scatters every insert and removal over a table of 100,000 entries,
//! one cache miss each; keeping the counter in the low bits (which pick the
//! bucket) walks the table in order instead. The top seven bits, which
//! hashbrown compares in its control bytes, come from a scrambled copy, so
//! look-ups still tell neighbours apart; so do the seven below them, which
//! `DashMap` uses to pick a shard, so that the process table's shards share
//! the work. Keys are never user-chosen, so there is no adversary to resist.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`SeqHasher`]s.
pub(crate) type SeqBuild = BuildHasherDefault<SeqHasher>;

/// A hash map keyed by a runtime counter.
pub(crate) type SeqMap<K, V> = std::collections::HashMap<K, V, SeqBuild>;

#[derive(Default)]
pub(crate) struct SeqHasher(u64);

/// The bits hashbrown keeps for its control bytes (the top seven) and
/// `DashMap` for choosing a shard (up to the seven below).
const SCRAMBLED: u64 = !0 << 50;

impl Hasher for SeqHasher {
    fn finish(&self) -> u64 {
        let scrambled = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (scrambled & SCRAMBLED) | (self.0 & !SCRAMBLED)
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    /// Anything but one `u64` (not used by pids and refs): folded in, so the
    /// hasher stays correct for any key.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pid;
    use std::hash::{BuildHasher, Hash};

    fn hash(key: impl Hash) -> u64 {
        SeqBuild::default().hash_one(key)
    }

    #[test]
    fn consecutive_keys_land_in_consecutive_buckets_with_distinct_tags() {
        assert_eq!(
            (hash(1001_u64) & !SCRAMBLED) - (hash(1000_u64) & !SCRAMBLED),
            1
        );
        let tags: std::collections::HashSet<u64> =
            (0..64).map(|_| hash(Pid::next()) >> 57).collect();
        assert!(
            tags.len() > 32,
            "control-byte tags should vary: {}",
            tags.len()
        );
        let shards: std::collections::HashSet<u64> =
            (0..64).map(|_| (hash(Pid::next()) >> 54) & 7).collect();
        assert_eq!(shards.len(), 8, "every shard of eight gets keys");
    }
}
