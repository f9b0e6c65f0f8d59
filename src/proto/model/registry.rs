//! The object registry: objects sorted by target in a vector (the order snapshots and
//! resyncs walk), found through a small hash index of their targets. A `BTreeMap` per object
//! kind cost ~50 KB of wasm (one instance of its node code per value type); this is a few
//! hundred bytes per kind. Every frame's target is looked up (in up to four registries, to
//! resolve its kind) from the frame's borrowed text: a hash of the text and, mostly, one
//! comparison, where a binary search compared strings with a long common prefix seven times
//! for a hundred channels. The index is rebuilt when objects come or go (rare next to the
//! frames that only change them).

use crate::proto::json::same;
use crate::proto::order::{sink, take};
use std::cell::Cell;
use std::ops::Index;

/// An object addressed by its full target.
pub trait Targeted {
    /// The object's target.
    fn target(&self) -> &String;
}

/// The targets of a registry, whatever its kind (one code walks them all: `remove.rs`).
pub trait Keys {
    /// The target of the object at position `i` in target order.
    fn key(&self, i: usize) -> Option<&String>;
}

impl<T: Targeted> Keys for Registry<T> {
    fn key(&self, i: usize) -> Option<&String> {
        self.items.get(i).map(|x| x.target())
    }
}

/// Objects of one kind, sorted by target.
#[derive(Clone)]
pub struct Registry<T> {
    /// Boxed: every kind's registry code then moves, compares and drops the same pointer,
    /// and the wasm keeps one copy of it (the optimiser folds identical functions).
    items: Vec<Box<T>>,
    /// The hash of each object's target, in the order of `items` (so re-making the index
    /// hashes nothing).
    hashes: Vec<u32>,
    /// Open addressing, a power of two long (at least twice the objects): each slot is empty
    /// (`0`) or `1 +` the position in `items` of an object, with its target's hash.
    index: Vec<(u32, u32)>,
    /// Where the last lookup found its object: an event is resolved, then updated, then its
    /// follow-ups arrive for the same target, so most lookups hit here without a search.
    last: Cell<usize>,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Registry<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<T: PartialEq> PartialEq for Registry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry { items: Vec::new(), hashes: Vec::new(), index: Vec::new(), last: Cell::new(0) }
    }
}

/// A hash of a target's bytes, eight at a time (a multiply and a rotation per word).
pub fn hash(target: &str) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = target.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for c in &mut words {
        let w = <[u8; 8]>::try_from(c).unwrap_or_default();
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let mut w = [0u8; 8];
    w.iter_mut().zip(words.remainder()).for_each(|(d, s)| *d = *s);
    h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K);
    (h >> 32) as u32 ^ h as u32
}

/// The slot of `index` where the probe for hash `h` finds `hit` (an occupied slot for which
/// `hit(position)` holds) or an empty slot; `None` when `index` is empty.
fn probe(index: &[(u32, u32)], h: u32, hit: &mut dyn FnMut(usize) -> bool) -> Option<usize> {
    let mask = index.len().checked_sub(1)?;
    let mut at = h as usize & mask;
    loop {
        let (sh, p) = *index.get(at)?;
        if p == 0 || (sh == h && hit(p as usize - 1)) {
            return Some(at);
        }
        at = (at + 1) & mask;
    }
}

/// Re-makes `index`, the open-addressed index of objects whose targets hash to `hashes`, in
/// its own buffer (one code for every kind of object; no allocation while it is large
/// enough, which a registry whose objects come and go keeps it).
fn index_of(index: &mut Vec<(u32, u32)>, hashes: &[u32]) {
    let len = (hashes.len() * 2).next_power_of_two().max(8);
    index.clear();
    index.resize(len, (0, 0));
    for (i, &h) in hashes.iter().enumerate() {
        if let Some(slot) = probe(index, h, &mut |_| false).and_then(|s| index.get_mut(s)) {
            *slot = (h, i as u32 + 1);
        }
    }
}

impl<T: Targeted> Registry<T> {
    /// The position of the object at `target`.
    fn find(&self, target: &str) -> Option<usize> {
        self.find_hashed(target, None)
    }

    /// [`Registry::find`], with the target's [`hash`] when the caller has it already.
    fn find_hashed(&self, target: &str, h: Option<u32>) -> Option<usize> {
        let hint = self.last.get();
        // With the hash known, the last object's hash is compared first: a miss then costs
        // no string comparison (the hot kinds' targets differ from frame to frame).
        let likely = h.is_none_or(|h| self.hashes.get(hint) == Some(&h));
        if likely && self.items.get(hint).is_some_and(|x| same(x.target(), target)) {
            return Some(hint);
        }
        let items = &self.items;
        let h = h.unwrap_or_else(|| hash(target));
        let slot = probe(&self.index, h, &mut |p| items.get(p).is_some_and(|x| same(x.target(), target)))?;
        let p = self.index.get(slot).map_or(0, |s| s.1) as usize;
        let i = p.checked_sub(1)?;
        self.last.set(i);
        Some(i)
    }

