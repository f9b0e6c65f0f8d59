//! One method per command of PROTOCOL.md. Each reads its arguments (rejecting bad input
//! before anything is sent), builds the typed command and hands it to the engine; the
//! engine checks it against the model (unknown channel, reason code not in the list, …).
//!
//! Every method takes a final options object `{ until?: "accepted" | "applied", timeoutMs? }`
//! (merged into the argument object where the command has arguments). `until: "applied"`
//! resolves only once the confirming event has updated the model.

use super::convert::{from_js, get, opt_bool, opt_string, options, req_string, target_arg};
use super::error::AgentwireError;
use super::session::AgentSession;
use crate::proto::wire::*;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

fn at(v: &JsValue, what: &str) -> Result<String, AgentwireError> {
    target_arg(v, what)
}

impl AgentSession {
    fn on(
        &self,
        target: &JsValue,
        what: &str,
        opts: &JsValue,
        make: impl FnOnce() -> Result<Command, AgentwireError>,
    ) -> Promise {
        match at(target, what) {
            Ok(t) => self.run(make(), Some(t), opts),
            Err(e) => Promise::reject(&e.into_js()),
        }
    }
}

fn activate_data(o: &JsValue) -> Result<ActivateData, AgentwireError> {
    options(o, "options")?;
    let queue = opt_string(o, "queue")?;
    Ok(ActivateData { channeloptions: queue.map(|q| ActivateOptions { queue: Some(q), extra: vec![] }), extra: vec![] })
}

fn deactivate_data(o: &JsValue) -> Result<DeactivateData, AgentwireError> {
    options(o, "options")?;
    let queue = opt_string(o, "queue")?;
    let reason = opt_string(o, "reason")?;
    let channel_options =
        (queue.is_some() || reason.is_some()).then(|| DeactivateOptions { queue, reason, extra: vec![] });
    Ok(DeactivateData { channel_options, extra: vec![] })
}

