//! What a change is: the kinds of object a target names ([`ObjectKind`]), how one changed
//! ([`ChangeKind`], [`Change`], [`Changes`]), and the two setters the handlers use to
//! notice whether an event changed anything at all.

/// What kind of object a target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    /// The session.
    Session,
    /// A channel group.
    ChannelGroup,
    /// A channel.
    Channel,
    /// An interaction.
    Interaction,
    /// A conversation.
    Conversation,
    /// The not-ready reason list (target the session).
    NotReadyReasons,
    /// The logout reason list (target the session).
    LogoutReasons,
    /// The address books (target the session).
    AddressBooks,
}

impl ObjectKind {
    /// Lower-case name used in errors and snapshots.
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Session => "session",
            ObjectKind::ChannelGroup => "channelgroup",
            ObjectKind::Channel => "channel",
            ObjectKind::Interaction => "interaction",
            ObjectKind::Conversation => "conversation",
            ObjectKind::NotReadyReasons => "notReadyReasons",
            ObjectKind::LogoutReasons => "logoutReasons",
            ObjectKind::AddressBooks => "addressBooks",
        }
    }
}

/// How an object changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// It appeared.
    Added,
    /// Some of its members changed.
    Updated,
    /// It is gone.
    Removed,
}

/// One object that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How.
    pub kind: ChangeKind,
    /// Which kind of object.
    pub object: ObjectKind,
    /// Its target.
    pub target: Target,
}

/// The bytes a [`Target`] holds without a heap copy (every target the protocol's examples
/// and the simulator make: `session.group.channel.interaction`, a few bytes each).
const INLINE: usize = 30;

/// A change's target: held inline when it is ASCII and fits (no allocation per change, and
/// nothing freed when it is dropped), else copied to the heap. Read as bytes, never as a
/// `&str` (which would link the UTF-8 validation into the wasm).
#[derive(Clone)]
pub struct Target(Repr);

#[derive(Clone)]
enum Repr {
    /// The length, then the bytes (ASCII).
    Inline(u8, [u8; INLINE]),
    /// Longer than [`INLINE`], or not ASCII.
    Heap(Box<str>),
}

impl Target {
    /// A copy of `t`.
    pub fn new(t: &str) -> Target {
        let mut b = [0u8; INLINE];
        match b.get_mut(..t.len()) {
            Some(d) if t.is_ascii() => {
                d.copy_from_slice(t.as_bytes());
                Target(Repr::Inline(t.len() as u8, b))
            }
            _ => Target(Repr::Heap(t.into())),
        }
    }

    /// The target's bytes (UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(n, b) => b.get(..usize::from(*n)).unwrap_or_default(),
            Repr::Heap(s) => s.as_bytes(),
        }
    }

    /// Whether `parent` is the target of this one's parent object (all but the last segment).
    pub fn parent_is(&self, parent: &str) -> bool {
        let b = self.as_bytes();
        b.iter().rposition(|&c| c == b'.').and_then(|i| b.get(..i)) == Some(parent.as_bytes())
    }

    /// A copy as a `String`.
    pub fn to_text(&self) -> String {
        match &self.0 {
            Repr::Inline(..) => self.as_bytes().iter().map(|&c| char::from(c)).collect(),
            Repr::Heap(s) => String::from(&**s),
        }
    }
}

