//! The wire codec: every message class of both layers of WIRE-PROFILE §2 as a typed
//! [`Frame`], with [`decode`] and [`encode`].
//!
//! Classification (WIRE-PROFILE §2): by `messageType` first; without one, a frame with
//! `result` is a [`Response`], one with `command` a [`Request`]. Unknown commands, events,
//! `messageType`s and members are kept, never rejected (PROTOCOL.md 1.12). Where a real
//! server is found to differ, this module and WIRE-PROFILE.md are the only places to change.

mod args;
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod codec;
pub mod command;
pub mod data;
pub mod enums;
mod error;
pub mod event;
mod eventref;
pub mod message;
pub mod schema;
pub mod sent;
pub mod service;
pub mod types;
pub mod view;

pub use codec::{FieldError, FromJson, Num, Object, Problem, ToJson};
pub use command::{Command, CommandKey, CommandKind, Dialect, TargetKind};
pub use data::*;
pub use error::DecodeError;
pub use event::{EventData, EventKind, Hot, SDK_EVENT_NAMES};
pub use eventref::{DataRef, EventRef, Received};
pub use message::{Event, Failure, Outcome, Request, Response, ResultData};
pub use service::*;
pub use types::*;
pub use view::{
    AgentStatus, AgentStatusRef, ChannelInfo, ChannelInfoRef, FocusChanged, FocusRef, StateRef, StateUpdated,
};

use crate::proto::json::{same, Json, JsonError, JsonErrorKind, Map, Reader};
use message::EventMarks;
use std::borrow::Cow;

/// Largest text frame accepted by default (4 MiB). An address book of 10,000 entries is
/// about 1.5 MB; integrators with larger books raise it through the options.
pub const DEFAULT_MAX_FRAME_BYTES: usize = 4 << 20;

/// One message of either layer.
#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    /// `coreRequest`.
    CoreRequest(CoreRequest),
    /// `coreResponse`.
    CoreResponse(CoreResponse),
    /// `coreEvent`.
    CoreEvent(CoreEvent),
    /// `coreError`.
    CoreError(CoreError),
    /// `serviceRequest`.
    ServiceRequest(ServiceRequest),
    /// `serviceResponse`.
    ServiceResponse(ServiceResponse),
    /// `serviceEvent`.
    ServiceEvent(ServiceEvent),
    /// `serviceError`.
    ServiceError(ServiceError),
    /// `resourceRequest` / `resourceResponse` / `resourceEvent` / `resourceError`: named by
    /// PROTOCOL.md 1.2 with no recovered shape; WIRE-PROFILE §2 sends resource payloads
    /// top-level instead. Kept whole.
    Resource {
        /// The `messageType`.
        class: String,
        /// Every member.
        members: Map,
    },
    /// A session-resource request (top-level, no `messageType`).
    Request(Request),
    /// A session-resource response (top-level, has `result`).
    Response(Response),
    /// `objectEvent`.
    Event(Event),
    /// HTTP transport `startSession`.
    StartSession(HttpSession),
    /// HTTP transport `endSession`.
    EndSession(HttpSession),
    /// An object with a `messageType` this version does not know, kept whole.
    Unknown {
        /// The `messageType`.
        message_type: String,
        /// Every member.
        members: Map,
    },
}

fn member<T>(message: &str, r: Result<T, FieldError>) -> Result<T, DecodeError> {
    r.map_err(|error| DecodeError::Member { message: message.to_owned(), error })
}

/// Decodes one text frame.
///
/// # Errors
/// A [`DecodeError`] naming what was wrong; never panics, whatever the input.
pub fn decode(text: &str) -> Result<Frame, DecodeError> {
    decode_limited(text, DEFAULT_MAX_FRAME_BYTES)
}

/// Decodes one text frame no longer than `max` bytes.
///
/// # Errors
/// As [`decode`], plus [`DecodeError::TooLarge`].
pub fn decode_limited(text: &str, max: usize) -> Result<Frame, DecodeError> {
    decode_spanned(text, max).map(|(f, _)| f)
}

