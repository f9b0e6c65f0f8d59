//! Tests of the frame decoder: classification, errors, spans, member order and duplicates.

use super::*;

#[test]
fn classifies_by_message_type_then_result() {
    let f = decode(r#"{"command":"channel.ready","target":"s.c","result":"success","data":{}}"#).unwrap();
    assert!(matches!(f, Frame::Response(_)));
    let f = decode(r#"{"command":"channel.ready","target":"s.c","data":{}}"#).unwrap();
    assert!(matches!(f, Frame::Request(_)));
    let f = decode(r#"{"messageType":"futureThing","x":1}"#).unwrap();
    assert!(matches!(f, Frame::Unknown { .. }));
    assert_eq!(encode(&f), r#"{"messageType":"futureThing","x":1}"#);
}

#[test]
fn errors_name_the_member() {
    // A known event whose data does not fit is kept untyped, with what did not fit.
    let misfit = |t: &str| match decode(t).unwrap() {
        Frame::Event(Event { data: EventData::Invalid(_, e), .. }) => e.to_string(),
        other => panic!("expected an untyped event, got {other:?}"),
    };
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"channel.infochanged","data":{"state":5}}"#;
    assert_eq!(misfit(t), "`data.state` should be a string, found number");
    let e = decode(r#"{"messageType":"objectEvent","name":"channel.created","data":{}}"#).unwrap_err();
    assert_eq!(e.to_string(), "channel.created: `target` is missing");
    let t = r#"{"messageType":"objectEvent","target":"s","name":"session.externalnotreadyreasons.updated","data":{"reasonCodes":[{"reasonCodeId":"1","reasonCodeCode":"1","labels":[{}]}]}}"#;
    assert_eq!(misfit(t), "`data.reasonCodes[0].labels[0].name` is missing");
    let t = r#"{"messageType":"objectEvent","target":"s","name":"session.initialized","data":null}"#;
    assert!(matches!(decode(t).unwrap(), Frame::Event(Event { data: EventData::SessionInitialized(_), .. })));
    assert_eq!(decode("[1]").unwrap_err(), DecodeError::NotAnObject { found: "array" });
    assert_eq!(decode("{}").unwrap_err(), DecodeError::Unclassified);
    assert_eq!(decode(r#"{"messageType":7}"#).unwrap_err().code(), "invalidMember");
    assert_eq!(decode_limited("{}", 1).unwrap_err(), DecodeError::TooLarge { len: 2, max: 1 });
}

#[test]
fn unknown_members_and_events_survive() {
    let t =
        r#"{"messageType":"objectEvent","target":"s","name":"session.future","data":{"a":[1]},"vendor":{"x":true}}"#;
    let f = decode(t).unwrap();
    assert!(!f.is_typed());
    assert_eq!(Json::parse(&encode(&f)).unwrap(), Json::parse(t).unwrap());
    let t = r#"{"command":"channel.ready","target":"s.c","data":{"future":1},"context":{"conversation":{"id":"x"}}}"#;
    let f = decode(t).unwrap();
    assert!(f.is_typed());
    assert_eq!(Json::parse(&encode(&f)).unwrap(), Json::parse(t).unwrap());
}

/// The client's decoder gives an object event with other members as `decode` does, without
/// its `context` and unknown members (the page is given name, target and data only), and the
/// same error for every frame that has one.
#[test]
fn the_clients_events_leave_context_and_unknown_members_out() {
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"ACTIVE"},"context":{"a":1},"x":[2],"context":null}"#;
    let Ok(Frame::Event(whole)) = decode(t) else { panic!("an event") };
    assert_eq!((whole.context, whole.extra.len()), (Some(Json::Null), 1));
    let Ok((Decoded::Frame(Frame::Event(client)), _)) = decode_received(t, usize::MAX) else { panic!("an event") };
    assert_eq!((&*client.name, &*client.target, client.context, client.extra.len()), ("state.updated", "s.c", None, 0));
    assert_eq!(client.data, whole.data);
    for t in [
        r#"{"messageType":"objectEvent","name":"state.updated","data":{},"x":1}"#,
        r#"{"messageType":"objectEvent","name":7,"target":"s","data":{},"context":{}}"#,
        r#"{"messageType":"objectEvent","name":"x","target":null,"y":{"z":[}}"#,
    ] {
        assert_eq!(decode(t).map(|_| ()), decode_received(t, usize::MAX).map(|_| ()), "{t}");
        assert!(decode(t).is_err(), "{t}");
    }
    // An error is named by the event's non-empty `name`, a command's trimmed name, or the class.
    for (t, name) in [
        (r#"{"messageType":"objectEvent","name":"","data":{},"x":1}"#, "objectEvent"),
        (r#"{"messageType":"objectEvent","name":7,"target":"s"}"#, "objectEvent"),
        (r#"{"messageType":"objectEvent","target":"s"}"#, "objectEvent"),
        (r#"{"messageType":"objectEvent","name":"a\u002eb","target":null}"#, "a.b"),
        (r#"{"command":" channel.ready ","result":7}"#, "channel.ready"),
        (r#"{"command":" ","result":"failure"}"#, ""),
        (r#"{"command":7,"target":"s"}"#, "request"),
        (r#"{"messageType":"serviceResponse","command":"x"}"#, "serviceResponse"),
    ] {
        let Err(DecodeError::Member { message, .. }) = decode_received(t, usize::MAX) else { panic!("{t}") };
        assert_eq!(message, name, "{t}");
    }
}

#[test]
fn spans_locate_name_target_and_data_only_when_unescaped() {
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"channel.initialized","data":{"a":1}}"#;
    let (_, sp) = decode_spanned(t, 1 << 20).unwrap();
    let cut = |r: Option<(u32, u32)>| r.map(|(a, b)| &t[a as usize..b as usize]);
    assert_eq!(
        (cut(sp.name), cut(sp.target), cut(sp.data)),
        (Some("channel.initialized"), Some("s.c"), Some(r#"{"a":1}"#))
    );
    let t = r#"{"messageType":"objectEvent","target":"s.\u0063","name":"channel.initialized"}"#;
    let (f, sp) = decode_spanned(t, 1 << 20).unwrap();
    assert!(matches!(f, Frame::Event(e) if e.target == "s.c"));
    assert_eq!((sp.target, sp.data), (None, None), "an escaped value is not sliced");
}

#[test]
fn absent_or_null_data_has_no_span_and_reads_as_an_empty_object_for_every_event() {
    for kind in EventKind::ALL {
        for data in ["", r#","data":null"#] {
            let t = format!(r#"{{"messageType":"objectEvent","target":"s.c","name":"{}"{data}}}"#, kind.name());
            let (f, sp) = decode_spanned(&t, 1 << 20).unwrap();
            assert_eq!(sp.data, None, "{t}");
            let Frame::Event(e) = f else { panic!("{t} is not an event") };
            assert_eq!(e.data.to_json(), Json::object(), "{t}");
        }
    }
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"x.unknown","data":null}"#;
    let (f, sp) = decode_spanned(t, 1 << 20).unwrap();
    assert!(matches!((f, sp.data), (Frame::Event(e), None) if e.data.to_json() == Json::object()));
}

#[test]
fn members_are_read_in_any_order_and_the_last_duplicate_wins() {
    let typed = |t: &str| match decode(t).unwrap() {
        Frame::Event(e) => e,
        other => panic!("{t}: {other:?}"),
    };
    // `data` before `name`: the first pass finds both, the second reads data by kind.
    let e = typed(r#"{"data":{"state":"ACTIVE"},"name":"state.updated","target":"s.c","messageType":"objectEvent"}"#);
    assert!(matches!(e.data, EventData::StateUpdated(ref d) if d.state == "ACTIVE"), "{e:?}");
    // A bad first duplicate does not fail a good last one (JSON.parse keeps the last).
    let e = typed(
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":5,"state":"IDLE"}}"#,
    );
    assert!(matches!(e.data, EventData::StateUpdated(ref d) if d.state == "IDLE"), "{e:?}");
    let e = typed(
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"IDLE","state":5}}"#,
    );
    assert!(matches!(e.data, EventData::Invalid(..)), "{e:?}");
    // Data read early as one kind, then renamed by a later duplicate: read again as the last.
    let e = typed(
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"X"},"name":"channel.initialized"}"#,
    );
    assert!(matches!(e.data, EventData::ChannelInitialized(_)), "{e:?}");
    let e = typed(
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"X"},"data":{"state":"Y"}}"#,
    );
    assert!(matches!(e.data, EventData::StateUpdated(ref d) if d.state == "Y"), "{e:?}");
    // Escaped keys are the same keys; other members are kept, with `context`.
    let e =
        typed(r#"{"messageType":"objectEvent","t\u0061rget":"s.c","name":"x.y","context":{"a":1},"vendor":[true]}"#);
    assert_eq!((e.target.as_str(), e.context), ("s.c", Some(Json::parse(r#"{"a":1}"#).unwrap())));
    assert_eq!(e.extra, vec![("vendor".to_owned(), Json::parse("[true]").unwrap())]);
    // The whole frame is validated before anything is read, unknown members included.
    assert!(matches!(
        decode(r#"{"messageType":"objectEvent","target":"s.c","name":"x.y","vendor":[1,]}"#),
        Err(DecodeError::Syntax(_))
    ));
    assert!(matches!(
        decode("{} x"),
        Err(DecodeError::Syntax(JsonError { kind: JsonErrorKind::TrailingCharacters, .. }))
    ));
    assert_eq!(decode(r#""text""#).unwrap_err(), DecodeError::NotAnObject { found: "string" });
}

#[test]
fn response_data_of_the_wrong_shape_is_kept_raw_not_rejected() {
    let f =
        decode(r#"{"command":"channel.notready","target":"s.c","result":"success","data":{"reasoncode":5}}"#).unwrap();
    let Frame::Response(r) = f else { panic!() };
    assert!(matches!(r.outcome, Outcome::Success(Some(ResultData::Raw(_)))));
}

#[test]
fn core_and_service_envelopes_name_the_first_bad_member_in_declared_order() {
    let err = |t: &str| decode(t).unwrap_err().to_string();
    let t = r#"{"messageType":"coreResponse","requestId":"a","result":5,"command":6}"#;
    assert_eq!(err(t), "coreResponse: `command` should be a string, found number");
    let t = r#"{"messageType":"coreResponse","requestId":"a","result":"failure","failure":{"message":"m"}}"#;
    assert_eq!(err(t), "coreResponse: `failure.code` is missing");
    let t = r#"{"messageType":"serviceEvent","data":{"eventType":"serviceList","services":[{"name":"p"}]}}"#;
    assert_eq!(err(t), "serviceEvent: `data.services[0].id` is missing");
    assert_eq!(err(r#"{"messageType":"serviceEvent","serviceId":"s"}"#), "serviceEvent: `data` is missing");
    // A later duplicate wins; unknown members are kept after the known ones; `null` is absent.
    let t = r#"{"messageType":"coreResponse","x":[1],"requestId":1,"requestId":"b","result":"x","command":null}"#;
    let Frame::CoreResponse(r) = decode(t).unwrap() else { panic!("a core response") };
    assert_eq!((r.request_id.as_str(), r.command.as_deref(), r.extra.len()), ("b", None, 1));
    assert_eq!(
        encode(&Frame::CoreResponse(r)),
        r#"{"messageType":"coreResponse","requestId":"b","result":"x","x":[1]}"#
    );
}

#[test]
fn a_service_response_without_command_answers_prepare_session() {
    let f = decode(
        r#"{"messageType":"serviceResponse","requestId":"r","result":"success","data":{"resourceId":"x"},"z":1}"#,
    );
    let Ok(Frame::ServiceResponse(r)) = f else { panic!("expected a service response, got {f:?}") };
    assert_eq!(r.request_id.as_deref(), Some("r"));
    assert_eq!(r.response.name, "prepareSession");
    assert!(matches!(r.response.outcome, Outcome::Success(Some(ResultData::PrepareSession(_)))));
    // The name is not written back as a member it did not have; the others are kept.
    assert_eq!(r.response.extra, vec![("z".to_owned(), Json::Number("1".into()))]);
    // A `command` that is there but `null` is not absent: it is missing, as before.
    let e = decode(r#"{"messageType":"serviceResponse","requestId":"r","command":null,"result":"success"}"#);
    assert_eq!(e.unwrap_err().to_string(), "serviceResponse: `command` is missing");
}

/// The keys compared in place as bytes (`Reader::key`, ninth session) decode exactly as the
/// keys read: any order, any whitespace, a known key written with escapes, a key that only
/// starts like a known one, duplicates, and the errors of malformed members.
#[test]
fn keys_compared_in_place_read_like_keys_read() {
    let plain = r#"{"messageType":"objectEvent","target":"s.c","name":"channel.infochanged","data":{"state":"ACTIVE","agentStatus":{"status":"ready","lastReasonCode":"","lastReasonName":"x"}}}"#;
    let want = decode(plain).unwrap();
    for t in [
        " { \"messageType\" :\t\"objectEvent\" ,\n\"target\" : \"s.c\", \"name\"\r:\"channel.infochanged\" , \"data\" : { \"state\" : \"ACTIVE\" , \"agentStatus\" : { \"status\" : \"ready\" , \"lastReasonCode\" : \"\" , \"lastReasonName\" : \"x\" } } } ",
        r#"{"data":{"agentStatus":{"lastReasonName":"x","lastReasonCode":"","status":"ready"},"state":"ACTIVE"},"name":"channel.infochanged","target":"s.c","messageType":"objectEvent"}"#,
        r#"{"m\u0065ssageType":"objectEvent","t\u0061rget":"s.c","n\u0061me":"channel.infochanged","d\u0061ta":{"st\u0061te":"ACTIVE","\u0061gentStatus":{"st\u0061tus":"ready","lastReasonCode":"","lastReasonN\u0061me":"x"}}}"#,
        r#"{"messageType":"objectEvent","target":"s.c","name":"channel.infochanged","data":{"state":"IDLE","state":"ACTIVE","agentStatus":{"status":"busy","status":"ready","lastReasonCode":"","lastReasonName":"x"}}}"#,
    ] {
        assert_eq!(decode(t).unwrap(), want, "{t}");
    }
    // Keys that only begin like a known one are other members.
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"channel.infochanged","data":{"stateX":"1","agentStatus":{"statusY":"2","status":"ready"}}}"#;
    let Frame::Event(Event { data: EventData::ChannelInfoChanged(d), .. }) = decode(t).unwrap() else { panic!() };
    assert_eq!(d.state, None);
    assert_eq!(d.extra, vec![("stateX".to_owned(), Json::str("1"))]);
    assert_eq!(d.agent_status.unwrap().extra, vec![("statusY".to_owned(), Json::str("2"))]);
    let t = r#"{"messageTypeX":"objectEvent","target":"s"}"#;
    assert_eq!(decode(t).unwrap_err(), DecodeError::Unclassified);
    // A known key without its colon, a trailing comma, a stray separator: the same errors and
    // offsets as main's reader gave (checked against it).
    for (t, offset) in [
        (r#"{"messageType" "objectEvent"}"#, 15),
        (r#"{"messageType":"objectEvent",}"#, 29),
        (r#"{"messageType":"objectEvent","name":"state.updated","target":"s","data":{"state" 1}}"#, 81),
        (r#"{"messageType":"objectEvent","name":"state.updated","target":"s","data":{"state":"A",}}"#, 85),
        (r#"{,"messageType":"objectEvent"}"#, 1),
    ] {
        match decode(t).unwrap_err() {
            DecodeError::Syntax(e) => assert_eq!(e.offset, offset, "{t}"),
            other => panic!("{t}: {other:?}"),
        }
    }
}

/// `decode_received_into` leaves the common object event in the slot, and nothing there after
/// any other frame or an error (even one found after the event's data was read).
#[test]
fn the_common_event_is_left_in_the_slot_and_nothing_else_is() {
    let mut ev = None;
    let t = r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"ACTIVE"}}"#;
    let (d, _) = decode_received_into(t, 1 << 20, &mut ev).unwrap();
    assert!(d.is_none());
    assert_eq!(ev.as_ref().map(|e| (&*e.target, e.name)), Some(("s.c", "state.updated")));
    for t in [
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"ACTIVE"}} x"#,
        r#"{"messageType":"objectEvent","target":"s.c","name":"state.updated","data":{"state":"ACTIVE"},"x":1}"#,
        r#"{"messageType":"objectEvent","name":"state.updated","data":{"state":"ACTIVE"}}"#,
        r#"{"command":"channel.ready","target":"s.c","result":"success","data":{}}"#,
    ] {
        let answer = decode_received_into(t, 1 << 20, &mut ev);
        assert!(ev.is_none(), "{t}");
        assert!(answer.map_or(true, |(d, _)| d.is_some()), "{t}");
    }
}