    /// Re-makes the index after objects came, went or moved (from `hashes`: a few
    /// instructions per object, on the rare frames that add or remove one).
    fn reindex(&mut self) {
        index_of(&mut self.index, &self.hashes);
        self.last.set(0);
    }

    /// The object at `target`.
    pub fn get(&self, target: &str) -> Option<&T> {
        self.find(target).and_then(|i| self.items.get(i)).map(|x| &**x)
    }

    /// The object at `target`, mutably.
    pub fn get_mut(&mut self, target: &str) -> Option<&mut T> {
        self.find(target).and_then(|i| self.items.get_mut(i)).map(|x| &mut **x)
    }

    /// Whether an object has this target.
    pub fn contains_key(&self, target: &str) -> bool {
        self.find(target).is_some()
    }

    /// [`Registry::contains_key`] for a target whose [`hash`] is `h` (one hash for a lookup
    /// in several registries).
    pub fn contains_hashed(&self, target: &str, h: u32) -> bool {
        self.find_hashed(target, Some(h)).is_some()
    }

    /// Inserts or replaces the object with this target.
    pub fn insert(&mut self, item: T) {
        drop(self.put(Box::new(item)));
    }

    /// [`Registry::insert`] of a boxed object; returns the one it replaced. Not inlined, and
    /// the same instructions for every kind (it moves only boxes): one copy in the wasm.
    #[inline(never)]
    fn put(&mut self, item: Box<T>) -> Option<Box<T>> {
        match self.items.binary_search_by(|x| x.target().as_str().cmp(item.target())) {
            Ok(i) => self.items.get_mut(i).map(|x| std::mem::replace(x, item)),
            Err(i) => {
                self.hashes.push(hash(item.target()));
                sink(&mut self.hashes, i);
                self.items.push(item);
                sink(&mut self.items, i);
                self.reindex();
                None
            }
        }
    }

    /// Removes and returns the object at `target`.
    pub fn remove(&mut self, target: &str) -> Option<T> {
        self.take(target).map(|b| *b)
    }

    /// Removes the object at `target`; whether there was one (its box dropped here).
    pub fn discard(&mut self, target: &str) -> bool {
        self.take(target).is_some()
    }

    /// [`Registry::remove`], boxed: not inlined, one copy for every kind.
    #[inline(never)]
    fn take(&mut self, target: &str) -> Option<Box<T>> {
        let i = self.find(target)?;
        let item = take(&mut self.items, i)?;
        take(&mut self.hashes, i);
        self.reindex();
        Some(item)
    }

    /// Objects in target order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.items.iter().map(|x| &**x)
    }

    /// Targets in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.items.iter().map(|x| x.target())
    }

    /// `(target, object)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.items.iter().map(|x| (x.target(), &**x))
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Keeps the objects for which `f` holds.
    pub fn retain(&mut self, mut f: impl FnMut(&T) -> bool) {
        let before = self.items.len();
        self.items.retain(|x| f(x));
        if self.items.len() != before {
            self.hashes = self.items.iter().map(|x| hash(x.target())).collect();
            self.reindex();
        }
    }
}

impl<T: Targeted> Index<&str> for Registry<T> {
    type Output = T;

    /// # Panics
    /// When no object has this target (like `BTreeMap`'s index; tests use it).
    fn index(&self, target: &str) -> &T {
        self.get(target).expect("no object with this target")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct O(String);
    impl Targeted for O {
        fn target(&self) -> &String {
            &self.0
        }
    }

    #[test]
    fn finds_what_it_holds_through_inserts_and_removals() {
        let mut r = Registry::default();
        assert!(r.get("s.a").is_none());
        for i in (0..300).rev() {
            r.insert(O(format!("s.cg-{}.ch-{i}", i % 7)));
        }
        r.insert(O("s.cg-1.ch-1".into()));
        assert_eq!(r.len(), 300);
        let keys: Vec<&String> = r.keys().collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by target");
        for i in 0..300 {
            assert_eq!(r.get(&format!("s.cg-{}.ch-{i}", i % 7)).map(|o| &o.0), Some(&format!("s.cg-{}.ch-{i}", i % 7)));
        }
        assert!(!r.contains_key("s.cg-1.ch-2"));
        for i in (0..300).step_by(2) {
            assert!(r.remove(&format!("s.cg-{}.ch-{i}", i % 7)).is_some());
        }
        r.retain(|o| !o.0.ends_with("-1"));
        assert_eq!(r.len(), 149);
        for i in 0..300 {
            let t = format!("s.cg-{}.ch-{i}", i % 7);
            assert_eq!(r.contains_key(&t), i % 2 == 1 && i != 1, "{t}");
        }
    }
}