/// Where an object event's members sit in its frame text, so a host that already holds the
/// text (the browser) can take them from it instead of copying them back out. Byte offsets
/// are 32-bit (a wasm `usize`; natively the event then moves half the bytes on its way
/// out): past 4 GiB, which only a native host allowing such frames could see, a member has
/// no span, as one written with escapes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    /// Byte range of the `data` value; `None` when there is none or it is `null`, which an
    /// event reads as `{}` (see [`Event`]'s decoding): the host then takes the event's own
    /// data instead of a slice.
    pub data: Option<(u32, u32)>,
    /// Byte range of the `name` string's contents, when written without escapes.
    pub name: Option<(u32, u32)>,
    /// Byte range of the `target` string's contents, when written without escapes.
    pub target: Option<(u32, u32)>,
}

/// The top-level members the first pass notes: byte ranges of the values that classify a
/// frame and locate an event's parts.
#[derive(Default)]
struct Envelope {
    message_type: Option<(usize, usize)>,
    name: Option<(usize, usize)>,
    target: Option<(usize, usize)>,
    data: Option<(usize, usize)>,
    result: bool,
    command: bool,
    /// Members besides `messageType`, `name`, `target` and `data`.
    others: bool,
}

/// Decodes like [`decode_limited`] and also returns where the top-level `data`, `name` and
/// `target` members are in `text`.
///
/// # Errors
/// As [`decode_limited`].
pub fn decode_spanned(text: &str, max: usize) -> Result<(Frame, Spans), DecodeError> {
    let (d, spans) = decode_borrowed(text, max)?;
    let frame = match d {
        Decoded::Event(ev) => Frame::Event(ev.into_owned()),
        Decoded::Frame(f) => f,
        // Never from `decode_borrowed`.
        Decoded::Core(_) => return Err(DecodeError::Unclassified),
    };
    Ok((frame, spans))
}

/// A decoded frame: the common object event borrowed from the text, or any frame owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded<'a> {
    /// An object event with only `messageType`, `name`, `target` and `data`, in that
    /// order's common case (the receive path's frames): borrowed, nothing copied.
    Event(Received<'a>),
    /// Any other frame.
    Frame(Frame),
    /// A frame of a class the client reads without building it (only [`decode_received`]).
    Core(Core),
}

/// Decodes like [`decode_spanned`], leaving the common object event borrowed from `text`
/// (its target, name and hot data: [`Received`]); [`decode_spanned`] is this and
/// [`Received::into_owned`], so both are one decoder.
///
/// Two passes over the text, neither building a tree for an object event: the first
/// validates the whole frame (strings, numbers, nesting, nothing after it), allocating
/// nothing, and notes where the top-level members are; the second reads the members the
/// SDK uses straight into their typed values, from wherever they are in the frame. Members
/// this version does not know are validated in the first pass and kept (PROTOCOL.md 1.12).
///
/// # Errors
/// As [`decode_limited`].
pub fn decode_borrowed(text: &str, max: usize) -> Result<(Decoded<'_>, Spans), DecodeError> {
    let mut ev = None;
    let (d, spans) = decode_in(text, max, true, &mut ev)?;
    Ok((either(d, ev, text)?, spans))
}

/// Decodes like [`decode_borrowed`] for the client (the engine): a core-layer or service
/// frame, or one of a class the client does not take, comes as [`Decoded::Core`], checked
/// the same, not built as its typed frame; an object event's `context` and unknown members
/// (the page is given its name, target and data only) are not kept in its [`Event`].
///
/// # Errors
/// As [`decode_limited`].
pub fn decode_received(text: &str, max: usize) -> Result<(Decoded<'_>, Spans), DecodeError> {
    let mut ev = None;
    let (d, spans) = decode_in(text, max, false, &mut ev)?;
    Ok((either(d, ev, text)?, spans))
}

/// [`decode_received`], the common object event left in `ev` (`None` in the answer then;
/// `ev` is `None` for any other frame, and after an error): its data is read into its place
/// there, not moved out of the decoder and into the engine (≈ 190 bytes, twice, per frame).
///
/// # Errors
/// As [`decode_limited`].
pub fn decode_received_into<'a>(
    text: &'a str,
    max: usize,
    ev: &mut Option<Received<'a>>,
) -> Result<(Option<Decoded<'a>>, Spans), DecodeError> {
    let answer = decode_in(text, max, false, ev);
    if answer.is_err() {
        *ev = None;
    }
    answer
}

