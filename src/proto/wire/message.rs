//! Session-resource envelopes: request (1.3), response (1.4–1.6) and object event (1.7).

use super::codec::{object_with_extra, FieldError, FromJson, ToJson};
use super::command::{Command, CommandKey, CommandKind, Dialect};
use super::event::{EventData, EventKind};
use super::schema::{self, opt, payload, req, Data, Shape};
use super::types::{AddressBooks, PrepareSessionResult, Scripts};
use crate::proto::json::{get, Json, Map, Reader};
use std::borrow::Cow;

pub(super) fn opt_string(m: &Map, key: &str) -> Result<Option<String>, FieldError> {
    match get(m, key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(FieldError::wrong_type("a string", v).at(key)),
    }
}

fn req_string(m: &Map, key: &str) -> Result<String, FieldError> {
    opt_string(m, key)?.ok_or_else(|| FieldError::missing().at(key))
}

/// A session-resource request `{command, target, data, context}` (PROTOCOL.md 1.3); also the
/// body of a `serviceRequest` (then without `target`).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The command name exactly as sent or received (its dialect's spelling).
    pub name: String,
    /// The typed command and data.
    pub command: Command,
    /// Dotted target; absent for service requests such as `prepareSession`.
    pub target: Option<String>,
    /// Debugging context (1.10), kept as it came.
    pub context: Option<Json>,
    /// Other members, kept.
    pub extra: Map,
}

const REQUEST_KEYS: &[&str] = &["command", "target", "data", "context"];

impl Request {
    /// A request for `command` in `dialect`.
    pub fn new(command: Command, target: Option<String>, dialect: Dialect) -> Request {
        Request { name: command.name(dialect).to_owned(), command, target, context: None, extra: Vec::new() }
    }

    /// The correlation key of the command (from its name, so a request whose data did not
    /// decode still correlates).
    pub fn key(&self) -> CommandKey {
        CommandKey::of_name(&self.name)
    }

    /// Decodes a request, keeping data that does not fit its command as
    /// [`Command::Unknown`] instead of failing (for the `original` echoed in failures, which
    /// only confirms correlation).
    pub fn from_json_lenient(v: &Json) -> Option<Request> {
        Request::decode(v, &[], true).ok()
    }

    /// Decodes a request from an object, ignoring the members in `skip` (the service
    /// envelope's own).
    ///
    /// # Errors
    /// The member that does not fit.
    pub fn from_members(v: &Json, skip: &[&str]) -> Result<Request, FieldError> {
        Request::decode(v, skip, false)
    }

    /// [`Request::from_members`]; `lenient`: data that does not fit its command is kept as it
    /// came, as [`Command::Unknown`].
    fn decode(v: &Json, skip: &[&str], lenient: bool) -> Result<Request, FieldError> {
        let (m, extra) = object_with_extra(v, REQUEST_KEYS, skip)?;
        let name = req_string(m, "command")?;
        // An absent or `null` `data` reads as `{}` (as for events).
        let empty = Json::object();
        let data = match get(m, "data") {
            None | Some(Json::Null) => &empty,
            Some(d) => d,
        };
        let command = match Command::decode(&name, data) {
            Ok(c) => c,
            Err(_) if lenient => Command::Unknown {
                name: name.trim().to_owned(),
                data: get(m, "data").cloned().unwrap_or_else(Json::object),
            },
            Err(e) => return Err(e.at("data")),
        };
        Ok(Request { name, command, target: opt_string(m, "target")?, context: get(m, "context").cloned(), extra })
    }

    /// Appends this request's members to `m`.
    pub fn write_members(&self, m: &mut Map) {
        m.push(("command".into(), Json::str(&self.name)));
        if let Some(t) = &self.target {
            m.push(("target".into(), Json::str(t)));
        }
        m.push(("data".into(), self.command.data()));
        if let Some(c) = &self.context {
            m.push(("context".into(), c.clone()));
        }
        m.extend(self.extra.iter().cloned());
    }
}

impl FromJson for Request {
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        Request::from_members(v, &[])
    }
}

impl ToJson for Request {
    fn to_json(&self) -> Json {
        let mut m = Vec::with_capacity(4);
        self.write_members(&mut m);
        Json::Object(m)
    }
}

