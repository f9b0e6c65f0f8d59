//! The typed ⇄ JSON mapping: two small traits, and the macros that give every wire struct a
//! lossless decode/encode with unknown members kept in `extra`. Hand-written instead of serde
//! derives for wasm size (each derive monomorphises a visitor; these impls share a few generic
//! helpers). A decode error names the member by its dotted path (`data.agentStatus.status`).

use crate::proto::json::{Json, JsonError, Map, Reader};
use crate::proto::text::{Code, Msg};
use std::borrow::Cow;

/// What was wrong with one member of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required member is absent.
    Missing,
    /// A member has the wrong JSON type.
    WrongType {
        /// The type the protocol defines.
        expected: &'static str,
        /// The type that arrived.
        found: &'static str,
    },
    /// An id or target contains a character the protocol forbids (for instance `.` in an id).
    Invalid(&'static str),
}

/// A member of a message that did not decode: where (dotted path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the member inside the message, outermost first (`data.channel.id`).
    pub path: String,
    /// What was wrong.
    pub problem: Problem,
}

impl FieldError {
    /// The value has the wrong type.
    #[inline(never)]
    pub fn wrong_type(expected: &'static str, found: &Json) -> FieldError {
        FieldError { path: String::new(), problem: Problem::WrongType { expected, found: found.type_name() } }
    }

    /// The value at the reader's cursor has the wrong type.
    #[inline(never)]
    pub fn wrong(expected: &'static str, r: &mut Reader<'_>) -> FieldError {
        FieldError { path: String::new(), problem: Problem::WrongType { expected, found: r.peek_type() } }
    }

    /// A required member is missing.
    #[inline(never)]
    pub fn missing() -> FieldError {
        FieldError { path: String::new(), problem: Problem::Missing }
    }

    /// Prefixes the path with `key` (called while the error travels outwards).
    #[must_use]
    pub fn at(mut self, key: &str) -> FieldError {
        let mut p = String::with_capacity(key.len() + 1 + self.path.len());
        p.push_str(key);
        if !self.path.is_empty() && !self.path.starts_with('[') {
            p.push('.');
        }
        p.push_str(&self.path);
        self.path = p;
        self
    }

    /// Prefixes the path with `[i]` (an array element).
    #[must_use]
    #[inline(never)]
    pub fn at_index(self, i: usize) -> FieldError {
        let mut digits = [0u8; 20];
        let mut n = i;
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        let mut key = String::with_capacity(22);
        key.push('[');
        key.extend(digits.iter().skip(at).map(|&d| char::from(d)));
        key.push(']');
        self.at(&key)
    }

    /// What was wrong, as a message for people.
    pub fn msg(&self) -> Msg {
        let at = if self.path.is_empty() { "the value" } else { &self.path };
        match &self.problem {
            Problem::Missing => Msg::new(Code::MemberMissing).arg(at),
            Problem::WrongType { expected, found } => Msg::new(Code::MemberType).arg(at).arg(*expected).arg(*found),
            Problem::Invalid(why) => Msg::new(Code::MemberInvalid).arg(at).arg(*why),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

impl From<JsonError> for FieldError {
    /// Text that is not JSON where a decoder reads (only unchecked text: frames are checked).
    fn from(_: JsonError) -> FieldError {
        FieldError { path: String::new(), problem: Problem::Invalid("not JSON") }
    }
}

/// Decodes a value of the protocol from JSON. Each type implements one of the two methods:
/// the wire's types read straight from the frame's text ([`FromJson::read`], one pass, no
/// tree); the few envelopes written over a tree implement [`FromJson::from_json`]. Each
/// method has the other as its default, so every type decodes from both.
pub trait FromJson: Sized {
    /// Reads the value at the reader's cursor (leaving the cursor after it on success).
    ///
    /// # Errors
    /// A [`FieldError`] naming the member that did not fit.
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        let v = r.value()?;
        Self::from_json(&v)
    }

    /// Decodes a tree (through its text: one decoder for both).
    ///
    /// # Errors
    /// As [`FromJson::read`].
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        let t = v.to_json_string();
        Self::read(&mut Reader::new(&t))
    }
}

/// Encodes a value of the protocol as JSON.
pub trait ToJson {
    /// The JSON value.
    fn to_json(&self) -> Json;
}

/// A value read at the reader's cursor that may borrow from the text (`'a`): every
/// [`FromJson`] type, and the receive path's borrowed ones (`Cow<'a, str>`, the views of
/// `view.rs`), so [`wire_struct!`] and [`wire_view!`] share one table loop.
pub trait ReadFrom<'a>: Sized {
    /// Reads the value at the cursor.
    ///
    /// # Errors
    /// A [`FieldError`] naming the member that did not fit.
    fn read_from(r: &mut Reader<'a>) -> Result<Self, FieldError>;
}

impl<'a, T: FromJson> ReadFrom<'a> for T {
    fn read_from(r: &mut Reader<'a>) -> Result<Self, FieldError> {
        T::read(r)
    }
}

impl<'a> ReadFrom<'a> for Cow<'a, str> {
    /// A string, borrowed from the text unless written with escapes.
    fn read_from(r: &mut Reader<'a>) -> Result<Self, FieldError> {
        match r.string()? {
            Some(s) => Ok(s),
            None => Err(FieldError::wrong("a string", r)),
        }
    }
}