/// What [`decode_in`] answered, `d`, or else the event it left in `ev` (one of them is
/// there: the error is never given).
fn either<'a>(d: Option<Decoded<'a>>, ev: Option<Received<'a>>, text: &str) -> Result<Decoded<'a>, DecodeError> {
    d.or(ev.map(Decoded::Event)).ok_or_else(|| DecodeError::NotAnObject { found: Reader::new(text).peek_type() })
}

/// [`decode_borrowed`] (`whole`) or [`decode_received`]: `None`, and the event in `ev`, for
/// the common object event.
fn decode_in<'a>(
    text: &'a str,
    max: usize,
    whole: bool,
    ev: &mut Option<Received<'a>>,
) -> Result<(Option<Decoded<'a>>, Spans), DecodeError> {
    *ev = None;
    if text.len() > max {
        return Err(DecodeError::TooLarge { len: text.len(), max });
    }
    let mut r = Reader::new(text);
    let mut env = Envelope::default();
    // The strings among them, borrowed from the text while it has no escapes.
    let (mut mt, mut name, mut target) = (None::<Cow<'_, str>>, None::<Cow<'_, str>>, None::<Cow<'_, str>>);
    // The data of an object event whose class and name came before it, read in this same
    // pass into `ev`, with the name of the kind it was read as (its target set at the end).
    // A `name` member came after the early data (whose kind came from the one before).
    let mut renamed = false;
    let object = r.object().map_err(DecodeError::Syntax)?;
    if object {
        loop {
            let key = match r.next_member() {
                Some(true) => Top::at(&mut r).map_err(DecodeError::Syntax)?,
                Some(false) => break,
                None => return Err(DecodeError::Syntax(r.unexpected())),
            };
            let start = r.pos();
            match key {
                // (One read for the three: a value that is not a string is skipped.)
                Top::MessageType | Top::Name | Top::Target => {
                    let v = r.string().map_err(DecodeError::Syntax)?;
                    if v.is_none() {
                        r.skip().map_err(DecodeError::Syntax)?;
                    }
                    match key {
                        Top::MessageType => mt = v,
                        Top::Name => name = v,
                        _ => target = v,
                    }
                }
                Top::Data => {
                    *ev = None;
                    let kind = match (&mt, &name) {
                        (Some(m), Some(n)) if same(m, "objectEvent") => EventKind::lookup(n),
                        _ => None,
                    };
                    let mark = r.mark();
                    // (Read in its place in `ev`: nothing is moved after.)
                    let read = match kind {
                        Some(kind) if !r.null() => {
                            let data = Hot::empty(kind.0);
                            let e = ev.insert(Received { target: Cow::Borrowed(""), name: kind.1, data });
                            e.data.read_in(kind.0, &mut r).is_ok()
                        }
                        _ => false,
                    };
                    if read {
                        renamed = false;
                    } else {
                        // Not the documented shape (or not JSON): read again below, from the
                        // validated text, as untyped data with what did not fit.
                        *ev = None;
                        r.reset(mark);
                        r.skip().map_err(DecodeError::Syntax)?;
                    }
                }
                _ => r.skip().map_err(DecodeError::Syntax)?,
            }
            let span = Some((start, r.pos()));
            match key {
                Top::MessageType => env.message_type = span,
                Top::Name => (env.name, renamed) = (span, true),
                Top::Target => env.target = span,
                Top::Data => env.data = span,
                Top::Result => (env.result, env.others) = (true, true),
                Top::Command => (env.command, env.others) = (true, true),
                Top::Other => env.others = true,
            }
        }
    } else {
        r.skip().map_err(DecodeError::Syntax)?;
    }
    if !r.at_end() {
        return Err(DecodeError::Syntax(JsonError { kind: JsonErrorKind::TrailingCharacters, offset: r.pos() }));
    }
    if !object {
        return Err(DecodeError::NotAnObject { found: Reader::new(text).peek_type() });
    }
    // A string's contents are its slice exactly when it has no escapes. (Offsets are 32-bit:
    // past 4 GiB, which only a native host allowing such frames could see, no span.)
    let small = |a: usize, b: usize| Some((u32::try_from(a).ok()?, u32::try_from(b).ok()?));
    let plain = |span: Option<(usize, usize)>, s: &Option<Cow<'_, str>>| match (span, s) {
        (Some((a, b)), Some(Cow::Borrowed(_))) => small(a + 1, b - 1),
        _ => None,
    };
    let spans = Spans {
        data: env.data.filter(|&(a, b)| text.as_bytes().get(a..b) != Some(b"null")).and_then(|(a, b)| small(a, b)),
        name: plain(env.name, &name),
        target: plain(env.target, &target),
    };
    if mt.is_none() {
        if let Some((a, _)) = env.message_type {
            let mut v = Reader::new(text);
            v.seek(a);
            let error = FieldError::wrong("a string", &mut v).at("messageType");
            return Err(DecodeError::Member { message: "frame".into(), error });
        }
    }
    // The common object event, whole in one pass: only `messageType`, `name`, `target` and
    // `data`, the data read as the kind its final `name` says.
    // (A `name` after `data` read as another kind: the data is read again for the final one.)
    // (The data was read into its place in `ev`: only the target is moved in.)
    if mt.as_deref().is_some_and(|m| same(m, "objectEvent")) && !env.others && !renamed {
        if let (Some(e), Some(target)) = (ev.as_mut(), target) {
            e.target = target;
            return Ok((None, spans));
        }
    }
    *ev = None;
    if let Some(r) = mt.as_deref().filter(|_| !whole).and_then(|c| Some((c, service::read_core(c, text)?))) {
        return Ok((Some(Decoded::Core(member(r.0, r.1)?)), spans));
    }
    Ok((Some(Decoded::Frame(decode_class(text, mt.as_deref(), &env, whole)?)), spans))
}