payload! {
    /// `failure` of a failure response (1.5): `{code, message?, context?}` (the error code,
    /// human text, a stack trace if any). No code catalogue exists; WIRE-PROFILE §7 lists the
    /// codes agentwire's simulator uses.
    Failure = {
        static SHAPE: Shape = FAILURE;
        &SHAPE
    }
}

/// [`Failure`]'s table (also a member of the core and service envelopes' tables).
pub const FAILURE: Shape =
    Shape::Object(&[req("code", &Shape::Str), opt("message", &Shape::Str), opt("context", &Shape::Any)]);

impl Failure {
    /// `{code, message?, context?}` (members in the table's order, an absent one left out).
    pub fn new(code: &str, message: Option<&str>, context: Option<Json>) -> Failure {
        let mut m = vec![("code".into(), Json::str(code))];
        if let Some(t) = message {
            m.push(("message".into(), Json::str(t)));
        }
        if let Some(c) = context {
            m.push(("context".into(), c));
        }
        Failure(Json::Object(m))
    }

    /// The error code.
    pub fn code(&self) -> &str {
        super::schema::text(&self.0, "code").unwrap_or_default()
    }

    /// The human text, when sent.
    pub fn message(&self) -> Option<&str> {
        super::schema::text(&self.0, "message")
    }
}

/// Typed `data` of a success response.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultData {
    /// The request's data echoed (most commands, 1.4), decoded as that command's data.
    Echo(Command),
    /// `prepareSession`: the session resource id.
    PrepareSession(PrepareSessionResult),
    /// `session.request.incontact.addressbook`: the address books.
    AddressBooks(AddressBooks),
    /// `channel.request.incontact.getscripts`: the scripts.
    Scripts(Scripts),
    /// Data of an unknown command, or data that does not have the documented shape. A
    /// response is never rejected for its data: it still settles its request.
    Raw(Json),
}

impl ResultData {
    fn decode(kind: Option<CommandKind>, data: &Json) -> ResultData {
        // One text and one read: the three kinds with a result of their own through their
        // table, the others as the command's data.
        let typed = |k: CommandKind| {
            let table = match k {
                CommandKind::PrepareSession => PrepareSessionResult::TABLE,
                CommandKind::AddressBook => AddressBooks::TABLE,
                CommandKind::GetScripts => Scripts::TABLE,
                _ => return Command::from_data(k, data).ok().map(ResultData::Echo),
            };
            let j = schema::check(data, table?).ok()?;
            Some(match k {
                CommandKind::PrepareSession => ResultData::PrepareSession(PrepareSessionResult(j)),
                CommandKind::AddressBook => ResultData::AddressBooks(AddressBooks(j)),
                _ => ResultData::Scripts(Scripts(j)),
            })
        };
        kind.and_then(typed).unwrap_or_else(|| ResultData::Raw(data.clone()))
    }

    /// The `data` member.
    pub fn to_json(&self) -> Json {
        match self {
            ResultData::Echo(c) => c.data(),
            ResultData::PrepareSession(d) => d.to_json(),
            ResultData::AddressBooks(d) => d.to_json(),
            ResultData::Scripts(d) => d.to_json(),
            ResultData::Raw(j) => j.clone(),
        }
    }
}

/// How a request ended, from the response's `result`.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `result: "success"`; `data` is absent for `session.request.logout`.
    Success(Option<ResultData>),
    /// `result: "failure"` with the failure and the original request.
    Failure {
        /// What failed.
        failure: Failure,
        /// The request that failed, when the server included it and it decodes.
        original: Option<Box<Request>>,
    },
    /// `result: "confirm"` (only `prepareSession`, 1.6): ask the user, then resend with
    /// `override: true`.
    Confirm {
        /// The prompt to show.
        message: String,
        /// The request to resend.
        original: Option<Box<Request>>,
    },
    /// Another `result` value, kept.
    Other(String),
}

/// A response `{command, target, result, …}` (1.4–1.6); also the body of a `serviceResponse`.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// The command name as it came (possibly with the doc's stray leading space).
    pub name: String,
    /// Dotted target, when present.
    pub target: Option<String>,
    /// The result.
    pub outcome: Outcome,
    /// Debugging context, kept.
    pub context: Option<Json>,
    /// Other members, kept (an `original` that does not decode stays here, raw).
    pub extra: Map,
}