/// How a struct member is read: required members must be present; `Option` members may be
/// absent (or `null`).
pub trait Member<'a>: Sized + Default {
    /// Whether the member must be present.
    const REQUIRED: bool;
    /// Reads the member's value at the cursor.
    ///
    /// # Errors
    /// The value's own error.
    fn read_member(r: &mut Reader<'a>) -> Result<Self, FieldError>;
    /// The member when it is absent ([`Problem::Missing`] for a required one).
    ///
    /// # Errors
    /// [`Problem::Missing`] for a required member.
    fn absent() -> Result<Self, FieldError>;
}

impl<'a, T: ReadFrom<'a> + Default> Member<'a> for T {
    const REQUIRED: bool = true;
    fn read_member(r: &mut Reader<'a>) -> Result<Self, FieldError> {
        T::read_from(r)
    }
    fn absent() -> Result<Self, FieldError> {
        Err(FieldError::missing())
    }
}

impl<'a, T: ReadFrom<'a>> Member<'a> for Option<T> {
    const REQUIRED: bool = false;
    fn read_member(r: &mut Reader<'a>) -> Result<Self, FieldError> {
        if r.null() {
            Ok(None)
        } else {
            T::read_from(r).map(Some)
        }
    }
    fn absent() -> Result<Self, FieldError> {
        Ok(None)
    }
}

/// How a struct member is written: `Option` members are not written when `None`.
pub trait Put {
    /// Appends the member to `m` under `key` (nothing for `None`).
    fn put(&self, key: &str, m: &mut Map);
}

impl<T: ToJson> Put for T {
    fn put(&self, key: &str, m: &mut Map) {
        m.push((key.to_owned(), self.to_json()));
    }
}

impl<T: ToJson> Put for Option<T> {
    fn put(&self, key: &str, m: &mut Map) {
        if let Some(v) = self {
            m.push((key.to_owned(), v.to_json()));
        }
    }
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        match r.string()? {
            // An empty string (`lastReasonCode: ""` on most status changes) copies nothing.
            Some(s) => Ok(if s.is_empty() { String::new() } else { s.into_owned() }),
            None => Err(FieldError::wrong("a string", r)),
        }
    }
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        match v {
            Json::String(s) => Ok(s.clone()),
            _ => Err(FieldError::wrong_type("a string", v)),
        }
    }
}
impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        r.boolean().ok_or_else(|| FieldError::wrong("a boolean", r))
    }
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => Err(FieldError::wrong_type("a boolean", v)),
        }
    }
}
impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

impl FromJson for Json {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        Ok(r.value()?)
    }
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        Ok(v.clone())
    }
}
impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

/// A JSON object whose members are free-form (`interaction.datachanged` data, `extensions`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Object(pub Map);

impl FromJson for Object {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        match r.peek_type() {
            "object" => match r.value()? {
                Json::Object(m) => Ok(Object(m)),
                _ => Err(FieldError::missing()),
            },
            _ => Err(FieldError::wrong("an object", r)),
        }
    }
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        match v {
            Json::Object(m) => Ok(Object(m.clone())),
            _ => Err(FieldError::wrong_type("an object", v)),
        }
    }
}
impl ToJson for Object {
    fn to_json(&self) -> Json {
        Json::Object(self.0.clone())
    }
}

/// A JSON number, kept as its text (counts in the address book, `clientCount`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Num(pub Box<str>);