/// A top-level member the first pass looks at, classified once per member.
#[derive(Clone, Copy)]
enum Top {
    MessageType,
    Name,
    Target,
    Data,
    Result,
    Command,
    Other,
}

impl Top {
    /// The member whose key is at the cursor (on its opening quote), the key and its colon
    /// consumed: the four members of every object event compared as bytes in place (one
    /// candidate by the key's first byte, any whitespace, any order), any other key read and
    /// classified by [`Top::of`] (so one written with escapes is still found).
    fn at(r: &mut Reader<'_>) -> Result<Top, JsonError> {
        let (name, top) = match r.key_start() {
            Some(b'm') => ("messageType", Top::MessageType),
            Some(b'n') => ("name", Top::Name),
            Some(b't') => ("target", Top::Target),
            Some(b'd') => ("data", Top::Data),
            _ => ("", Top::Other),
        };
        if !name.is_empty() && r.key(name) {
            return Ok(top);
        }
        r.member_key().map(|k| Top::of(&k))
    }

    /// (The one candidate by length and first byte, then one comparison, where a `match` on
    /// `str` calls a string comparison per arm.)
    fn of(key: &str) -> Top {
        let (name, top) = match (key.len(), key.as_bytes().first()) {
            (11, _) => ("messageType", Top::MessageType),
            (4, Some(b'n')) => ("name", Top::Name),
            (4, _) => ("data", Top::Data),
            (6, Some(b't')) => ("target", Top::Target),
            (6, _) => ("result", Top::Result),
            (7, _) => ("command", Top::Command),
            _ => return Top::Other,
        };
        if key == name {
            top
        } else {
            Top::Other
        }
    }
}

/// A typed value read from the whole frame.
fn typed<T: FromJson>(text: &str) -> Result<T, FieldError> {
    T::read(&mut Reader::new(text))
}

/// The members of the whole (validated) frame, as a tree.
fn members(text: &str) -> Result<Map, DecodeError> {
    match Reader::new(text).value().map_err(DecodeError::Syntax)? {
        Json::Object(m) => Ok(m),
        other => Err(DecodeError::NotAnObject { found: other.type_name() }),
    }
}

