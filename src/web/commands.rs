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
//! The page's methods are JS (issue 14): one wasm export, `__command(method, a, b, c)`, takes
//! the method's index in the `methods!` table below and the call's arguments as they came;
//! `js/entry.js` defines each method on the class from `COMMANDS`, the same names in the same
//! order, and `js/commands.d.ts` declares and documents them (`tests/tables.rs` holds the
//! three together). One export instead of one per method: each wasm-bindgen export is its own
//! shim with the submit path inlined (29 of them were 17 KB of the wasm).

use super::convert::{from_js, get, opt_bool, opt_string, opt_u64, options, req_string, target_arg};
use super::error::AgentwireError;
use super::pump::pump;
use super::session::AgentSession;
use super::timer::now;
use crate::proto::engine::SubmitOptions;
use crate::proto::json::Json;
use crate::proto::text::{Code, Msg};
use crate::proto::wire::*;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// The command methods. Each line: the variant, the JS method's name, the Rust method of the
/// same call (for Rust callers: the browser suites) with its parameters, and the kind of
/// object its first argument names (`None`: it names none).
macro_rules! methods {
    ($( $variant:ident $js:literal $rust:ident($($arg:ident),*) $target:expr; )*) => {
        /// A command method, by its index in the table (`COMMANDS` in `js/entry.js`).
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Method { $($variant),* }

        const METHODS: &[Method] = &[$(Method::$variant),*];

        impl Method {
            /// The kind of object the first argument names (its target), if any.
            fn target(self) -> Option<&'static str> {
                match self { $(Method::$variant => $target),* }
            }
        }

        impl AgentSession {
            $(
                #[doc = concat!("`session.", $js, "(…)` of the page (declared and documented in `js/commands.d.ts`).")]
                pub fn $rust(&self, $($arg: &JsValue),*) -> Promise {
                    let none = JsValue::UNDEFINED;
                    let a = [$($arg,)* &none, &none];
                    self.call(Method::$variant, a[0], a[1], a[2])
                }
            )*
        }
    };
}

methods! {
    Ready "ready" ready(channel, options) Some("channel");
    NotReady "notReady" not_ready(channel, args) Some("channel");
    AfterCallWork "afterCallWork" after_call_work(channel, options) Some("channel");
    Activate "activate" activate(channel, options) Some("channel");
    Deactivate "deactivate" deactivate(channel, options) Some("channel");
    Dial "dial" dial(channel, args) Some("channel");
    GetScripts "getScripts" get_scripts(channel, options) Some("channel");
    ActivateGroup "activateGroup" activate_group(group, options) Some("channel group");
    ActivateAll "activateAll" activate_all(group, options) Some("channel group");
    DeactivateAll "deactivateAll" deactivate_all(group, options) Some("channel group");
    AddChannel "addChannel" add_channel(args) None;
    AddChannelGroup "addChannelGroup" add_channel_group(args) None;
    RequestNotReadyReasons "requestNotReadyReasons" request_not_ready_reasons(options) None;
    RequestLogoutReasons "requestLogoutReasons" request_logout_reasons(options) None;
    AddressBook "addressBook" address_book(options) None;
    AgentLegConnect "agentLegConnect" agent_leg_connect(options) None;
    AgentLegDisconnect "agentLegDisconnect" agent_leg_disconnect(options) None;
    Accept "accept" accept(interaction, options) Some("interaction");
    Answer "answer" answer(conversation, options) Some("conversation");
    Consult "consult" consult(interaction, args) Some("interaction");
    ConsultTransfer "consultTransfer" consult_transfer(interaction, options) Some("interaction");
    ConsultConference "consultConference" consult_conference(interaction, options) Some("interaction");
    StartRecording "startRecording" start_recording(interaction, options) Some("interaction");
    StopRecording "stopRecording" stop_recording(interaction, options) Some("interaction");
    PauseRecording "pauseRecording" pause_recording(interaction, options) Some("interaction");
    ResumeRecording "resumeRecording" resume_recording(interaction, options) Some("interaction");
    Signal "signal" signal(interaction, params, options) Some("interaction");
    Logout "logout" logout(options) None;
    Send "send" send(request, options) None;
}

#[wasm_bindgen]
impl AgentSession {
    /// The one export of the command methods: `method` is the index of the method in the
    /// `methods!` table (`COMMANDS` in `js/entry.js`), `a`, `b`, `c` its arguments as the page
    /// gave them.
    #[wasm_bindgen(js_name = __command, skip_typescript)]
    pub fn command(&self, method: u32, a: &JsValue, b: &JsValue, c: &JsValue) -> Promise {
        match METHODS.get(method as usize) {
            Some(m) => self.call(*m, a, b, c),
            None => {
                reject(AgentwireError::invalid("method", Msg::new(Code::InvalidArgument).arg("method").arg(method)))
            }
        }
    }
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
        return Err(AgentwireError::invalid("timeoutMs", Msg::new(Code::MustBePositive).arg("timeoutMs")));
    }
    Ok(SubmitOptions { until_applied, timeout })
}