impl Num {
    /// The value as a non-negative integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        crate::proto::text::parse_u64(&self.0)
    }
}
impl FromJson for Num {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        match r.peek_type() {
            "number" => Ok(Num(r.number()?.into())),
            _ => Err(FieldError::wrong("a number", r)),
        }
    }
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        match v {
            Json::Number(n) => Ok(Num(n.clone())),
            _ => Err(FieldError::wrong_type("a number", v)),
        }
    }
}
impl ToJson for Num {
    fn to_json(&self) -> Json {
        Json::Number(self.0.clone())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, FieldError> {
        if !r.array()? {
            return Err(FieldError::wrong("an array", r));
        }
        let mut out = Vec::new();
        while r.element()? {
            out.push(T::read(r).map_err(|e| e.at_index(out.len()))?);
        }
        Ok(out)
    }
}
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// What a struct decoder has seen of its members: which were present (bit `i` for the
/// `i`-th declared key) and the errors of those that did not fit. Table-driven so that each
/// struct's decoder is a short loop, not one slot and one drop per member.
#[derive(Debug, Default)]
pub struct Seen {
    pub(super) present: u64,
    pub(super) errors: Vec<(usize, FieldError)>,
}

impl Seen {
    /// Reads the `i`-th member's value into `out`. A value that does not fit is skipped and
    /// its error kept, so a later duplicate of the member still wins, as with `JSON.parse`.
    ///
    /// # Errors
    /// Text that is not JSON.
    #[inline(never)]
    pub fn read<'a, T: Member<'a>>(&mut self, r: &mut Reader<'a>, i: usize, out: &mut T) -> Result<(), JsonError> {
        let mark = r.mark();
        if !self.errors.is_empty() {
            self.forget(i);
        }
        match T::read_member(r) {
            Ok(v) => {
                *out = v;
                self.present |= 1u64.checked_shl(i as u32).unwrap_or(0);
            }
            Err(e) => {
                r.reset(mark);
                r.skip()?;
                self.errors.push((i, e));
            }
        }
        Ok(())
    }

    /// Forgets the `i`-th member's error (a later duplicate is read). Out of line: one copy
    /// of the loop for every member type.
    #[inline(never)]
    pub(super) fn forget(&mut self, i: usize) {
        self.errors.retain(|(k, _)| *k != i);
    }