/// `x` without its `messageType` members (the class is the frame's variant). Out of line:
/// the frame classes' arms share one copy of the loop.
#[inline(never)]
fn strip(mut x: Map) -> Map {
    x.retain(|(k, _)| k != "messageType");
    x
}

/// The frame of class `mt` (WIRE-PROFILE §2) from its validated text (typed envelopes only when
/// `whole`: the client reads them as [`Core`]); one exit for every class's member error.
fn decode_class(text: &str, mt: Option<&str>, env: &Envelope, whole: bool) -> Result<Frame, DecodeError> {
    let mut tree = Json::Null; // (the frame's members, where an arm reads them as a tree)
    let frame = match mt {
        Some("objectEvent") => {
            // `name`, `target`, `data` at the first pass's marks; `context`, others for hosts.
            let (mut context, mut extra) = (None, Vec::new());
            if env.others && whole {
                let mut r = Reader::new(text);
                r.object().map_err(DecodeError::Syntax)?;
                while let Some(k) = r.member().map_err(DecodeError::Syntax)? {
                    match &*k {
                        "messageType" | "name" | "target" | "data" => r.skip(),
                        "context" => r.value().map(|v| context = Some(v)),
                        _ => r.value().map(|v| extra.push((k.into_owned(), v))),
                    }
                    .map_err(DecodeError::Syntax)?;
                }
            }
            let at = |s: Option<(usize, usize)>| s.map(|(a, _)| (a, 1));
            let marks = EventMarks { name: at(env.name), target: at(env.target), data: at(env.data) };
            Event::from_marks(&mut Reader::new(text), marks, context, extra).map(Frame::Event)
        }
        Some("coreRequest") if whole => typed(text).map(|mut r: CoreRequest| {
            r.extra = strip(r.extra);
            Frame::CoreRequest(r)
        }),
        Some("coreResponse") if whole => typed(text).map(|mut r: CoreResponse| {
            r.extra = strip(r.extra);
            Frame::CoreResponse(r)
        }),
        Some("coreEvent") if whole => typed(text).map(|r: CoreEvent| {
            Frame::CoreEvent(CoreEvent(match r.0 {
                Json::Object(m) => Json::Object(strip(m)),
                other => other,
            }))
        }),
        Some("coreError") if whole => typed(text).map(|mut r: CoreError| {
            r.extra = strip(r.extra);
            Frame::CoreError(r)
        }),
        // One tree of the frame for the service envelopes and a request or response without a class.
        Some("serviceRequest" | "serviceResponse") | None if mt.is_some() || env.result || env.command => {
            tree = Json::Object(members(text)?);
            match mt {
                Some("serviceRequest") => ServiceRequest::from_json(&tree).map(Frame::ServiceRequest),
                Some(_) => ServiceResponse::from_json(&tree).map(Frame::ServiceResponse),
                None if env.result => Response::from_members(&tree, &[]).map(Frame::Response),
                None => Request::from_members(&tree, &[]).map(Frame::Request),
            }
        }
        Some("serviceEvent") if whole => typed(text).map(|mut r: ServiceEvent| {
            r.extra = strip(r.extra);
            Frame::ServiceEvent(r)
        }),
        Some("serviceError") if whole => typed(text).map(|mut r: ServiceError| {
            r.extra = strip(r.extra);
            Frame::ServiceError(r)
        }),
        Some(c @ ("startSession" | "endSession")) if whole => typed(text).map(|r: HttpSession| {
            let r = HttpSession(match r.0 {
                Json::Object(m) => Json::Object(strip(m)),
                other => other,
            });
            if c == "startSession" {
                Frame::StartSession(r)
            } else {
                Frame::EndSession(r)
            }
        }),
        Some(c @ ("resourceRequest" | "resourceResponse" | "resourceEvent" | "resourceError")) if whole => {
            Ok(Frame::Resource { class: c.to_owned(), members: strip(members(text)?) })
        }
        Some(other) if whole => Ok(Frame::Unknown { message_type: other.to_owned(), members: strip(members(text)?) }),
        // Never: the client reads every other class as `Core` (`service::read_core`).
        Some(_) => return Err(DecodeError::Unclassified),
        None => return Err(DecodeError::Unclassified),
    };
    frame.map_err(|error| {
        // Named by an event's `name` (a non-empty string), a request's or response's trimmed
        // `command`, else the class.
        let message = match mt {
            Some("objectEvent") => {
                let mut v = Reader::new(text);
                v.seek(env.name.map_or(0, |(a, _)| a));
                let name = env.name.and_then(|_| v.string().ok().flatten()).filter(|n| !n.is_empty());
                name.map_or_else(|| "objectEvent".into(), Cow::into_owned)
            }
            Some(class) => class.to_owned(),
            None => {
                let fallback = if env.result { "response" } else { "request" };
                tree.get("command").and_then(Json::as_str).unwrap_or(fallback).trim().to_owned()
            }
        };
        DecodeError::Member { message, error }
    })
}

