//! The typed ⇄ JSON mapping: two small traits, and the macros that give every wire struct a
//! lossless decode/encode with unknown members kept in `extra`.
//!
//! Hand-written instead of serde derives for wasm size (each derive monomorphises a visitor;
//! these impls share a few generic helpers). Decoding reports *which* member was wrong with a
//! dotted path (`data.agentStatus.status`), built only on the error path.

use crate::proto::json::{Json, Map};
use std::fmt;

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
    pub fn wrong_type(expected: &'static str, found: &Json) -> FieldError {
        FieldError { path: String::new(), problem: Problem::WrongType { expected, found: found.type_name() } }
    }

    /// A required member is missing.
    pub fn missing() -> FieldError {
        FieldError { path: String::new(), problem: Problem::Missing }
    }

    /// Prefixes the path with `key` (called while the error travels outwards).
    #[must_use]
    pub fn at(mut self, key: &str) -> FieldError {
        self.path = if self.path.is_empty() {
            key.to_owned()
        } else if self.path.starts_with('[') {
            format!("{key}{}", self.path)
        } else {
            format!("{key}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() { "the value" } else { &self.path };
        match &self.problem {
            Problem::Missing => write!(f, "`{at}` is missing"),
            Problem::WrongType { expected, found } => {
                write!(f, "`{at}` should be {expected}, found {found}")
            }
            Problem::Invalid(why) => write!(f, "`{at}` is invalid: {why}"),
        }
    }
}

/// Decodes a value of the protocol from JSON.
pub trait FromJson: Sized {
    /// # Errors
    /// A [`FieldError`] naming the member that did not fit.
    fn from_json(v: &Json) -> Result<Self, FieldError>;
}

/// Encodes a value of the protocol as JSON.
pub trait ToJson {
    /// The JSON value.
    fn to_json(&self) -> Json;
}

/// How a struct member is read from and written to its object: required members must be
/// present; `Option` members may be absent (or `null`) and are not written when `None`.
pub trait Member: Sized {
    /// Reads the member from its (possibly absent) value.
    ///
    /// # Errors
    /// [`Problem::Missing`] for an absent required member, or the value's own error.
    fn take(v: Option<&Json>) -> Result<Self, FieldError>;
    /// Appends the member to `m` under `key` (nothing for `None`).
    fn put(&self, key: &str, m: &mut Map);
}

impl<T: FromJson + ToJson> Member for T {
    fn take(v: Option<&Json>) -> Result<Self, FieldError> {
        match v {
            Some(v) => T::from_json(v),
            None => Err(FieldError::missing()),
        }
    }
    fn put(&self, key: &str, m: &mut Map) {
        m.push((key.to_owned(), self.to_json()));
    }
}

impl<T: FromJson + ToJson> Member for Option<T> {
    fn take(v: Option<&Json>) -> Result<Self, FieldError> {
        match v {
            None | Some(Json::Null) => Ok(None),
            Some(v) => T::from_json(v).map(Some),
        }
    }
    fn put(&self, key: &str, m: &mut Map) {
        if let Some(v) = self {
            m.push((key.to_owned(), v.to_json()));
        }
    }
}

impl FromJson for String {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Num(pub Box<str>);

impl Num {
    /// The value as a non-negative integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}
impl FromJson for Num {
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
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        match v {
            Json::Array(a) => {
                a.iter().enumerate().map(|(i, v)| T::from_json(v).map_err(|e| e.at(&format!("[{i}]")))).collect()
            }
            _ => Err(FieldError::wrong_type("an array", v)),
        }
    }
}
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// Reads member `key` of `m` (decode helper of [`wire_struct!`], outlined: one copy per
/// member type instead of one per member).
///
/// # Errors
/// The member's error, with `key` prefixed to its path.
#[inline(never)]
pub fn field<T: Member>(m: &Map, key: &str) -> Result<T, FieldError> {
    T::take(crate::proto::json::get(m, key)).map_err(|e| e.at(key))
}

/// Writes member `key` (encode helper of [`wire_struct!`], outlined like [`field`]).
#[inline(never)]
pub fn put<T: Member>(v: &T, key: &str, m: &mut Map) {
    v.put(key, m);
}

/// Splits an object into the members named in `keys` (looked up later) and the rest.
///
/// # Errors
/// [`Problem::WrongType`] when `v` is not an object.
#[inline(never)]
pub fn object_with_extra<'a>(v: &'a Json, keys: &[&str]) -> Result<(&'a Map, Map), FieldError> {
    let m = v.as_object().ok_or_else(|| FieldError::wrong_type("an object", v))?;
    let extra = m.iter().filter(|(k, _)| !keys.contains(&k.as_str())).cloned().collect();
    Ok((m, extra))
}

/// Declares a wire struct: public members with their JSON names, plus `extra` for members
/// this version does not know. Generates [`FromJson`] and [`ToJson`] (known members in
/// declared order, then `extra` in arrival order).
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Members this version of the protocol does not define, kept as they came.
            pub extra: $crate::proto::json::Map,
        }

        impl $crate::proto::wire::codec::FromJson for $name {
            fn from_json(v: &$crate::proto::json::Json) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                #[allow(unused_variables)]
                let (m, extra) = $crate::proto::wire::codec::object_with_extra(v, &[$($key),*])?;
                Ok($name {
                    $( $field: $crate::proto::wire::codec::field(m, $key)?, )*
                    extra,
                })
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
pub(crate) use wire_struct;

/// Declares a string enumeration of the protocol with an `Other` variant that keeps values
/// this version does not know (PROTOCOL.md 1.12: platforms may add values).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, kept as it came.
            Other(String),
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }

            /// The value for a wire spelling (`Other` when unknown).
            pub fn parse(s: &str) -> $name {
                match s {
                    $( $text => $name::$variant, )*
                    _ => $name::Other(s.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::proto::wire::codec::FromJson for $name {
            fn from_json(v: &$crate::proto::json::Json) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                match v {
                    $crate::proto::json::Json::String(s) => Ok($name::parse(s)),
                    _ => Err($crate::proto::wire::codec::FieldError::wrong_type("a string", v)),
                }
            }
        }

        impl $crate::proto::wire::codec::ToJson for $name {
            fn to_json(&self) -> $crate::proto::json::Json {
                $crate::proto::json::Json::String(self.as_str().to_owned())
            }
        }
    };
}
pub(crate) use wire_enum;