    /// The first member, in declared order, that did not fit or is required and absent.
    ///
    /// # Errors
    /// That member's error, its key prefixed to its path.
    #[inline(never)]
    pub fn finish(mut self, keys: &[&str], required: u64) -> Result<(), FieldError> {
        // The common case first: nothing misfit and every required member came.
        if self.errors.is_empty() && self.present & required == required {
            return Ok(());
        }
        for (i, key) in keys.iter().enumerate() {
            if !self.errors.is_empty() {
                if let Some(at) = self.errors.iter().position(|(k, _)| *k == i) {
                    return Err(self.errors.swap_remove(at).1.at(key));
                }
            }
            if is_set(required, i) && !is_set(self.present, i) {
                return Err(FieldError::missing().at(key));
            }
        }
        Ok(())
    }
}

/// Whether bit `i` of `mask` is set (never for `i` ≥ 64).
pub fn is_set(mask: u64, i: usize) -> bool {
    mask.checked_shr(i as u32).unwrap_or(0) & 1 != 0
}

/// The members' `REQUIRED` flags as a bit mask, bit `i` for the `i`-th key (at compile time,
/// for [`read_object`]; a table has fewer than 64 keys).
pub const fn mask(required: &[bool]) -> u64 {
    let (mut m, mut i) = (0, 0);
    while i < required.len() && i < 64 {
        m |= (required[i] as u64) << i;
        i += 1;
    }
    m
}

/// Reads the object at the cursor for a [`wire_struct!`]: each member named in `keys` through
/// `member` (which reads it into its field), every other one into `extra`; then checks that
/// every required member came and fitted. The loop is shared by every struct, whose own
/// decoder is only the dispatch to its fields.
///
/// # Errors
/// The first member, in declared order, that did not fit or is required and absent.
#[inline(never)]
pub fn read_object<'a>(
    r: &mut Reader<'a>,
    keys: &[&str],
    required: u64,
    extra: &mut Map,
    member: &mut dyn FnMut(&mut Reader<'a>, usize, &mut Seen) -> Result<(), JsonError>,
) -> Result<(), FieldError> {
    open(r)?;
    let mut seen = Seen::default();
    // Members mostly come in the declared order: the key after the last one is compared
    // first, as bytes in place (`Reader::key`, any whitespace); any other key is read and
    // looked up (the order only decides which key is compared first, never what is read).
    let mut next = 0;
    loop {
        match r.next_member() {
            Some(true) => {}
            Some(false) => break,
            None => return Err(r.unexpected().into()),
        }
        let (i, k) = match keys.get(next) {
            Some(n) if r.key(n) => (next, None),
            _ => {
                let k = r.member_key()?;
                (position(keys, &k), Some(k))
            }
        };
        next = i + 1;
        match k {
            Some(k) if i >= keys.len() => extra.push((k.into_owned(), r.value()?)),
            _ => member(r, i, &mut seen)?,
        }
    }
    seen.finish(keys, required)
}

/// The position of `key` in `keys` (`keys.len()` when absent): the member lookup of
/// [`wire_struct!`]'s decoders, one shared loop instead of a string comparison per member.
#[inline(never)]
pub fn position(keys: &[&str], key: &str) -> usize {
    keys.iter().position(|k| *k == key).unwrap_or(keys.len())
}

/// The position of `key` in `keys` (at compile time, for [`wire_struct!`]'s table).
pub const fn key_index(keys: &[&str], key: &str) -> usize {
    let mut i = 0;
    while i < keys.len() {
        let (a, b) = (keys[i].as_bytes(), key.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    i
}

/// Opens the object at the cursor.
///
/// # Errors
/// [`Problem::WrongType`] when the value there is not an object.
#[inline(never)]
pub fn open(r: &mut Reader<'_>) -> Result<(), FieldError> {
    if r.object()? {
        Ok(())
    } else {
        Err(FieldError::wrong("an object", r))
    }
}

/// Writes member `key` (encode helper of [`wire_struct!`], outlined like [`field`]).
#[inline(never)]
pub fn put<T: Put>(v: &T, key: &str, m: &mut Map) {
    v.put(key, m);
}

/// Splits an object into the members named in `keys` (looked up later) and the rest, but
/// those named in `skip` (a service envelope's own).
///
/// # Errors
/// [`Problem::WrongType`] when `v` is not an object.
#[inline(never)]
pub fn object_with_extra<'a>(v: &'a Json, keys: &[&str], skip: &[&str]) -> Result<(&'a Map, Map), FieldError> {
    let m = v.as_object().ok_or_else(|| FieldError::wrong_type("an object", v))?;
    let mut extra = Map::new();
    for (k, v) in m {
        if !keys.contains(&k.as_str()) && !skip.contains(&k.as_str()) {
            extra.push((k.clone(), v.clone()));
        }
    }
    Ok((m, extra))
}

/// Declares a wire struct: public members with their JSON names, plus `extra` for members
/// this version does not know. Generates [`FromJson`] and [`ToJson`] (known members in
/// declared order, then `extra` in arrival order). Host only: the owned builders of
/// `build.rs` (the core and service envelopes are `envelope!`s of `service.rs`, read by the
/// schema decoder).
#[cfg(not(target_arch = "wasm32"))]
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Members this version of the protocol does not define, kept as they came.
            pub extra: $crate::proto::json::Map,
        }

        impl $crate::proto::wire::codec::FromJson for $name {
            #[inline(never)]
            fn read(r: &mut $crate::proto::json::Reader<'_>) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                const KEYS: &[&str] = &[$($key),*];
                let mut out = $name::default();
                let mut extra: $crate::proto::json::Map = Vec::new();
                $crate::proto::wire::codec::read_object(
                    r,
                    KEYS,
                    const { $crate::proto::wire::codec::mask(&[$(<$ty as $crate::proto::wire::codec::Member<'_>>::REQUIRED),*]) },
                    &mut extra,
                    #[allow(unused_variables)]
                    &mut |r, i, seen| match i {
                        $( i if i == { const I: usize = $crate::proto::wire::codec::key_index(KEYS, $key); I } => seen.read(r, i, &mut out.$field), )*
                        _ => Ok(()),
                    },
                )?;
                out.extra = extra;
                Ok(out)
            }
        }

        impl $crate::proto::wire::codec::ToJson for $name {
            fn to_json(&self) -> $crate::proto::json::Json {
                #[allow(unused_mut)]
                let mut m: $crate::proto::json::Map = Vec::new();
                $( $crate::proto::wire::codec::put(&self.$field, $key, &mut m); )*
                m.extend(self.extra.iter().cloned());
                $crate::proto::json::Json::Object(m)
            }
        }
    };
}
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use wire_struct;
