//! Schema tables for the cold payloads (issue 14): the reason, logout-reason, disposition,
//! address-book and script lists, which arrive a few times per session and are never on the
//! hot path. Each is kept as a validated [`Json`] tree, checked by one generic function,
//! [`read`], walking a static [`Shape`] table, instead of a typed struct with its own
//! decoder, encoder, clone, equality and drop (and its `Vec<T>` instances) per message.
//!
//! What [`read`] gives is exactly what the typed structs gave when encoded again: the
//! members of the table in declared order (an optional member that is absent or `null` is
//! left out), then every other member as it came (PROTOCOL.md 1.12); the same
//! [`FieldError`]s with the same member paths (`reasonCodes[0].labels[1].name`); and a later
//! duplicate of a member wins, as with `JSON.parse` (an earlier bad value is then no error).

use super::codec::FieldError;
use crate::proto::json::{Json, Map, Reader};

/// The shape of a value.
#[derive(Debug)]
pub enum Shape {
    /// A string (string enumerations too: their `Other` keeps any value, PROTOCOL.md 1.12).
    Str,
    /// `true` or `false`.
    Bool,
    /// A number (kept as its text).
    Num,
    /// Any JSON value, kept whole (`extensions`).
    Any,
    /// An object with these members; members not listed are kept after them.
    Object(&'static [Field]),
    /// An array whose every element has this shape.
    Array(&'static Shape),
}

/// One member of an object shape.
#[derive(Debug)]
pub struct Field {
    /// The member's name on the wire.
    pub key: &'static str,
    /// Its value's shape.
    pub shape: &'static Shape,
    /// Whether it must be present (an optional member may also be `null`).
    pub required: bool,
}

/// A required member.
pub const fn req(key: &'static str, shape: &'static Shape) -> Field {
    Field { key, shape, required: true }
}

/// An optional member.
pub const fn opt(key: &'static str, shape: &'static Shape) -> Field {
    Field { key, shape, required: false }
}

/// Reads the value at the reader's cursor, checking it against `shape` (the cursor is after
/// it on success).
///
/// # Errors
/// The [`FieldError`] of the first member, in declared order, that does not fit, its path
/// relative to this value; text that is not JSON as `Problem::Invalid`.
pub fn read(r: &mut Reader<'_>, shape: &Shape) -> Result<Json, FieldError> {
    match shape {
        // A scalar is read as any value once its first byte says it has the type.
        Shape::Str | Shape::Bool | Shape::Num => {
            let (ty, expected) = match shape {
                Shape::Str => ("string", "a string"),
                Shape::Bool => ("boolean", "a boolean"),
                _ => ("number", "a number"),
            };
            if r.peek_type() == ty {
                Ok(r.value()?)
            } else {
                Err(FieldError::wrong(expected, r))
            }
        }
        Shape::Any => Ok(r.value()?),
        Shape::Array(item) => {
            if !r.array()? {
                return Err(FieldError::wrong("an array", r));
            }
            let mut out = Vec::new();
            while r.element()? {
                out.push(read(r, item).map_err(|e| e.at_index(out.len()))?);
            }
            Ok(Json::Array(out))
        }
        Shape::Object(fields) => object(r, fields),
    }
}

/// What arrived for one member of the table: a value, `None` for an optional `null`, or
/// the error of a value that did not fit.
type Slot = Option<Result<Option<Json>, FieldError>>;

fn object(r: &mut Reader<'_>, fields: &[Field]) -> Result<Json, FieldError> {
    if !r.object()? {
        return Err(FieldError::wrong("an object", r));
    }
    // The tables have up to 5 members: their slots on the stack (no allocation per object).
    let (mut small, mut big) = (<[Slot; 8]>::default(), Vec::new());
    let slots: &mut [Slot] = if fields.len() <= small.len() {
        &mut small
    } else {
        big.resize_with(fields.len(), || None);
        &mut big
    };
    let mut extra: Map = Vec::new();
    while let Some(k) = r.member()? {
        match fields.iter().position(|f| f.key == k) {
            Some(i) => {
                let (Some(f), Some(slot)) = (fields.get(i), slots.get_mut(i)) else { continue };
                let mark = r.mark();
                let v = if !f.required && r.null() { Ok(None) } else { read(r, f.shape).map(Some) };
                if v.is_err() {
                    // Skipped in place, so that a later duplicate may still fit.
                    r.reset(mark);
                    r.skip()?;
                }
                *slot = Some(v);
            }
            None => extra.push((k.into_owned(), r.value()?)),
        }
    }
    if fields.is_empty() {
        // A free-form object: its members as they came, not copied again.
        return Ok(Json::Object(extra));
    }
    let mut out: Map = Vec::with_capacity(fields.len() + extra.len());
    for (f, slot) in fields.iter().zip(slots.iter_mut()) {
        match slot.take() {
            Some(Ok(Some(v))) => out.push((f.key.to_owned(), v)),
            Some(Err(e)) => return Err(e.at(f.key)),
            None if f.required => return Err(FieldError::missing().at(f.key)),
            Some(Ok(None)) | None => {}
        }
    }
    out.append(&mut extra);
    Ok(Json::Object(out))
}

/// [`read`] of a tree (through its text: one decoder for both; one copy for every payload).
///
/// # Errors
/// As [`read`].
#[inline(never)]
pub fn check(v: &Json, shape: &Shape) -> Result<Json, FieldError> {
    read(&mut Reader::new(&v.to_json_string()), shape)
}

/// The array `key` of a checked object (empty when absent).
pub fn list<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    match v.get(key) {
        Some(Json::Array(a)) => a,
        _ => &[],
    }
}

/// The string member `key` of a checked object, when present.
pub fn text<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Json::as_str)
}

