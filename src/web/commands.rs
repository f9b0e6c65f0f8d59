//! One method per command of PROTOCOL.md, and the submit path they share. Each reads its
//! arguments (rejecting bad input before anything is sent), builds the typed command (with
//! the core's constructors wherever the protocol decides a spelling or a default) and hands
//! it to the engine, which checks it against the model (unknown channel, reason code not in
//! the list, …); its Promise settles when the pump sees the command end.
//!
//! Every method takes a final options object `{ until?: "accepted" | "applied", timeoutMs? }`
//! (merged into the argument object where the command has arguments). `until: "applied"`
//! resolves only once the confirming event has updated the model.

use super::convert::{self, from_js, get, opt_bool, opt_string, opt_u64, options, req_string, target_arg};
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
    /// Submits a command and returns its Promise (rejected at once for bad input).
    fn run(&self, command: Result<Command, AgentwireError>, target: Option<String>, opts: &JsValue) -> Promise {
        let prepared = command.and_then(|c| call_options(opts).map(|o| (c, o)));
        let (command, opts) = match prepared {
            Ok(x) => x,
            Err(e) => return Promise::reject(&e.into_js()),
        };
        let now = now();
        let inner = self.inner();
        let submitted = {
            let mut i = inner.borrow_mut();
            i.engine.submit(now, command, target.as_deref(), opts)
        };
        match submitted {
            Err(e) => Promise::reject(&AgentwireError::from(&e).into_js()),
            Ok(id) => {
                let p = inner.borrow_mut().promises.command(id);
                pump(inner, None);
                p
            }
        }
    }

    /// [`AgentSession::run`] on the object `target` (a target string or a snapshot of
    /// `what`).
    fn on(
        &self,
        target: &JsValue,
        what: &str,
        opts: &JsValue,
        make: impl FnOnce() -> Result<Command, AgentwireError>,
    ) -> Promise {
        match target_arg(target, what) {
            Ok(t) => self.run(make(), Some(t), opts),
            Err(e) => Promise::reject(&e.into_js()),
        }
    }
}

fn activate_data(o: &JsValue) -> Result<ActivateData, AgentwireError> {
    options(o, "options")?;
    Ok(ActivateData::new(opt_string(o, "queue")?))
}

fn deactivate_data(o: &JsValue) -> Result<DeactivateData, AgentwireError> {
    options(o, "options")?;
    Ok(DeactivateData::new(opt_string(o, "queue")?, opt_string(o, "reason")?))
}

