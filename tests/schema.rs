//! The cold payloads' one decoder (`wire::schema`, issue 14) against the typed decoders it
//! replaced (kept host-only as the simulator's builders, `wire::build`): for the protocol
//! fixtures' payloads and every single-point mutation of them (a member removed, a value of
//! each JSON type in its place, a duplicate before or after it, an unknown member added),
//! both give the same JSON (members in the same order) or the same error at the same path;
//! the same for the data of the commands the page sends, and their constructors.

#![cfg(not(target_arch = "wasm32"))]

use agentwire::proto::json::{Json, Reader};
use agentwire::proto::wire::{self, build, Core, Decoded, FieldError, Frame, FromJson, ServiceEventData, ToJson};
use std::path::PathBuf;

fn fixture_data(name: &str) -> Json {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol").join(name);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    let v = Json::parse(&text).unwrap();
    // A service event's fixture is its `data` already.
    if name.starts_with("event.ServiceMonitor.") {
        return v;
    }
    v.get("data").cloned().unwrap_or_else(|| panic!("{name}: no data"))
}

fn fixture_member(name: &str, key: &str) -> Json {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol").join(name);
    let v = Json::parse(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v.get(key).cloned().unwrap_or_else(|| panic!("{name}: no {key}"))
}

fn decode<T: FromJson + ToJson>(text: &str) -> Result<String, FieldError> {
    T::read(&mut Reader::new(text)).map(|v| v.to_json().to_json_string())
}

/// Values of every JSON type, put in place of each value.
fn others() -> Vec<Json> {
    ["null", "7", "\"x\"", "true", "[]", "{}", "[1]", "{\"a\":null}"].iter().map(|t| Json::parse(t).unwrap()).collect()
}

/// Every single-point mutation of `v` (not `v` itself).
fn mutations(v: &Json) -> Vec<Json> {
    let mut out = others();
    match v {
        Json::Object(m) => {
            for (i, (k, x)) in m.iter().enumerate() {
                let mut c = m.clone();
                c.remove(i);
                out.push(Json::Object(c));
                for bad in [Json::int(7), x.clone()] {
                    let mut c = m.clone();
                    c.push((k.clone(), bad.clone()));
                    out.push(Json::Object(c));
                    let mut c = m.clone();
                    c.insert(0, (k.clone(), bad));
                    out.push(Json::Object(c));
                }
                for s in mutations(x) {
                    let mut c = m.clone();
                    c[i].1 = s;
                    out.push(Json::Object(c));
                }
            }
            let mut c = m.clone();
            c.insert(0, ("zz".into(), Json::int(1)));
            c.push(("zz".into(), Json::str("again")));
            out.push(Json::Object(c));
        }
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut c = a.clone();
                c.remove(i);
                out.push(Json::Array(c));
                for s in mutations(x) {
                    let mut c = a.clone();
                    c[i] = s;
                    out.push(Json::Array(c));
                }
            }
        }
        _ => {}
    }
    out
}

fn same<Old: FromJson + ToJson, New: FromJson + ToJson>(fixture: &str) -> usize {
    same_from::<Old, New>(fixture, fixture_data(fixture))
}

fn same_from<Old: FromJson + ToJson, New: FromJson + ToJson>(fixture: &str, seed: Json) -> usize {
    let mut all = mutations(&seed);
    all.push(seed);
    let mut errors = 0;
    for v in &all {
        let text = v.to_json_string();
        let (old, new) = (decode::<Old>(&text), decode::<New>(&text));
        assert_eq!(new, old, "{fixture}: {text}");
        errors += usize::from(new.is_err());
    }
    assert!(errors > 0 && errors < all.len(), "{fixture}: {errors} of {} rejected", all.len());
    all.len()
}

#[test]
fn the_schema_decoder_gives_what_the_typed_decoders_gave() {
    let n = same::<build::ReasonCodes, wire::ReasonCodes>("event.session.externalnotreadyreasons.updated.json")
        + same::<build::LogoutReasons, wire::LogoutReasons>("event.session.externallogoutreasons.updated.json")
        + same::<build::Dispositions, wire::Dispositions>("event.channel.externaldispositions.updated.json")
        + same::<build::AddressBooks, wire::AddressBooks>("event.session.incontact.addressbook.updated.json")
        + same::<build::Scripts, wire::Scripts>("response.channel.request.incontact.getscripts.success.json")
        + same::<build::ServiceList, wire::ServiceList>("event.ServiceMonitor.serviceList.json");
    assert!(n > 1000, "{n} payloads compared");
}