impl From<&str> for Target {
    fn from(t: &str) -> Target {
        Target::new(t)
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Target {}

impl PartialEq<str> for Target {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Target {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Target {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_text(), f)
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// What one input changed in the model, in order. Empty when nothing changed. One change
/// (almost every frame that changes anything) is held inline: recording it allocates
/// nothing.
#[derive(Clone, Default)]
pub struct Changes(Many);

#[derive(Clone, Default)]
enum Many {
    /// Nothing changed.
    #[default]
    None,
    /// One object changed.
    One(Change),
    /// Several (at least two).
    Some(Vec<Change>),
}

impl Changes {
    /// No change.
    pub fn new() -> Changes {
        Changes(Many::None)
    }

    /// Adds a change at the end.
    pub fn push(&mut self, c: Change) {
        match &mut self.0 {
            Many::None => self.0 = Many::One(c),
            Many::Some(all) => all.push(c),
            Many::One(_) => {
                if let Many::One(first) = std::mem::take(&mut self.0) {
                    self.0 = Many::Some(vec![first, c]);
                }
            }
        }
    }

    /// Adds `other`'s changes at the end (one of them without a list).
    pub fn append(&mut self, other: Changes) {
        match other.0 {
            Many::None => {}
            Many::One(c) => self.push(c),
            Many::Some(all) => all.into_iter().for_each(|c| self.push(c)),
        }
    }

    /// The changes as a list (rare: only inputs that change several objects take them).
    fn into_vec(self) -> Vec<Change> {
        match self.0 {
            Many::None => Vec::new(),
            Many::One(c) => vec![c],
            Many::Some(all) => all,
        }
    }

    /// The changes in order.
    pub fn as_slice(&self) -> &[Change] {
        match &self.0 {
            Many::None => &[],
            Many::One(c) => std::slice::from_ref(c),
            Many::Some(all) => all,
        }
    }
}

impl std::ops::Deref for Changes {
    type Target = [Change];
    fn deref(&self) -> &[Change] {
        self.as_slice()
    }
}

impl PartialEq for Changes {
    fn eq(&self, other: &Changes) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Changes {}

impl Extend<Change> for Changes {
    fn extend<I: IntoIterator<Item = Change>>(&mut self, iter: I) {
        for c in iter {
            self.push(c);
        }
    }
}

impl IntoIterator for Changes {
    type Item = Change;
    type IntoIter = std::vec::IntoIter<Change>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = &'a Change;
    type IntoIter = std::slice::Iter<'a, Change>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<Change> for Changes {
    fn from_iter<I: IntoIterator<Item = Change>>(iter: I) -> Changes {
        let mut out = Changes::new();
        out.extend(iter);
        out
    }
}

impl PartialEq<Vec<Change>> for Changes {
    fn eq(&self, other: &Vec<Change>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[Change; N]> for Changes {
    fn eq(&self, other: &[Change; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Sets `*slot` to a copy of `v` when it differs (copying nothing otherwise) and reports
/// whether it changed: most events repeat what the model holds.
pub(super) fn set_ref<T: PartialEq + Clone>(slot: &mut T, v: &T) -> bool {
    if slot == v {
        false
    } else {
        slot.clone_from(v);
        true
    }
}

/// Sets the list `*slot` to a copy of `v` when it differs (copying nothing otherwise) and
/// reports whether it changed.
pub(super) fn set_vec<T: PartialEq + Clone>(slot: &mut Vec<T>, v: &[T]) -> bool {
    if slot.as_slice() == v {
        false
    } else {
        slot.clear();
        slot.extend_from_slice(v);
        true
    }
}

/// Sets `*slot = v` and reports whether it changed.
pub(super) fn set<T: PartialEq>(slot: &mut T, v: T) -> bool {
    if *slot == v {
        false
    } else {
        *slot = v;
        true
    }
}

/// Sets the optional text `*slot` to a copy of `v` when it differs (copying nothing
/// otherwise) and reports whether it changed.
pub(super) fn set_text(slot: &mut Option<String>, v: Option<&str>) -> bool {
    if slot.as_deref() == v {
        false
    } else {
        *slot = v.map(String::from);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change's target is held inline up to [`INLINE`] bytes and on the heap beyond; both
    /// read back whole, compare by text, and print as a `String` would.
    #[test]
    fn targets_inline_and_on_the_heap() {
        let long = "s-1001.cg-1.ch-tel.ix-5001.cv-1.x";
        for t in ["", "s-1", "s-1001.cg-1.ch-tel.ix-50011", "s-1001.cg-1.ch-tel.ix-500111", long, "é.ü-ß"] {
            let x = Target::new(t);
            assert_eq!(x.as_bytes(), t.as_bytes());
            assert_eq!(x.to_text(), t);
            assert_eq!(x, Target::from(t));
            assert!(x == t);
            assert_eq!(format!("{x:?}"), format!("{:?}", t.to_owned()));
            assert_eq!(x.to_string(), t);
        }
        assert!(matches!(Target::new(&long[..INLINE]).0, Repr::Inline(..)));
        assert!(matches!(Target::new(&long[..INLINE + 1]).0, Repr::Heap(_)));
        assert!(matches!(Target::new("é").0, Repr::Heap(_)));
        assert_ne!(Target::new("s-1.a"), Target::new("s-1.b"));
        assert!(Target::new("s-1.cg-1.ix-2").parent_is("s-1.cg-1"));
        assert!(!Target::new("s-1.cg-1.ix-2").parent_is("s-1"));
        assert!(!Target::new("s-1").parent_is(""));
        assert!(Target::new("é.ü-ß").parent_is("é"));
    }

    /// Changes keep their order through one inline change and then a list, and compare and
    /// print as the list they are.
    #[test]
    fn changes_in_order() {
        let c = |t: &str| Change { kind: ChangeKind::Updated, object: ObjectKind::Channel, target: Target::new(t) };
        let mut all = Changes::new();
        assert!(all.is_empty());
        assert_eq!(all, Vec::new());
        for (n, t) in ["a", "b", "c"].into_iter().enumerate() {
            all.push(c(t));
            assert_eq!(all.len(), n + 1);
        }
        let want = vec![c("a"), c("b"), c("c")];
        assert_eq!(all, want);
        assert_eq!(format!("{all:?}"), format!("{want:?}"));
        assert_eq!(all.clone().into_iter().collect::<Vec<_>>(), want);
        assert_eq!(Changes::from_iter([c("a")]).into_iter().collect::<Vec<_>>(), vec![c("a")]);
        assert_ne!(Changes::from_iter([c("a")]), Changes::from_iter([c("b")]));
    }

    /// A frame's changes are small: the engine's event holds them (see its size test).
    #[test]
    fn sizes() {
        assert!(size_of::<Change>() <= 40, "{}", size_of::<Change>());
        assert!(size_of::<Changes>() <= 40, "{}", size_of::<Changes>());
    }
}