/// Classifies and decodes a JSON value (through its text: one decoder for both).
///
/// # Errors
/// As [`decode`].
pub fn decode_value(v: Json) -> Result<Frame, DecodeError> {
    decode_limited(&v.to_json_string(), usize::MAX)
}

fn with_type(message_type: &str, v: Json) -> Json {
    match v {
        Json::Object(m) => {
            let mut out = Vec::with_capacity(m.len() + 1);
            out.push(("messageType".into(), Json::str(message_type)));
            out.extend(m);
            Json::Object(out)
        }
        other => other,
    }
}

impl Frame {
    /// The frame as a JSON value.
    pub fn to_json(&self) -> Json {
        match self {
            Frame::CoreRequest(r) => with_type("coreRequest", r.to_json()),
            Frame::CoreResponse(r) => with_type("coreResponse", r.to_json()),
            Frame::CoreEvent(r) => with_type("coreEvent", r.to_json()),
            Frame::CoreError(r) => with_type("coreError", r.to_json()),
            Frame::ServiceRequest(r) => r.to_json(),
            Frame::ServiceResponse(r) => r.to_json(),
            Frame::ServiceEvent(r) => with_type("serviceEvent", r.to_json()),
            Frame::ServiceError(r) => with_type("serviceError", r.to_json()),
            Frame::Resource { class, members } => with_type(class, Json::Object(members.clone())),
            Frame::Request(r) => r.to_json(),
            Frame::Response(r) => r.to_json(),
            Frame::Event(e) => e.to_json(),
            Frame::StartSession(s) => with_type("startSession", s.to_json()),
            Frame::EndSession(s) => with_type("endSession", s.to_json()),
            Frame::Unknown { message_type, members } => with_type(message_type, Json::Object(members.clone())),
        }
    }

    /// Whether this frame decoded into a typed variant rather than a catch-all (unknown
    /// `messageType`, command, event, service event, or response data kept raw).
    pub fn is_typed(&self) -> bool {
        match self {
            Frame::Unknown { .. } | Frame::Resource { .. } => false,
            Frame::Request(r) => r.command.kind().is_some(),
            Frame::ServiceRequest(r) => r.request.command.kind().is_some(),
            Frame::Response(r) => response_is_typed(r),
            Frame::ServiceResponse(r) => response_is_typed(&r.response),
            Frame::Event(e) => e.kind().is_some(),
            Frame::ServiceEvent(e) => !matches!(e.data, ServiceEventData::Other(_)),
            Frame::CoreRequest(r) => r.kind().is_some(),
            _ => true,
        }
    }
}

fn response_is_typed(r: &Response) -> bool {
    r.kind().is_some()
        && match &r.outcome {
            Outcome::Success(Some(ResultData::Raw(_))) | Outcome::Other(_) => false,
            Outcome::Failure { original, .. } | Outcome::Confirm { original, .. } => original.is_some(),
            Outcome::Success(_) => true,
        }
}

/// Encodes a frame as compact JSON text.
pub fn encode(frame: &Frame) -> String {
    frame.to_json().to_json_string()
}

#[cfg(test)]
mod tests;