#[test]
fn the_object_event_and_response_tables_give_what_the_typed_decoders_gave() {
    // No fixture announces a group (`channelgroup.created` is INFERRED); extras in nested
    // objects and attached data of every JSON type, so that their mutations are compared too.
    let group = Json::parse(r#"{"channelgroup":{"id":"g1","name":"Sales","x":{"y":1}}}"#).unwrap();
    let data = Json::parse(r#"{"data":{"a":"1","b":2,"c":[true,null],"d":{"e":"f"}},"more":1}"#).unwrap();
    let failure = fixture_member("response.channel.dial.failure.json", "failure");
    let n = same::<build::ChannelCreated, wire::ChannelCreated>("event.channel.created.json")
        + same::<build::ChannelCreated, wire::ChannelCreated>("event.channel.created.standalone.json")
        + same_from::<build::ChannelGroupCreated, wire::ChannelGroupCreated>("group", group)
        + same::<build::InteractionCreated, wire::InteractionCreated>("event.interaction.created.json")
        + same::<build::InteractionData, wire::InteractionData>("event.interaction.datachanged.json")
        + same_from::<build::InteractionData, wire::InteractionData>("data", data)
        + same::<build::ConversationCreated, wire::ConversationCreated>("event.conversation.created.json")
        + same::<build::MemberAdded, wire::MemberAdded>("event.conversation.member.added.json")
        + same::<build::AgentLegFailed, wire::AgentLegFailed>("event.session.incontact.agentleg.failed.json")
        + same::<build::Empty, wire::Empty>("event.interaction.ended.json")
        + same::<build::PrepareSessionResult, wire::PrepareSessionResult>("response.prepareSession.success.json")
        + same_from::<build::Failure, wire::Failure>("failure", failure)
        + same_from::<build::Empty, wire::Empty>("empty", Json::parse(r#"{"a":1,"b":{"c":[null]},"a":"x"}"#).unwrap());
    assert!(n > 400, "{n} payloads compared");
}

#[test]
fn the_object_event_accessors_read_the_checked_members() {
    let ch = decode_new::<wire::ChannelCreated>(r#"{"channel":{"modelType":"m","id":"c1","type":null,"z":1}}"#);
    let c = ch.channel();
    assert_eq!(
        (wire::id_of(c), wire::schema::text(c, "type"), wire::schema::text(c, "modelType")),
        ("c1", None, Some("m"))
    );
    let m = decode_new::<wire::MemberAdded>(r#"{"member":{"id":"m1","role":"agent"}}"#);
    assert_eq!((wire::id_of(m.member()), wire::schema::text(m.member(), "role")), ("m1", Some("agent")));
    let d = decode_new::<wire::InteractionData>(r#"{"data":{"k":"v","k":"w"}}"#);
    assert_eq!(d.data().len(), 2, "attached data keeps its members as they came");
    assert_eq!(decode_new::<wire::AgentLegFailed>(r#"{"error":"no line"}"#).error(), Some("no line"));
    assert_eq!(decode_new::<wire::AgentLegFailed>("{}").error(), None);
    // An id is checked by the model, as before: the decoder accepts a `.`, the target refuses it.
    assert_eq!(
        wire::id_of(decode_new::<wire::InteractionCreated>(r#"{"interaction":{"id":"a.b"}}"#).interaction()),
        "a.b"
    );
}

fn decode_new<T: FromJson>(text: &str) -> T {
    T::read(&mut Reader::new(text)).unwrap()
}

#[test]
fn the_command_data_tables_give_what_the_typed_decoders_gave() {
    // Extensions with members, so that their mutations are compared too.
    let dial = Json::parse(r#"{"destination":"+1","extensions":{"callerId":"9","x":[1]}}"#).unwrap();
    let n = same::<build::PrepareSession, wire::PrepareSession>("request.prepareSession.json")
        + same::<build::AddChannel, wire::AddChannel>("request.session.request.addchannel.json")
        + same::<build::AddChannelGroup, wire::AddChannelGroup>("request.session.addchannelgroup.json")
        + same::<build::AddressBookRequest, wire::AddressBookRequest>(
            "request.session.request.incontact.addressbook.json",
        )
        + same::<build::ActivateData, wire::ActivateData>("request.channel.activate.json")
        + same::<build::DeactivateData, wire::DeactivateData>("request.channel.deactivate.json")
        + same::<build::NotReadyData, wire::NotReadyData>("request.channel.notready.json")
        + same::<build::DialData, wire::DialData>("request.channel.dial.json")
        + same_from::<build::DialData, wire::DialData>("dial", dial.clone())
        + same_from::<build::ConsultData, wire::ConsultData>("consult", dial);
    assert!(n > 400, "{n} payloads compared");
}

#[test]
fn the_constructors_build_what_the_typed_structs_encoded() {
    let old = build::PrepareSession {
        model: None,
        overriding: Some(true),
        agent: build::AgentCredentials { id: "a".into(), password: "p".into(), extra: vec![] },
        extra: vec![],
    };
    let new = wire::PrepareSession::new(None, Some(true), "a", "p");
    assert_eq!(new.to_json().to_json_string(), old.to_json().to_json_string());
    let old = build::NotReadyData { reasoncode: "12".into(), reasondesc: Some("x".into()), extra: vec![] };
    assert_eq!(wire::NotReadyData::new("12", Some("x".into())).0.to_json_string(), old.to_json().to_json_string());
    let old = build::DeactivateData {
        channel_options: Some(build::DeactivateOptions { queue: None, reason: Some("3".into()), extra: vec![] }),
        extra: vec![],
    };
    assert_eq!(wire::DeactivateData::new(None, Some("3".into())).0.to_json_string(), old.to_json().to_json_string());
}

#[test]
fn the_response_constructors_build_what_the_typed_structs_encoded() {
    let old =
        build::Failure { code: "X".into(), message: Some("m".into()), context: Some(Json::str("")), extra: vec![] };
    let new = wire::Failure::new("X", Some("m"), Some(Json::str("")));
    assert_eq!(new.to_json().to_json_string(), old.to_json().to_json_string());
    assert_eq!((new.code(), new.message()), ("X", Some("m")));
    let old = build::Failure { code: "Y".into(), message: None, context: None, extra: vec![] };
    assert_eq!(wire::Failure::new("Y", None, None).to_json().to_json_string(), old.to_json().to_json_string());
    let old = build::PrepareSessionResult { resource_id: "s-1".into(), extra: vec![] };
    let new = wire::PrepareSessionResult::new("s-1");
    assert_eq!(new.to_json().to_json_string(), old.to_json().to_json_string());
    assert_eq!(new.resource_id(), "s-1");
}

#[test]
fn errors_name_the_member_path() {
    let text = r#"{"reasonCodes":[{"reasonCodeId":"a","reasonCodeCode":"1","labels":[]},{"reasonCodeId":"b","reasonCodeCode":"2","labels":[{"name":"x"},{"name":1}]}]}"#;
    let e = decode::<wire::ReasonCodes>(text).unwrap_err();
    assert_eq!(e.path, "reasonCodes[1].labels[1].name");
    assert_eq!(e.to_string(), decode::<build::ReasonCodes>(text).unwrap_err().to_string());
}

#[test]
fn every_kind_read_through_its_table_keeps_its_kind() {
    // The events and commands with a table are read by one `schema::read` and moved into
    // their variant: each fixture's data must come back as its own kind, never as untyped.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol");
    let (mut events, mut commands) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let v = Json::parse(&std::fs::read_to_string(dir.join(&name)).unwrap()).unwrap();
        let data = v.get("data").cloned().unwrap_or_else(Json::object);
        if let Some(kind) = v.get("name").and_then(Json::as_str).and_then(wire::EventKind::from_name) {
            let d = wire::EventData::from_data(kind, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(d.kind(), Some(kind), "{name}");
            assert_eq!(d.to_json(), data, "{name}");
            events += 1;
        }
        if name.starts_with("request.") {
            let command = v.get("command").and_then(Json::as_str).unwrap();
            let kind = wire::CommandKind::from_name(command).unwrap();
            let c = wire::Command::from_data(kind, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(c.kind(), Some(kind), "{name}");
            commands += 1;
        }
    }
    assert!(events > 20 && commands > 20, "{events} events, {commands} commands");
}

/// The typed envelope `decode` gives, as the client reads the frame (`Core`).
fn as_core(frame: Frame) -> Option<Core> {
    Some(match frame {
        Frame::CoreRequest(_) | Frame::StartSession(_) | Frame::EndSession(_) => Core::Request,
        Frame::CoreEvent(_) => Core::Event,
        Frame::Resource { class, .. } => Core::Resource(class),
        Frame::Unknown { message_type, .. } => Core::Unknown(message_type),
        Frame::CoreResponse(r) => Core::Response(r.to_json()),
        Frame::CoreError(e) => Core::Error(e.to_json()),
        Frame::ServiceEvent(e) => match e.data {
            ServiceEventData::ServiceList(list) => Core::Services(list),
            ServiceEventData::Other(_) => Core::Event,
        },
        Frame::ServiceError(e) => Core::ServiceError(e.to_json()),
        _ => return None,
    })
}

/// The client's decoder (`decode_received`, which reads the core-layer, service, HTTP,
/// resource and unknown classes as `Core`, the envelopes as their checked tree, for the
/// engine) against `decode`'s typed frames: for frames of those classes (and a
/// `serviceRequest`, still a frame) and every single-point mutation of them, the same error,
/// the same tree as the typed envelope's members (its `messageType` aside), and every other
/// frame the same.
#[test]
fn the_clients_core_frames_are_the_typed_envelopes() {
    let seeds = [
        r#"{"messageType":"coreRequest","requestId":"r-1","command":"bindService","serviceId":"ServiceMonitor","x":1}"#,
        r#"{"messageType":"coreResponse","requestId":"r-1","command":"bindService","result":"failure","data":{"a":[1]},"failure":{"code":"NO","message":"m","context":{}},"code":"C","errorType":"E"}"#,
        r#"{"messageType":"coreError","requestId":"r-1","errorType":"BAD","message":"m","code":"C","failure":{"code":"F"}}"#,
        r#"{"messageType":"serviceEvent","serviceId":"ServiceMonitor","data":{"eventType":"serviceList","services":[{"id":"p","type":"InteractionProcessor","serviceStatus":{"status":"InService","clientCount":2}}]}}"#,
        r#"{"messageType":"serviceEvent","serviceId":"s","data":{"eventType":"other","x":[1]}}"#,
        r#"{"messageType":"serviceRequest","requestId":"r-2","serviceId":"p","command":"prepareSession","data":{"agent":{"id":"a","password":"p"},"override":false},"x":1}"#,
        r#"{"messageType":"resourceEvent","a":{"b":[1]}}"#,
        r#"{"messageType":"someday","a":1}"#,
        r#"{"messageType":"coreEvent","eventType":"e","data":{"a":1}}"#,
        r#"{"messageType":"startSession","client":{"id":"c","name":"n"}}"#,
        r#"{"messageType":"endSession","client":{"name":"n"},"y":null}"#,
        r#"{"messageType":"serviceError","requestId":"r-1","serviceId":"p","failure":{"code":"F","message":"fm"},"message":"m","errorType":"E"}"#,
    ];
    let (mut cores, mut errors, mut all) = (0, 0, 0);
    for seed in seeds {
        let seed = Json::parse(seed).unwrap();
        let mut frames = mutations(&seed);
        frames.push(seed);
        for v in frames {
            let text = v.to_json_string();
            let whole = wire::decode(&text);
            let client = wire::decode_received(&text, usize::MAX).map(|(d, _)| d);
            all += 1;
            match (whole, client) {
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{text}");
                    errors += 1;
                }
                (Ok(f), Ok(Decoded::Core(c))) => {
                    let c = match c {
                        Core::Response(j) => Core::Response(without_type(j)),
                        Core::Error(j) => Core::Error(without_type(j)),
                        Core::ServiceError(j) => Core::ServiceError(without_type(j)),
                        other => other,
                    };
                    assert_eq!(as_core(f), Some(c), "{text}");
                    cores += 1;
                }
                (Ok(f), Ok(Decoded::Frame(g))) => {
                    assert_eq!(as_core(f.clone()), None, "{text}");
                    assert_eq!(f, g, "{text}");
                }
                (whole, client) => panic!("{text}: {whole:?} against {client:?}"),
            }
        }
    }
    assert!(cores > 100 && errors > 100 && cores + errors < all, "{cores} read, {errors} rejected of {all}");
}

/// A checked tree without its `messageType` (the typed envelope's `extra` has none).
fn without_type(j: Json) -> Json {
    match j {
        Json::Object(mut m) => {
            m.retain(|(k, _)| k != "messageType");
            Json::Object(m)
        }
        other => other,
    }
}