#[wasm_bindgen]
impl AgentSession {
    /// `channel.ready`: makes the agent ready on an ACTIVE channel.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"ready\"]>")]
    pub fn ready(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::Ready(Empty::new())))
    }

    /// `channel.notready` with a reason code from {@link AgentSession.notReadyReasons}.
    #[wasm_bindgen(js_name = notReady, unchecked_return_type = "Promise<CommandResults[\"notReady\"]>")]
    pub fn not_ready(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "NotReadyArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", args, || {
            options(args, "args")?;
            let reasoncode = req_string(args, "reasonCode")?;
            Ok(Command::NotReady(NotReadyData::new(&reasoncode, opt_string(args, "reasonDesc")?)))
        })
    }

    /// `channel.notready` with the reason code `acw`: after-call work.
    #[wasm_bindgen(js_name = afterCallWork, unchecked_return_type = "Promise<CommandResults[\"afterCallWork\"]>")]
    pub fn after_call_work(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ reasonDesc?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || {
            Ok(Command::NotReady(NotReadyData::after_call_work(opt_string(options, "reasonDesc")?)))
        })
    }

    /// `channel.activate`: logs the agent into a channel (optionally a queue).
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"activate\"]>")]
    pub fn activate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::Activate(activate_data(options)?)))
    }

    /// `channel.deactivate`: logs the agent out of a channel, with an optional logout
    /// reason code from {@link AgentSession.logoutReasons}.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"deactivate\"]>")]
    pub fn deactivate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string; reason?: string } & CallOptions")]
        options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::Deactivate(deactivate_data(options)?)))
    }

    /// `channel.dial`: dials out on a telephony channel. Resolves with the echoed data; with
    /// `until: "applied"`, once the new interaction exists.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"dial\"]>")]
    pub fn dial(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "DialArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", args, || {
            options(args, "args")?;
            let destination = req_string(args, "destination")?;
            let ext = get(args, "extensions");
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
            Ok(Command::Dial(DialData::new(destination, extensions)))
        })
    }

    /// `channel.request.incontact.getscripts`: the scripts of a channel (also kept on the
    /// channel's snapshot).
    #[wasm_bindgen(js_name = getScripts, unchecked_return_type = "Promise<CommandResults[\"getScripts\"]>")]
    pub fn get_scripts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::GetScripts(Empty::new())))
    }

    /// `channelgroup.request.activate`: activates one channel of a group.
    #[wasm_bindgen(js_name = activateGroup, unchecked_return_type = "Promise<CommandResults[\"activateGroup\"]>")]
    pub fn activate_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupActivate(activate_data(options)?)))
    }

    /// `channelgroup.request.activateall`: activates every channel of a group, stopping at
    /// the first failure.
    #[wasm_bindgen(js_name = activateAll, unchecked_return_type = "Promise<CommandResults[\"activateAll\"]>")]
    pub fn activate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupActivateAll(activate_data(options)?)))
    }

    /// `channelgroup.request.deactivateall`: deactivates every channel of a group (going not
    /// ready first where ready).
    #[wasm_bindgen(js_name = deactivateAll, unchecked_return_type = "Promise<CommandResults[\"deactivateAll\"]>")]
    pub fn deactivate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string; reason?: string } & CallOptions")]
        options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupDeactivateAll(deactivate_data(options)?)))
    }

    /// `session.request.addchannel` (legacy `session.addchannel`).
    #[wasm_bindgen(js_name = addChannel, unchecked_return_type = "Promise<CommandResults[\"addChannel\"]>")]
    pub fn add_channel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddChannelArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        let cmd = options(args, "args").and_then(|()| {
            Ok(Command::AddChannel(AddChannel::new(req_string(args, "endpoint")?, req_string(args, "type")?)))
        });
        self.run(cmd, None, args)
    }

    /// `session.addchannelgroup` (current `session.request.addchannelgroup`).
    #[wasm_bindgen(js_name = addChannelGroup, unchecked_return_type = "Promise<CommandResults[\"addChannelGroup\"]>")]
    pub fn add_channel_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ name: string } & CallOptions")] args: &JsValue,
    ) -> Promise {
        let cmd = options(args, "args")
            .and_then(|()| Ok(Command::AddChannelGroup(AddChannelGroup::new(&req_string(args, "name")?))));
        self.run(cmd, None, args)
    }

    /// `session.request.externalnotreadyreasons`: asks for the not-ready reasons (they
    /// arrive as `session.externalnotreadyreasons.updated`).
    #[wasm_bindgen(js_name = requestNotReadyReasons, unchecked_return_type = "Promise<CommandResults[\"requestNotReadyReasons\"]>")]
    pub fn request_not_ready_reasons(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::RequestNotReadyReasons(Empty::new())), None, options)
    }

    /// `session.request.externallogoutreasons`: asks for the logout reasons.
    #[wasm_bindgen(js_name = requestLogoutReasons, unchecked_return_type = "Promise<CommandResults[\"requestLogoutReasons\"]>")]
    pub fn request_logout_reasons(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::RequestLogoutReasons(Empty::new())), None, options)
    }

    /// `session.request.incontact.addressbook`: reads the address books (also kept in
    /// {@link AgentSession.addressBooks}).
    #[wasm_bindgen(js_name = addressBook, unchecked_return_type = "Promise<CommandResults[\"addressBook\"]>")]
    pub fn address_book(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ realtime?: boolean } & CallOptions")] options: &JsValue,
    ) -> Promise {
        let cmd = convert::options(options, "options")
            .and_then(|()| Ok(Command::AddressBook(AddressBookRequest::new(opt_bool(options, "realtime")?))));
        self.run(cmd, None, options)
    }

    /// `session.request.incontact.agentleg.connect`.
    #[wasm_bindgen(js_name = agentLegConnect, unchecked_return_type = "Promise<CommandResults[\"agentLegConnect\"]>")]
    pub fn agent_leg_connect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::AgentLegConnect(Empty::new())), None, options)
    }

    /// `session.request.incontact.agentleg.disconnect`.
    #[wasm_bindgen(js_name = agentLegDisconnect, unchecked_return_type = "Promise<CommandResults[\"agentLegDisconnect\"]>")]
    pub fn agent_leg_disconnect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::AgentLegDisconnect(Empty::new())), None, options)
    }

    /// `interaction.accept`: accepts an alerting interaction.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"accept\"]>")]
    pub fn accept(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::Accept(Empty::new())))
    }

    /// `conversation.answer`: answers an alerting call (preferred over accept for inbound
    /// telephony).
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"answer\"]>")]
    pub fn answer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConversationRef")] conversation: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(conversation, "conversation", options, || Ok(Command::Answer(Empty::new())))
    }

    /// `interaction.request.consult` (both dialects): places a consult call
    /// from an established interaction, for {@link AgentSession.consultTransfer} and
    /// {@link AgentSession.consultConference}. INFERRED: PROTOCOL.md recovered no such
    /// command; servers without it answer `UNKNOWN_COMMAND`.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"consult\"]>")]
    pub fn consult(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "DialArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", args, || {
            options(args, "args")?;
            let destination = req_string(args, "destination")?;
            Ok(Command::Consult(ConsultData::new(destination)))
        })
    }

    /// `interaction.consulttransfer`: joins the original party with the consult party.
    #[wasm_bindgen(js_name = consultTransfer, unchecked_return_type = "Promise<CommandResults[\"consultTransfer\"]>")]
    pub fn consult_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::ConsultTransfer(Empty::new())))
    }

    /// `interaction.consultconference`: brings the consult party into the call.
    #[wasm_bindgen(js_name = consultConference, unchecked_return_type = "Promise<CommandResults[\"consultConference\"]>")]
    pub fn consult_conference(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::ConsultConference(Empty::new())))
    }

    /// `interaction.request.recording.start`.
    #[wasm_bindgen(js_name = startRecording, unchecked_return_type = "Promise<CommandResults[\"startRecording\"]>")]
    pub fn start_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingStart(Empty::new())))
    }

    /// `interaction.request.recording.stop` (succeeds when already stopped).
    #[wasm_bindgen(js_name = stopRecording, unchecked_return_type = "Promise<CommandResults[\"stopRecording\"]>")]
    pub fn stop_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingStop(Empty::new())))
    }

    /// `interaction.request.recording.pause` (telephony; `UNSUPPORTED` on some platforms).
    #[wasm_bindgen(js_name = pauseRecording, unchecked_return_type = "Promise<CommandResults[\"pauseRecording\"]>")]
    pub fn pause_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingPause(Empty::new())))
    }

    /// `interaction.request.recording.resume`.
    #[wasm_bindgen(js_name = resumeRecording, unchecked_return_type = "Promise<CommandResults[\"resumeRecording\"]>")]
    pub fn resume_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingResume(Empty::new())))
    }

    /// `interaction.request.incontact.signal`: `params` holds `p1` … `p20` (strings; only
    /// those with a value).
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"signal\"]>")]
    pub fn signal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "SignalParams")] params: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || {
            convert::options(params, "params")?;
            let data = SignalData::from_page(&from_js(params, "params")?);
            Ok(Command::Signal(data.map_err(|e| AgentwireError::invalid("params", e))?))
        })
    }

    /// `session.request.logout`: ends the session (the server refuses while an interaction
    /// is ongoing). On success the session closes with reason `loggedOut`.
    #[wasm_bindgen(unchecked_return_type = "Promise<CommandResults[\"logout\"]>")]
    pub fn logout(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue) -> Promise {
        self.run(Ok(Command::Logout(Empty::new())), None, options)
    }

    /// Sends any command with the same correlation, timeouts and checks: the escape hatch
    /// for commands this version does not know. A known command name is checked like its
    /// method (its target and data must fit).
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn send(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WireRequest")] request: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        let parsed = (|| {
            convert::options(request, "request")?;
            let name = req_string(request, "command")?;
            let target = opt_string(request, "target")?;
            let data = from_js(&get(request, "data"), "data")?;
            let cmd = Command::decode(&name, &data).map_err(|e| AgentwireError::invalid("data", e.msg()))?;
            Ok((cmd, target))
        })();
        match parsed {
            Ok((cmd, target)) => self.run(Ok(cmd), target, options),
            Err(e) => Promise::reject(&AgentwireError::into_js(e)),
        }
    }
}