const RESPONSE_KEYS: &[&str] = &["command", "target", "result", "data", "failure", "original", "message", "context"];

impl Response {
    /// The command kind, when known.
    pub fn kind(&self) -> Option<CommandKind> {
        CommandKind::from_name(&self.name)
    }

    /// The correlation key.
    pub fn key(&self) -> CommandKey {
        CommandKey::of_name(&self.name)
    }

    /// A success response to `req` with `data`.
    pub fn success(req: &Request, data: Option<ResultData>) -> Response {
        Response {
            name: req.name.clone(),
            target: req.target.clone(),
            outcome: Outcome::Success(data),
            context: None,
            extra: Vec::new(),
        }
    }

    /// A failure response to `req`, carrying it as `original`.
    pub fn failure(req: &Request, code: &str, message: impl Into<String>) -> Response {
        Response {
            name: req.name.clone(),
            target: req.target.clone(),
            outcome: Outcome::Failure {
                failure: Failure::new(code, Some(&message.into()), None),
                original: Some(Box::new(req.clone())),
            },
            context: None,
            extra: Vec::new(),
        }
    }

    /// Decodes a response from an object, ignoring the members in `skip`.
    ///
    /// # Errors
    /// The member that does not fit (`result`, `failure`, `message`).
    pub fn from_members(v: &Json, skip: &[&str]) -> Result<Response, FieldError> {
        Response::decode(v, skip, None)
    }

    /// [`Response::from_members`]; `absent`: the command name of a response without a
    /// `command` member (a `serviceResponse`'s, [`super::ServiceResponse`]).
    pub(super) fn decode(v: &Json, skip: &[&str], absent: Option<&str>) -> Result<Response, FieldError> {
        let (m, mut extra) = object_with_extra(v, RESPONSE_KEYS, skip)?;
        let name = match (get(m, "command"), absent) {
            (None, Some(name)) => name.to_owned(),
            _ => req_string(m, "command")?,
        };
        let result = req_string(m, "result")?;
        let original = |extra: &mut Map| -> Option<Box<Request>> {
            let raw = get(m, "original")?;
            match Request::from_json_lenient(raw) {
                Some(r) => Some(Box::new(r)),
                None => {
                    extra.push(("original".into(), raw.clone()));
                    None
                }
            }
        };
        let outcome = match result.as_str() {
            "success" => Outcome::Success(get(m, "data").map(|d| ResultData::decode(CommandKind::from_name(&name), d))),
            "failure" => {
                let failure = match get(m, "failure") {
                    Some(f) => Failure::from_json(f).map_err(|e| e.at("failure"))?,
                    None => return Err(FieldError::missing().at("failure")),
                };
                Outcome::Failure { failure, original: original(&mut extra) }
            }
            "confirm" => Outcome::Confirm { message: req_string(m, "message")?, original: original(&mut extra) },
            _ => {
                // `data`, `failure`, `original`, `message`: kept in `extra` under another result.
                for k in RESPONSE_KEYS.get(3..7).unwrap_or_default() {
                    if let Some(v) = get(m, k) {
                        extra.push(((*k).into(), v.clone()));
                    }
                }
                Outcome::Other(result)
            }
        };
        Ok(Response { name, target: opt_string(m, "target")?, outcome, context: get(m, "context").cloned(), extra })
    }

    /// Appends this response's members to `m`.
    pub fn write_members(&self, m: &mut Map) {
        m.push(("command".into(), Json::str(&self.name)));
        if let Some(t) = &self.target {
            m.push(("target".into(), Json::str(t)));
        }
        let result = match &self.outcome {
            Outcome::Success(_) => "success",
            Outcome::Failure { .. } => "failure",
            Outcome::Confirm { .. } => "confirm",
            Outcome::Other(r) => r.as_str(),
        };
        m.push(("result".into(), Json::str(result)));
        match &self.outcome {
            Outcome::Success(Some(d)) => m.push(("data".into(), d.to_json())),
            Outcome::Success(None) | Outcome::Other(_) => {}
            Outcome::Failure { failure, original } => {
                m.push(("failure".into(), failure.to_json()));
                if let Some(o) = original {
                    m.push(("original".into(), o.to_json()));
                }
            }
            Outcome::Confirm { message, original } => {
                m.push(("message".into(), Json::str(message)));
                if let Some(o) = original {
                    m.push(("original".into(), o.to_json()));
                }
            }
        }
        if let Some(c) = &self.context {
            m.push(("context".into(), c.clone()));
        }
        m.extend(self.extra.iter().cloned());
    }
}