#[wasm_bindgen]
impl AgentSession {
    /// `channel.ready`: makes the agent ready on an ACTIVE channel.
    pub fn ready(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::Ready(Empty::new())))
    }

    /// `channel.notready` with a reason code from {@link AgentSession.notReadyReasons}.
    #[wasm_bindgen(js_name = notReady, unchecked_return_type = "Promise<NotReadyArgs>")]
    pub fn not_ready(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "NotReadyArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", args, || {
            options(args, "args")?;
            let reasoncode = req_string(args, "reasonCode")?;
            Ok(Command::NotReady(NotReadyData {
                reasoncode,
                reasondesc: opt_string(args, "reasonDesc")?,
                extra: vec![],
            }))
        })
    }

    /// `channel.notready` with the reason code `acw`: after-call work.
    #[wasm_bindgen(js_name = afterCallWork)]
    pub fn after_call_work(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ reasonDesc?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || {
            Ok(Command::NotReady(NotReadyData {
                reasoncode: "acw".into(),
                reasondesc: opt_string(options, "reasonDesc")?,
                extra: vec![],
            }))
        })
    }

    /// `channel.activate`: logs the agent into a channel (optionally a queue).
    pub fn activate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::Activate(activate_data(options)?)))
    }

    /// `channel.deactivate`: logs the agent out of a channel, with an optional logout
    /// reason code from {@link AgentSession.logoutReasons}.
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
    pub fn dial(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "DialArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", args, || {
            options(args, "args")?;
            let destination = req_string(args, "destination")?;
            let ext = get(args, "extensions");
            // PROTOCOL 3.2 shows `extensions` in every dial [V]: `{}` when the page gives none.
            let extensions = if ext.is_undefined() {
                Some(Object(Vec::new()))
            } else {
                match from_js(&ext, "extensions")? {
                    crate::proto::json::Json::Object(m) => Some(Object(m)),
                    _ => return Err(AgentwireError::invalid("extensions", "extensions must be an object")),
                }
            };
            Ok(Command::Dial(DialData { destination, extensions, extra: vec![] }))
        })
    }

    /// `channel.request.incontact.getscripts`: the scripts of a channel (also kept on the
    /// channel's snapshot).
    #[wasm_bindgen(js_name = getScripts, unchecked_return_type = "Promise<{ scripts: Script[] }>")]
    pub fn get_scripts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelRef")] channel: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(channel, "channel", options, || Ok(Command::GetScripts(Empty::new())))
    }

    /// `channelgroup.request.activate`: activates one channel of a group.
    #[wasm_bindgen(js_name = activateGroup)]
    pub fn activate_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupActivate(activate_data(options)?)))
    }

    /// `channelgroup.request.activateall`: activates every channel of a group, stopping at
    /// the first failure.
    #[wasm_bindgen(js_name = activateAll)]
    pub fn activate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string } & CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupActivateAll(activate_data(options)?)))
    }

    /// `channelgroup.request.deactivateall`: deactivates every channel of a group (going not
    /// ready first where ready).
    #[wasm_bindgen(js_name = deactivateAll)]
    pub fn deactivate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChannelGroupRef")] group: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ queue?: string; reason?: string } & CallOptions")]
        options: &JsValue,
    ) -> Promise {
        self.on(group, "channel group", options, || Ok(Command::GroupDeactivateAll(deactivate_data(options)?)))
    }

    /// `session.request.addchannel` (legacy `session.addchannel`).
    #[wasm_bindgen(js_name = addChannel)]
    pub fn add_channel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddChannelArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        let cmd = options(args, "args").and_then(|()| {
            Ok(Command::AddChannel(AddChannel {
                channel: NewChannel {
                    endpoint: req_string(args, "endpoint")?,
                    kind: addchannel_type(req_string(args, "type")?),
                    extra: vec![],
                },
                extra: vec![],
            }))
        });
        self.run(cmd, None, args)
    }

    /// `session.addchannelgroup` (current `session.request.addchannelgroup`).
    #[wasm_bindgen(js_name = addChannelGroup)]
    pub fn add_channel_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ name: string } & CallOptions")] args: &JsValue,
    ) -> Promise {
        let cmd = options(args, "args").and_then(|()| {
            Ok(Command::AddChannelGroup(AddChannelGroup {
                channelgroup: NewChannelGroup { name: req_string(args, "name")?, extra: vec![] },
                extra: vec![],
            }))
        });
        self.run(cmd, None, args)
    }

    /// `session.request.externalnotreadyreasons`: asks for the not-ready reasons (they
    /// arrive as `session.externalnotreadyreasons.updated`).
    #[wasm_bindgen(js_name = requestNotReadyReasons)]
    pub fn request_not_ready_reasons(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::RequestNotReadyReasons(Empty::new())), None, options)
    }

    /// `session.request.externallogoutreasons`: asks for the logout reasons.
    #[wasm_bindgen(js_name = requestLogoutReasons)]
    pub fn request_logout_reasons(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::RequestLogoutReasons(Empty::new())), None, options)
    }

    /// `session.request.incontact.addressbook`: reads the address books (also kept in
    /// {@link AgentSession.addressBooks}).
    #[wasm_bindgen(js_name = addressBook, unchecked_return_type = "Promise<{ addressbooks: AddressBook[] }>")]
    pub fn address_book(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ realtime?: boolean } & CallOptions")] options: &JsValue,
    ) -> Promise {
        let cmd = super::convert::options(options, "options").and_then(|()| {
            Ok(Command::AddressBook(AddressBookRequest { realtime: opt_bool(options, "realtime")?, extra: vec![] }))
        });
        self.run(cmd, None, options)
    }

    /// `session.request.incontact.agentleg.connect`.
    #[wasm_bindgen(js_name = agentLegConnect)]
    pub fn agent_leg_connect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::AgentLegConnect(Empty::new())), None, options)
    }

    /// `session.request.incontact.agentleg.disconnect`.
    #[wasm_bindgen(js_name = agentLegDisconnect)]
    pub fn agent_leg_disconnect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.run(Ok(Command::AgentLegDisconnect(Empty::new())), None, options)
    }

    /// `interaction.accept`: accepts an alerting interaction.
    pub fn accept(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::Accept(Empty::new())))
    }

    /// `conversation.answer`: answers an alerting call (preferred over accept for inbound
    /// telephony).
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
    pub fn consult(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "DialArgs & CallOptions")] args: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", args, || {
            options(args, "args")?;
            let destination = req_string(args, "destination")?;
            Ok(Command::Consult(ConsultData { destination, extensions: None, extra: vec![] }))
        })
    }

    /// `interaction.consulttransfer`: joins the original party with the consult party.
    #[wasm_bindgen(js_name = consultTransfer)]
    pub fn consult_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::ConsultTransfer(Empty::new())))
    }

    /// `interaction.consultconference`: brings the consult party into the call.
    #[wasm_bindgen(js_name = consultConference)]
    pub fn consult_conference(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::ConsultConference(Empty::new())))
    }

    /// `interaction.request.recording.start`.
    #[wasm_bindgen(js_name = startRecording)]
    pub fn start_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingStart(Empty::new())))
    }

    /// `interaction.request.recording.stop` (succeeds when already stopped).
    #[wasm_bindgen(js_name = stopRecording)]
    pub fn stop_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingStop(Empty::new())))
    }

    /// `interaction.request.recording.pause` (telephony; `UNSUPPORTED` on some platforms).
    #[wasm_bindgen(js_name = pauseRecording)]
    pub fn pause_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingPause(Empty::new())))
    }

    /// `interaction.request.recording.resume`.
    #[wasm_bindgen(js_name = resumeRecording)]
    pub fn resume_recording(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || Ok(Command::RecordingResume(Empty::new())))
    }

    /// `interaction.request.incontact.signal`: `params` holds `p1` … `p20` (strings; only
    /// those with a value).
    pub fn signal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InteractionRef")] interaction: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "SignalParams")] params: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: &JsValue,
    ) -> Promise {
        self.on(interaction, "interaction", options, || {
            super::convert::options(params, "params")?;
            let json = from_js(params, "params")?;
            let data = SignalData::from_json(&json).map_err(|e| AgentwireError::invalid("params", e.to_string()))?;
            if !data.extra.is_empty() {
                return Err(AgentwireError::invalid("params", "only p1 … p20 are allowed"));
            }
            Ok(Command::Signal(data))
        })
    }

    /// `session.request.logout`: ends the session (the server refuses while an interaction
    /// is ongoing). On success the session closes with reason `loggedOut`.
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
            super::convert::options(request, "request")?;
            let name = req_string(request, "command")?;
            let target = opt_string(request, "target")?;
            let data = from_js(&get(request, "data"), "data")?;
            let cmd = Command::decode(&name, &data).map_err(|e| AgentwireError::invalid("data", e.to_string()))?;
            Ok((cmd, target))
        })();
        match parsed {
            Ok((cmd, target)) => self.run(Ok(cmd), target, options),
            Err(e) => Promise::reject(&AgentwireError::into_js(e)),
        }
    }
}

/// PROTOCOL 1.11: `session.request.addchannel` spells the channel types `Telephony | Chat |
/// Email`, while `channel.created` (and so the model) spells them in upper case: a page that
/// passes a type it read from the model gets the request's spelling. Other types pass as is.
fn addchannel_type(t: String) -> String {
    for known in ["Telephony", "Chat", "Email"] {
        if t.eq_ignore_ascii_case(known) {
            return known.to_owned();
        }
    }
    t
}
