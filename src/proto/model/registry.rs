//! The object registry: objects sorted by target in a vector, found by binary search.
//! A `BTreeMap` per object kind cost ~50 KB of wasm (one instance of its node code per
//! value type); this is a few hundred bytes per kind and just as fast at agent-desktop sizes.

use std::cell::Cell;
use std::ops::Index;

/// An object addressed by its full target.
pub trait Targeted {
    /// The object's target.
    fn target(&self) -> &String;
}

/// Objects of one kind, sorted by target.
#[derive(Clone, Debug)]
pub struct Registry<T> {
    items: Vec<T>,
    /// Where the last lookup found its object: an event is resolved, then updated, then its
    /// follow-ups arrive for the same target, so most lookups hit here without a search.
    last: Cell<usize>,
}

impl<T: PartialEq> PartialEq for Registry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry { items: Vec::new(), last: Cell::new(0) }
    }
}

impl<T: Targeted> Registry<T> {
    fn find(&self, target: &str) -> Result<usize, usize> {
        let hint = self.last.get();
        if self.items.get(hint).is_some_and(|x| x.target() == target) {
            return Ok(hint);
        }
        let r = self.items.binary_search_by(|x| x.target().as_str().cmp(target));
        if let Ok(i) = r {
            self.last.set(i);
        }
        r
    }

    /// The object at `target`.
    pub fn get(&self, target: &str) -> Option<&T> {
        self.find(target).ok().and_then(|i| self.items.get(i))
    }

    /// The object at `target`, mutably.
    pub fn get_mut(&mut self, target: &str) -> Option<&mut T> {
        self.find(target).ok().and_then(|i| self.items.get_mut(i))
    }

    /// Whether an object has this target.
    pub fn contains_key(&self, target: &str) -> bool {
        self.find(target).is_ok()
    }

    /// Inserts or replaces the object with this target.
    pub fn insert(&mut self, item: T) {
        match self.find(item.target()) {
            Ok(i) => self.items[i] = item,
            Err(i) => self.items.insert(i, item),
        }
    }

    /// Removes and returns the object at `target`.
    pub fn remove(&mut self, target: &str) -> Option<T> {
        self.find(target).ok().map(|i| self.items.remove(i))
    }

    /// Objects in target order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Targets in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.items.iter().map(Targeted::target)
    }

    /// `(target, object)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.items.iter().map(|x| (x.target(), x))
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
    pub fn retain(&mut self, f: impl FnMut(&T) -> bool) {
        self.items.retain(f);
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