impl ToJson for Response {
    fn to_json(&self) -> Json {
        let mut m = Vec::with_capacity(5);
        self.write_members(&mut m);
        Json::Object(m)
    }
}

/// An object event `{messageType: "objectEvent", target, name, data}` (1.7).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Dotted target of the object that emitted it.
    pub target: String,
    /// The event name as it came: for a known event in its documented spelling, the table's
    /// own string (no copy per frame).
    pub name: Cow<'static, str>,
    /// Typed data.
    pub data: EventData,
    /// Debugging context, kept.
    pub context: Option<Json>,
    /// Other members, kept.
    pub extra: Map,
}

/// Where an event's members are in its frame: the reader's marks of the values of `name`,
/// `target` and `data` (found in any order, the last duplicate winning).
#[derive(Clone, Copy, Debug, Default)]
pub struct EventMarks {
    /// The value of `name`.
    pub name: Option<(usize, usize)>,
    /// The value of `target`.
    pub target: Option<(usize, usize)>,
    /// The value of `data`.
    pub data: Option<(usize, usize)>,
}

impl Event {
    /// An event of `kind` on `target`.
    pub fn new(target: impl Into<String>, data: EventData) -> Event {
        let name = Cow::Borrowed(data.kind().map_or("", EventKind::name));
        Event { target: target.into(), name, data, context: None, extra: Vec::new() }
    }

    /// The kind, or `None` for an unknown event.
    pub fn kind(&self) -> Option<EventKind> {
        self.data.kind()
    }

    /// Decodes an event from the marks of its members in `r`'s text (validated already),
    /// with the `context` and other members the caller collected. The data of a known event
    /// is read straight into its typed value; data that does not fit is kept, untyped, with
    /// what did not fit: the page still sees it (PROTOCOL.md 1.12), and the engine reports
    /// the mismatch. An absent or `null` `data` reads as `{}` (events like
    /// `session.initialized` carry nothing, and some servers write `null` for nothing).
    ///
    /// # Errors
    /// A missing or non-string `name` or `target`.
    pub fn from_marks(
        r: &mut Reader<'_>,
        at: EventMarks,
        context: Option<Json>,
        extra: Map,
    ) -> Result<Event, FieldError> {
        // A required string: absent or `null` is missing.
        let mut string = |m: Option<(usize, usize)>, key: &str| -> Result<String, FieldError> {
            match m {
                Some(m) => {
                    r.reset(m);
                    if r.null() {
                        Err(FieldError::missing())
                    } else {
                        String::read(r)
                    }
                }
                None => Err(FieldError::missing()),
            }
            .map_err(|e| e.at(key))
        };
        let name = string(at.name, "name")?;
        let target = string(at.target, "target")?;
        let mut empty = Reader::new("{}");
        let data = match at.data {
            Some(m) => {
                r.reset(m);
                if r.null() {
                    &mut empty
                } else {
                    r.reset(m);
                    &mut *r
                }
            }
            None => &mut empty,
        };
        let mark = data.mark();
        let (kind, name) = match EventKind::lookup(&name) {
            Some((k, n)) => (Some(k), Cow::Borrowed(n)),
            None => (None, Cow::Owned(name)),
        };
        let data = match kind {
            Some(kind) => match EventData::read(kind, data) {
                Ok(d) => d,
                Err(e) => {
                    data.reset(mark);
                    EventData::Invalid(data.value()?, e.at("data"))
                }
            },
            None => EventData::Unknown(data.value()?),
        };
        Ok(Event { target, name, data, context, extra })
    }
}

impl ToJson for Event {
    fn to_json(&self) -> Json {
        let mut m: Map = vec![
            ("messageType".into(), Json::str("objectEvent")),
            ("target".into(), Json::str(&self.target)),
            ("name".into(), Json::str(&*self.name)),
            ("data".into(), self.data.to_json()),
        ];
        if let Some(c) = &self.context {
            m.push(("context".into(), c.clone()));
        }
        m.extend(self.extra.iter().cloned());
        Json::Object(m)
    }
}
