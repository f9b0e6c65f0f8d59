//! The `data` of the commands the page sends (PROTOCOL.md §2.4, §3), kept as checked JSON
//! (issue 14): each is a table for the schema decoder (`schema.rs`), a constructor that
//! writes what the protocol wants (`args.rs` for those with a rule), and accessors for the
//! members the core reads (argument checks, "applied" predicates, the simulator). What the
//! decoder gives, and what the constructors build, is what typed structs gave when encoded:
//! the table's members in declared order, an absent or `null` optional one left out, members
//! the table does not name after them as they came.
//!
//! Field names are the protocol's own, casing quirks included (PROTOCOL.md 1.11:
//! `channeloptions` in activate, `channelOptions` in deactivate, `reasoncode` in notready).

use super::schema::Shape::{self, Bool, Str};
use super::schema::{flag, opt, payload, req, text};
use crate::proto::json::{Json, Map};

/// An object of the members that have a value, in this order (the constructors here and in
/// `args.rs`).
pub(super) fn object(members: &[(&str, Option<Json>)]) -> Json {
    let mut m = Map::new();
    for (k, v) in members {
        if let Some(v) = v {
            m.push(((*k).to_owned(), v.clone()));
        }
    }
    Json::Object(m)
}

/// The string member `key` of the object member `outer`.
fn inner<'a>(v: &'a Json, outer: &str, key: &str) -> Option<&'a str> {
    v.get(outer).and_then(|o| text(o, key))
}

/// A free-form object (`extensions`): every member kept as it came.
const FREE: Shape = Shape::Object(&[]);

payload! {
    /// `prepareSession` request data (PROTOCOL.md 2.4, **[V]**): the call `model` the
    /// processor should use; `override` (replace an existing session of this agent; absent
    /// reads as `false`, the documented first attempt); the `agent`'s `id` and `password`
    /// (never logged or recorded by agentwire).
    PrepareSession = {
        static SHAPE: Shape = Shape::Object(&[
            opt("model", &Str),
            opt("override", &Bool),
            req("agent", &Shape::Object(&[req("id", &Str), req("password", &Str)])),
        ]);
        &SHAPE
    }
}

impl PrepareSession {
    /// The data for agent `id` with `password`.
    pub fn new(model: Option<String>, overriding: Option<bool>, id: &str, password: &str) -> PrepareSession {
        let agent = object(&[("id", Some(Json::str(id))), ("password", Some(Json::str(password)))]);
        PrepareSession(object(&[
            ("model", model.map(Json::String)),
            ("override", overriding.map(Json::Bool)),
            ("agent", Some(agent)),
        ]))
    }

    /// The agent id.
    pub fn agent_id(&self) -> &str {
        inner(&self.0, "agent", "id").unwrap_or_default()
    }

    /// The agent's password.
    pub fn password(&self) -> &str {
        inner(&self.0, "agent", "password").unwrap_or_default()
    }

    /// `override`, when given.
    pub fn overriding(&self) -> Option<bool> {
        flag(&self.0, "override")
    }
}

payload! {
    /// `session.request.addchannel` data: `{"channel": {"endpoint", "type"}}`, the CTI's
    /// identifier for the channel (the extension for telephony) and `Telephony | Chat | Email`
    /// (title case here, upper case in `channel.created`).
    AddChannel = {
        static SHAPE: Shape = Shape::Object(&[req("channel", &Shape::Object(&[req("endpoint", &Str), req("type", &Str)]))]);
        &SHAPE
    }
}

impl AddChannel {
    /// The endpoint.
    pub fn endpoint(&self) -> &str {
        inner(&self.0, "channel", "endpoint").unwrap_or_default()
    }

    /// The channel type as sent.
    pub fn kind(&self) -> &str {
        inner(&self.0, "channel", "type").unwrap_or_default()
    }
}

payload! {
    /// `session.addchannelgroup` data (**[I]** shape: `{"channelgroup":{"name":…}}`).
    AddChannelGroup = {
        static SHAPE: Shape = Shape::Object(&[req("channelgroup", &Shape::Object(&[req("name", &Str)]))]);
        &SHAPE
    }
}

impl AddChannelGroup {
    /// The data for a group named `name`.
    pub fn new(name: &str) -> AddChannelGroup {
        AddChannelGroup(object(&[("channelgroup", Some(object(&[("name", Some(Json::str(name)))])))]))
    }

    /// The group's name.
    pub fn name(&self) -> &str {
        inner(&self.0, "channelgroup", "name").unwrap_or_default()
    }
}

