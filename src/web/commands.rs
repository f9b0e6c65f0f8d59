//! The command methods of PROTOCOL.md, and the submit path they share. Each reads its
//! arguments (rejecting bad input before anything is sent), builds the typed command (with
//! the core's constructors wherever the protocol decides a spelling or a default) and hands
//! it to the engine, which checks it against the model (unknown channel, reason code not in
//! the list, …); its Promise settles when the pump sees the command end.
//!
//! Every method takes a final options object `{ until?: "accepted" | "applied", timeoutMs? }`
//! (merged into the argument object where the command has arguments). `until: "applied"`
//! resolves only once the confirming event has updated the model.
//!
//! The page's methods are JS (issue 14) over the one export of the session's JS members,
//! `__call` (`AgentSession::invoke` in `session.rs`): it takes 64 + the method's index in the
//! `methods!` table below and the call's arguments as they came, and hands them to
//! [`AgentSession::call`]; `js/entry.js` defines each method on the class from `COMMANDS`, the
//! same names in the same order, and `js/commands.d.ts` declares and documents them
//! (`tests/tables.rs` holds the three together). One export instead of one per method: each
//! wasm-bindgen export is its own shim with the submit path inlined (29 of them were 17 KB of
//! the wasm; the commands' own export, `__command`, was folded into `__call` too).

use super::convert::{from_js, get, opt_bool, opt_string, opt_u64, options, req_string, target_arg};
use super::error::AgentwireError;
use super::pump::pump;
use super::session::AgentSession;
use super::state::Shared;
use super::timer::now;
use crate::proto::engine::SubmitOptions;
use crate::proto::json::{Json, Map};
use crate::proto::text::{Code, Msg};
use crate::proto::wire::{AddChannel, Command, CommandKind, SignalData, AFTER_CALL_WORK};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use CommandKind as K;

/// The command methods. Each line: the variant, the JS method's name, the Rust method of the
/// same call (for Rust callers: the browser suites) with its parameters, the kind of object
/// its first argument names (`None`: it names none), and how it reads its command (a
/// [`Reader`]).
macro_rules! methods {
    ($( $variant:ident $js:literal $rust:ident($($arg:ident),*) $target:expr => $reader:expr; )*) => {
        /// A command method, by its index in the table (`COMMANDS` in `js/entry.js`).
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Method { $($variant),* }

        /// The methods' rows, in the table's order: the method, its target's kind, its reader.
        const METHODS: &[(Method, Option<&str>, Reader)] = &[$((Method::$variant, $target, $reader)),*];

        impl AgentSession {
            $(
                #[doc = concat!("`session.", $js, "(…)` of the page (declared and documented in `js/commands.d.ts`).")]
                pub fn $rust(&self, $($arg: &JsValue),*) -> Promise {
                    let none = JsValue::UNDEFINED;
                    let a = [$($arg,)* &none, &none];
                    self.call(Method::$variant as usize, a[0], a[1], a[2])
                }
            )*
        }
    };
}

/// How a method reads its command from its argument object (issue 14: a table and one loop,
/// not code per method).
#[derive(Clone, Copy)]
enum Reader {
    /// A command without data (`{}`); the object, if any, is the call's options.
    Empty(CommandKind),
    /// A command whose data are the members of `fields`, read in order from the object
    /// (checked first to be an object, named so in the message, when a name is given).
    Table(CommandKind, Option<&'static str>, &'static [Field]),
    /// Its own arm in `build`.
    Custom,
}