/// The boolean member `key` of a checked object, when present.
pub fn flag(v: &Json, key: &str) -> Option<bool> {
    match v.get(key) {
        Some(Json::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// How the data of an event or command kind is read: through a table (a [`payload!`], then
/// [`read`] once for every such kind and a move into the variant, instead of one decoding
/// arm per kind) or by its own typed decoder (`TABLE` is `None`: the hot views,
/// `SignalData`, `Empty`).
pub trait Data: Sized {
    /// The payload's table, when it has one.
    const TABLE: Option<&'static Shape> = None;
    /// The payload from a tree its table checked; a typed one gives the tree back.
    ///
    /// # Errors
    /// The tree, for a type without a table.
    fn from_checked(j: Json) -> Result<Self, Json> {
        Err(j)
    }
    /// The tree of a payload with a table; `None` for a typed one.
    fn tree(&self) -> Option<&Json> {
        None
    }
}

/// Declares a cold payload: a validated [`Json`] tree checked against the table `$shape`
/// (an expression giving a `&'static Shape`) by [`read`], with
/// [`FromJson`](super::codec::FromJson) and [`ToJson`](super::codec::ToJson).
macro_rules! payload {
    ($(#[$meta:meta])* $name:ident = $shape:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name(pub $crate::proto::json::Json);

        impl $crate::proto::wire::codec::FromJson for $name {
            fn read(r: &mut $crate::proto::json::Reader<'_>) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                $crate::proto::wire::schema::read(r, $shape).map($name)
            }
            fn from_json(v: &$crate::proto::json::Json) -> Result<Self, $crate::proto::wire::codec::FieldError> {
                $crate::proto::wire::schema::check(v, $shape).map($name)
            }
        }

        impl $crate::proto::wire::codec::ToJson for $name {
            fn to_json(&self) -> $crate::proto::json::Json {
                self.0.clone()
            }
        }

        impl $crate::proto::wire::schema::Data for $name {
            const TABLE: Option<&'static $crate::proto::wire::schema::Shape> = Some($shape);
            fn from_checked(j: $crate::proto::json::Json) -> Result<Self, $crate::proto::json::Json> {
                Ok($name(j))
            }
            fn tree(&self) -> Option<&$crate::proto::json::Json> {
                Some(&self.0)
            }
        }
    };
}
pub(crate) use payload;

/// Declares a cold payload `{ "<key>": [<item>, …] }` ([`payload!`] with the table
/// `{ key: [item, …] }`, the list required) and its list accessor `items()`.
macro_rules! list_payload {
    ($(#[$meta:meta])* $name:ident = $key:literal : $item:path) => {
        $crate::proto::wire::schema::payload! {
            $(#[$meta])*
            $name = {
                use $crate::proto::wire::schema::{req, Shape};
                static SHAPE: Shape = Shape::Object(&[req($key, &Shape::Array(&$item))]);
                &SHAPE
            }
        }

        impl $name {
            /// The list's items (each checked against the item's table).
            pub fn items(&self) -> &[$crate::proto::json::Json] {
                $crate::proto::wire::schema::list(&self.0, $key)
            }
        }
    };
}
pub(crate) use list_payload;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::wire::codec::Problem;

    const LABEL: Shape = Shape::Object(&[opt("language", &Shape::Str), req("name", &Shape::Str)]);
    const ITEM: Shape = Shape::Object(&[
        req("id", &Shape::Str),
        opt("n", &Shape::Num),
        opt("ok", &Shape::Bool),
        opt("ext", &Shape::Array(&Shape::Any)),
        req("labels", &Shape::Array(&LABEL)),
    ]);
    const LIST: Shape = Shape::Object(&[req("items", &Shape::Array(&ITEM))]);

    fn check(text: &str) -> Result<String, FieldError> {
        read(&mut Reader::new(text), &LIST).map(|j| j.to_json_string())
    }

    #[test]
    fn declared_order_then_unknown_members_and_optional_nulls_left_out() {
        let t = r#"{"z":1,"items":[{"labels":[],"x":[true],"ok":null,"id":"a","n":-1.5e3,"ext":[{},null]}]}"#;
        assert_eq!(
            check(t).unwrap(),
            r#"{"items":[{"id":"a","n":-1.5e3,"ext":[{},null],"labels":[],"x":[true]}],"z":1}"#
        );
    }

    #[test]
    fn errors_name_the_member_path() {
        let e = check(r#"{"items":[{"id":"a","labels":[]},{"id":"b","labels":[{"name":"x"},{"name":7}]}]}"#);
        let e = e.unwrap_err();
        assert_eq!(e.path, "items[1].labels[1].name");
        assert_eq!(e.problem, Problem::WrongType { expected: "a string", found: "number" });
        assert_eq!(check(r#"{"items":[{"labels":[]}]}"#).unwrap_err().path, "items[0].id");
        assert_eq!(check(r#"{"items":[{"labels":[]}]}"#).unwrap_err().problem, Problem::Missing);
        assert_eq!(check(r#"{"items":[{"id":null,"labels":[]}]}"#).unwrap_err().path, "items[0].id");
        assert_eq!(check(r#"{"items":{}}"#).unwrap_err().path, "items");
        assert_eq!(check(r#"{"items":[{"id":"a","ok":1,"labels":[]}]}"#).unwrap_err().path, "items[0].ok");
        assert_eq!(check(r#"{"items":[{"id":"a","n":"1","labels":[]}]}"#).unwrap_err().path, "items[0].n");
        assert_eq!(check("[]").unwrap_err().path, "");
        // The first bad member in declared order, not in arrival order.
        assert_eq!(check(r#"{"items":[{"labels":7,"id":7}]}"#).unwrap_err().path, "items[0].id");
    }

    #[test]
    fn a_later_duplicate_wins() {
        assert_eq!(
            check(r#"{"items":[{"id":1,"id":"b","labels":[]}]}"#).unwrap(),
            r#"{"items":[{"id":"b","labels":[]}]}"#
        );
        assert_eq!(check(r#"{"items":[{"id":"b","id":1,"labels":[]}]}"#).unwrap_err().path, "items[0].id");
        assert_eq!(
            check(r#"{"items":[{"id":"a","ok":true,"ok":null,"labels":[]}]}"#).unwrap(),
            r#"{"items":[{"id":"a","labels":[]}]}"#
        );
    }

    #[test]
    fn accessors() {
        let v = read(&mut Reader::new(r#"{"items":[{"id":"a","ok":false,"labels":[]}]}"#), &LIST).unwrap();
        let items = list(&v, "items");
        assert_eq!(
            (text(&items[0], "id"), flag(&items[0], "ok"), list(&items[0], "x").len()),
            (Some("a"), Some(false), 0)
        );
    }
}