impl AgentSession {
    /// A command method's call: its target (the first argument, when the method names one),
    /// then its arguments, then its options, each rejecting at once when bad.
    fn call(&self, m: Method, a: &JsValue, b: &JsValue, c: &JsValue) -> Promise {
        let (mut target, args, next) = match m.target() {
            Some(what) => match target_arg(a, what) {
                Ok(t) => (Some(t), b, c),
                Err(e) => return reject(e),
            },
            None => (None, a, b),
        };
        // The options are merged into the argument object, but for `signal(params, options)`
        // and `send(request, options)`.
        let opts = if matches!(m, Method::Signal | Method::Send) { next } else { args };
        let command = build(m, args, &mut target);
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
            let mut i = inner.borrow_mut();
            i.engine.submit(now, command, target.as_deref(), opts)
        };
        match submitted {
            Err(e) => reject(AgentwireError::from(&e)),
            Ok(id) => {
                let p = inner.borrow_mut().promises.command(id);
                pump(inner, None);
                p
            }
        }
    }
}

/// The command of a method's call from its argument object (`x`: the arguments, or the
/// options where the method has no arguments; `params` of `signal`, `request` of `send`,
/// which also gives the target).
fn build(m: Method, x: &JsValue, target: &mut Option<String>) -> Result<Command, AgentwireError> {
    use Method as M;
    Ok(match m {
        M::Ready => Command::Ready(Empty::new()),
        M::NotReady => {
            options(x, "args")?;
            let reasoncode = req_string(x, "reasonCode")?;
            Command::NotReady(NotReadyData::new(&reasoncode, opt_string(x, "reasonDesc")?))
        }
        M::AfterCallWork => Command::NotReady(NotReadyData::after_call_work(opt_string(x, "reasonDesc")?)),
        M::Activate => Command::Activate(activate_data(x)?),
        M::Deactivate => Command::Deactivate(deactivate_data(x)?),
        M::Dial => {
            options(x, "args")?;
            let destination = req_string(x, "destination")?;
            let ext = get(x, "extensions");
            let extensions = if ext.is_undefined() {
                None
            } else {
                match from_js(&ext, "extensions")? {
                    Json::Object(m) => Some(m),
                    _ => {
                        return Err(AgentwireError::invalid(
                            "extensions",
                            Msg::new(Code::MustBeObject).arg("extensions"),
                        ))
                    }
                }
            };
            Command::Dial(DialData::new(destination, extensions))
        }
        M::GetScripts => Command::GetScripts(Empty::new()),
        M::ActivateGroup => Command::GroupActivate(activate_data(x)?),
        M::ActivateAll => Command::GroupActivateAll(activate_data(x)?),
        M::DeactivateAll => Command::GroupDeactivateAll(deactivate_data(x)?),
        M::AddChannel => {
            options(x, "args")?;
            Command::AddChannel(AddChannel::new(req_string(x, "endpoint")?, req_string(x, "type")?))
        }
        M::AddChannelGroup => {
            options(x, "args")?;
            Command::AddChannelGroup(AddChannelGroup::new(&req_string(x, "name")?))
        }
        M::RequestNotReadyReasons => Command::RequestNotReadyReasons(Empty::new()),
        M::RequestLogoutReasons => Command::RequestLogoutReasons(Empty::new()),
        M::AddressBook => {
            options(x, "options")?;
            Command::AddressBook(AddressBookRequest::new(opt_bool(x, "realtime")?))
        }
        M::AgentLegConnect => Command::AgentLegConnect(Empty::new()),
        M::AgentLegDisconnect => Command::AgentLegDisconnect(Empty::new()),
        M::Accept => Command::Accept(Empty::new()),
        M::Answer => Command::Answer(Empty::new()),
        M::Consult => {
            options(x, "args")?;
            Command::Consult(ConsultData::new(req_string(x, "destination")?))
        }
        M::ConsultTransfer => Command::ConsultTransfer(Empty::new()),
        M::ConsultConference => Command::ConsultConference(Empty::new()),
        M::StartRecording => Command::RecordingStart(Empty::new()),
        M::StopRecording => Command::RecordingStop(Empty::new()),
        M::PauseRecording => Command::RecordingPause(Empty::new()),
        M::ResumeRecording => Command::RecordingResume(Empty::new()),
        M::Signal => {
            options(x, "params")?;
            let data = SignalData::from_page(&from_js(x, "params")?);
            Command::Signal(data.map_err(|e| AgentwireError::invalid("params", e))?)
        }
        M::Logout => Command::Logout(Empty::new()),
        // The escape hatch for commands this version does not know: a known command name is
        // checked like its method (its target and data must fit).
        M::Send => {
            options(x, "request")?;
            let name = req_string(x, "command")?;
            *target = opt_string(x, "target")?;
            let data = from_js(&get(x, "data"), "data")?;
            Command::decode(&name, &data).map_err(|e| AgentwireError::invalid("data", e.msg()))?
        }
    })
}

fn activate_data(o: &JsValue) -> Result<ActivateData, AgentwireError> {
    options(o, "options")?;
    Ok(ActivateData::new(opt_string(o, "queue")?))
}

fn deactivate_data(o: &JsValue) -> Result<DeactivateData, AgentwireError> {
    options(o, "options")?;
    Ok(DeactivateData::new(opt_string(o, "queue")?, opt_string(o, "reason")?))
}