/// How one member of an argument object is read.
#[derive(Clone, Copy)]
enum Read {
    /// A string that must be given and not blank.
    Required,
    /// A string, when given.
    Text,
    /// A boolean, when given.
    Flag,
    /// A required, not blank channel type, sent in the request's spelling
    /// ([`AddChannel::spelling`]).
    Type,
    /// An object (any JSON in it), `{}` when not given (`dial`'s `extensions`).
    Object,
    /// No member of the page's: this value, the core's.
    Fixed(&'static str),
}

/// One member of a command's data: its name in the page's argument object, where it goes in
/// the data (the object member it is put in, `""` for the data itself, then its key), and how
/// it is read. The core's decoder (`Command::from_data`) then puts the members in the
/// protocol's order and checks them.
type Field = (&'static str, &'static str, &'static str, Read);

const NOT_READY: &[Field] =
    &[("reasonCode", "", "reasoncode", Read::Required), ("reasonDesc", "", "reasondesc", Read::Text)];
const AFTER_CALL: &[Field] =
    &[("", "", "reasoncode", Read::Fixed(AFTER_CALL_WORK)), ("reasonDesc", "", "reasondesc", Read::Text)];
const GROUP: &[Field] = &[("name", "channelgroup", "name", Read::Required)];
const BOOK: &[Field] = &[("realtime", "", "realtime", Read::Flag)];
const CONSULT: &[Field] = &[("destination", "", "destination", Read::Required)];
const DIAL: &[Field] =
    &[("destination", "", "destination", Read::Required), ("extensions", "", "extensions", Read::Object)];
const ADD_CHANNEL: &[Field] =
    &[("endpoint", "channel", "endpoint", Read::Required), ("type", "channel", "type", Read::Type)];

const fn activate(kind: CommandKind) -> Reader {
    Reader::Table(kind, Some("options"), &[("queue", "channeloptions", "queue", Read::Text)])
}

const fn deactivate(kind: CommandKind) -> Reader {
    const FIELDS: &[Field] =
        &[("queue", "channelOptions", "queue", Read::Text), ("reason", "channelOptions", "reason", Read::Text)];
    Reader::Table(kind, Some("options"), FIELDS)
}

methods! {
    Ready "ready" ready(channel, options) Some("channel") => Reader::Empty(K::Ready);
    NotReady "notReady" not_ready(channel, args) Some("channel") => Reader::Table(K::NotReady, Some("args"), NOT_READY);
    AfterCallWork "afterCallWork" after_call_work(channel, options) Some("channel") => Reader::Table(K::NotReady, None, AFTER_CALL);
    Activate "activate" activate(channel, options) Some("channel") => activate(K::Activate);
    Deactivate "deactivate" deactivate(channel, options) Some("channel") => deactivate(K::Deactivate);
    Dial "dial" dial(channel, args) Some("channel") => Reader::Table(K::Dial, Some("args"), DIAL);
    GetScripts "getScripts" get_scripts(channel, options) Some("channel") => Reader::Empty(K::GetScripts);
    ActivateGroup "activateGroup" activate_group(group, options) Some("channel group") => activate(K::GroupActivate);
    ActivateAll "activateAll" activate_all(group, options) Some("channel group") => activate(K::GroupActivateAll);
    DeactivateAll "deactivateAll" deactivate_all(group, options) Some("channel group") => deactivate(K::GroupDeactivateAll);
    AddChannel "addChannel" add_channel(args) None => Reader::Table(K::AddChannel, Some("args"), ADD_CHANNEL);
    AddChannelGroup "addChannelGroup" add_channel_group(args) None => Reader::Table(K::AddChannelGroup, Some("args"), GROUP);
    RequestNotReadyReasons "requestNotReadyReasons" request_not_ready_reasons(options) None => Reader::Empty(K::RequestNotReadyReasons);
    RequestLogoutReasons "requestLogoutReasons" request_logout_reasons(options) None => Reader::Empty(K::RequestLogoutReasons);
    AddressBook "addressBook" address_book(options) None => Reader::Table(K::AddressBook, Some("options"), BOOK);
    AgentLegConnect "agentLegConnect" agent_leg_connect(options) None => Reader::Empty(K::AgentLegConnect);
    AgentLegDisconnect "agentLegDisconnect" agent_leg_disconnect(options) None => Reader::Empty(K::AgentLegDisconnect);
    Accept "accept" accept(interaction, options) Some("interaction") => Reader::Empty(K::Accept);
    Answer "answer" answer(conversation, options) Some("conversation") => Reader::Empty(K::Answer);
    Consult "consult" consult(interaction, args) Some("interaction") => Reader::Table(K::Consult, Some("args"), CONSULT);
    ConsultTransfer "consultTransfer" consult_transfer(interaction, options) Some("interaction") => Reader::Empty(K::ConsultTransfer);
    ConsultConference "consultConference" consult_conference(interaction, options) Some("interaction") => Reader::Empty(K::ConsultConference);
    StartRecording "startRecording" start_recording(interaction, options) Some("interaction") => Reader::Empty(K::RecordingStart);
    StopRecording "stopRecording" stop_recording(interaction, options) Some("interaction") => Reader::Empty(K::RecordingStop);
    PauseRecording "pauseRecording" pause_recording(interaction, options) Some("interaction") => Reader::Empty(K::RecordingPause);
    ResumeRecording "resumeRecording" resume_recording(interaction, options) Some("interaction") => Reader::Empty(K::RecordingResume);
    Signal "signal" signal(interaction, params, options) Some("interaction") => Reader::Custom;
    Logout "logout" logout(options) None => Reader::Empty(K::Logout);
    Send "send" send(request, options) None => Reader::Custom;
}

fn reject(e: AgentwireError) -> Promise {
    Promise::reject(&e.into_js())
}

/// Reads `{ until, timeoutMs }` from a call's options.
fn call_options(v: &JsValue) -> Result<SubmitOptions, AgentwireError> {
    options(v, "options")?;
    let until_applied = match opt_string(v, "until")?.as_deref() {
        None | Some("accepted") => false,
        Some("applied") => true,
        Some(o) => {
            return Err(AgentwireError::invalid(
                "until",
                Msg::new(Code::OneOf2).arg("until").arg("accepted").arg("applied").arg(o),
            ))
        }
    };
    let timeout = opt_u64(v, "timeoutMs")?;
    if timeout == Some(0) {
        return Err(AgentwireError::bad(Code::MustBePositive, "timeoutMs"));
    }
    Ok(SubmitOptions { until_applied, timeout })
}

impl AgentSession {
    /// The call of the method at `index` of the table (`COMMANDS` in `js/entry.js`; `a`, `b`,
    /// `c` its arguments as the page gave them): its target (the first argument, when
    /// the method names one), then its arguments, then its options, each rejecting at once
    /// when bad.
    pub(super) fn call(&self, index: usize, a: &JsValue, b: &JsValue, c: &JsValue) -> Promise {
        let Some(&(m, what, reader)) = METHODS.get(index) else {
            let n = index as u64;
            return reject(AgentwireError::invalid("method", Msg::new(Code::InvalidArgument).arg("method").arg(n)));
        };
        let (mut target, args, next) = match what {
            Some(what) => match target_arg(a, what) {
                Ok(t) => (Some(t), b, c),
                Err(e) => return reject(e),
            },
            None => (None, a, b),
        };
        // The options are merged into the argument object, but for `signal(params, options)`
        // and `send(request, options)`.
        let opts = if matches!(m, Method::Signal | Method::Send) { next } else { args };
        let command = build(m, reader, args, &mut target);
        self.run(command, target, opts)
    }

    /// Submits a command and returns its Promise (rejected at once for bad input).
    fn run(&self, command: Result<Command, AgentwireError>, target: Option<String>, opts: &JsValue) -> Promise {
        let prepared = command.and_then(|c| call_options(opts).map(|o| (c, o)));
        let (command, opts) = match prepared {
            Ok(x) => x,
            Err(e) => return reject(e),
        };
        let now = now();
        let inner = self.inner();
        let submitted = {
            let mut i = inner.state_mut();
            i.engine.submit(now, command, target.as_deref(), opts)
        };
        match submitted {
            Err(e) => reject(AgentwireError::from(&e)),
            Ok(id) => {
                let p = inner.state_mut().promises.command(id);
                pump(inner, None);
                p
            }
        }
    }
}

/// The command of a method's call from its argument object (`x`: the arguments, or the
/// options where the method has no arguments; `params` of `signal`, `request` of `send`,
/// which also gives the target).
fn build(m: Method, reader: Reader, x: &JsValue, target: &mut Option<String>) -> Result<Command, AgentwireError> {
    let (kind, data) = match reader {
        Reader::Empty(kind) => (kind, Json::object()),
        Reader::Table(kind, object, fields) => {
            if let Some(name) = object {
                options(x, name)?;
            }
            (kind, Json::Object(read_fields(x, fields)?))
        }
        Reader::Custom => return custom(m, x, target),
    };
    Command::from_data(kind, &data).map_err(|e| AgentwireError::invalid("data", e.msg()))
}

/// The data of a [`Reader::Table`]: each field read in order, an absent one left out (and an
/// object member with nothing in it).
fn read_fields(x: &JsValue, fields: &[Field]) -> Result<Map, AgentwireError> {
    let mut data = Map::new();
    for &(js, outer, key, read) in fields {
        let value = match read {
            Read::Required => Some(Json::String(req_string(x, js)?)),
            Read::Text => opt_string(x, js)?.map(Json::String),
            Read::Flag => opt_bool(x, js)?.map(Json::Bool),
            Read::Type => Some(Json::String(AddChannel::spelling(req_string(x, js)?))),
            Read::Object => match get(x, js) {
                v if v.is_undefined() => Some(Json::object()),
                v => match from_js(&v, js)? {
                    o @ Json::Object(_) => Some(o),
                    _ => return Err(AgentwireError::bad(Code::MustBeObject, js)),
                },
            },
            Read::Fixed(v) => Some(Json::str(v)),
        };
        let Some(value) = value else { continue };
        let into = if outer.is_empty() {
            &mut data
        } else {
            if !data.iter().any(|(k, _)| k == outer) {
                data.push((outer.to_owned(), Json::object()));
            }
            // (No index: an index check would link the panic that formats numbers.)
            match data.iter_mut().find(|(k, _)| k == outer) {
                Some((_, Json::Object(m))) => m,
                _ => continue,
            }
        };
        into.push((key.to_owned(), value));
    }
    Ok(data)
}

/// The methods whose arguments the table cannot say: `signal` (`p1` … `p20`), `send` (any
/// command).
fn custom(m: Method, x: &JsValue, target: &mut Option<String>) -> Result<Command, AgentwireError> {
    Ok(match m {
        Method::Signal => {
            options(x, "params")?;
            let data = SignalData::from_page(&from_js(x, "params")?);
            Command::Signal(data.map_err(|e| AgentwireError::invalid("params", e))?)
        }
        // The escape hatch for commands this version does not know: a known command name is
        // checked like its method (its target and data must fit).
        _ => {
            options(x, "request")?;
            let name = req_string(x, "command")?;
            *target = opt_string(x, "target")?;
            let data = from_js(&get(x, "data"), "data")?;
            Command::decode(&name, &data).map_err(|e| AgentwireError::invalid("data", e.msg()))?
        }
    })
}