payload! {
    /// `session.request.incontact.addressbook` data: `realtime` asks for real-time agent
    /// states and skill figures.
    AddressBookRequest = {
        static SHAPE: Shape = Shape::Object(&[opt("realtime", &Bool)]);
        &SHAPE
    }
}

impl AddressBookRequest {
    /// The data, `realtime` when given.
    pub fn new(realtime: Option<bool>) -> AddressBookRequest {
        AddressBookRequest(object(&[("realtime", realtime.map(Json::Bool))]))
    }

    /// `realtime`, when given.
    pub fn realtime(&self) -> Option<bool> {
        flag(&self.0, "realtime")
    }
}

payload! {
    /// `channel.activate` / `channelgroup.request.activate(all)` data: `channeloptions` (all
    /// lower case on the wire) with the `queue` to log into. The group commands' data is
    /// **[I]**: "any applicable channel options", written like `channel.activate`'s.
    ActivateData = {
        static SHAPE: Shape = Shape::Object(&[opt("channeloptions", &Shape::Object(&[opt("queue", &Str)]))]);
        &SHAPE
    }
}

impl ActivateData {
    /// The queue, when given.
    pub fn queue(&self) -> Option<&str> {
        inner(&self.0, "channeloptions", "queue")
    }
}

payload! {
    /// `channel.deactivate` / `channelgroup.request.deactivateall` data: `channelOptions`
    /// (camel case on the wire) with the `queue`s being deactivated (**[I]** comma-separated
    /// list) and the logout `reason` code (numeric, sent as a string). The group command's
    /// data is **[I]**, written like `channel.deactivate`'s.
    DeactivateData = {
        static SHAPE: Shape = Shape::Object(&[opt("channelOptions", &Shape::Object(&[opt("queue", &Str), opt("reason", &Str)]))]);
        &SHAPE
    }
}

impl DeactivateData {
    /// The queues, when given.
    pub fn queue(&self) -> Option<&str> {
        inner(&self.0, "channelOptions", "queue")
    }

    /// The logout reason code, when given.
    pub fn reason(&self) -> Option<&str> {
        inner(&self.0, "channelOptions", "reason")
    }
}

payload! {
    /// `channel.notready` data: `reasoncode` (`acw` for after-call work, or a reason code from
    /// the server's list, `reasonCodeCode`) and an informational `reasondesc`.
    NotReadyData = {
        static SHAPE: Shape = Shape::Object(&[req("reasoncode", &Str), opt("reasondesc", &Str)]);
        &SHAPE
    }
}

/// The reason code of after-call work in `channel.notready` (PROTOCOL 3.3).
pub const AFTER_CALL_WORK: &str = "acw";

impl NotReadyData {
    /// The data for `reasoncode`, with `reasondesc` when given.
    pub fn new(reasoncode: &str, reasondesc: Option<String>) -> NotReadyData {
        NotReadyData(object(&[
            ("reasoncode", Some(Json::str(reasoncode))),
            ("reasondesc", reasondesc.map(Json::String)),
        ]))
    }

    /// The reason code.
    pub fn reasoncode(&self) -> &str {
        text(&self.0, "reasoncode").unwrap_or_default()
    }

    /// The description, when given.
    pub fn reasondesc(&self) -> Option<&str> {
        text(&self.0, "reasondesc")
    }
}

payload! {
    /// `channel.dial` data: the number to dial (`destination`) and platform-specific
    /// `extensions`.
    DialData = {
        static SHAPE: Shape = Shape::Object(&[req("destination", &Str), opt("extensions", &FREE)]);
        &SHAPE
    }
}

payload! {
    /// `interaction.request.consult` (legacy `interaction.consult`) data: the number or agent
    /// to consult (`destination`) and `extensions`. **[I]**: PROTOCOL.md recovered no command
    /// that places the consult call that `consulttransfer` and `consultconference` need (the
    /// back-end bridge has `interaction.request.consult`), so agentwire defines it the way
    /// `channel.dial` is written.
    ConsultData = {
        static SHAPE: Shape = Shape::Object(&[req("destination", &Str), opt("extensions", &FREE)]);
        &SHAPE
    }
}

impl DialData {
    /// The destination.
    pub fn destination(&self) -> &str {
        text(&self.0, "destination").unwrap_or_default()
    }

    /// `extensions`, when given.
    pub fn extensions(&self) -> Option<&Map> {
        self.0.get("extensions").and_then(Json::as_object)
    }
}

impl ConsultData {
    /// The destination.
    pub fn destination(&self) -> &str {
        text(&self.0, "destination").unwrap_or_default()
    }
}
