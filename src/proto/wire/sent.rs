//! The frames the client sends on its own (the engine's outbox; commands go as [`Request`]s),
//! written as text directly: the same text as [`encode`] gives for their typed frames
//! ([`CoreRequest`], a [`ServiceRequest`] carrying `prepareSession`), without building the
//! typed envelope, its tree or the command's data (issue 14: the wasm links neither those
//! encoders nor `Frame`'s, which only the simulator and tests use). The tests below hold the
//! two to each other.
//!
//! [`Request`]: super::Request
//! [`encode`]: super::encode
//! [`CoreRequest`]: super::CoreRequest
//! [`ServiceRequest`]: super::ServiceRequest

use super::CoreCommand;
use crate::proto::json::write_str;

/// Appends `,"key":` and `value` as a JSON string.
fn member(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    write_str(value, out);
}

/// A `coreRequest`'s text: `command` with `id` as its `resourceId` (`bindResource`) or its
/// `serviceId` (any other), left out when `None`.
pub fn core_request(request_id: &str, command: CoreCommand, id: Option<&str>) -> String {
    let mut out = String::with_capacity(96);
    member(&mut out, "{\"messageType\":\"coreRequest\",\"requestId\":", request_id);
    member(&mut out, ",\"command\":", command.name());
    if let Some(id) = id {
        let key = if command == CoreCommand::BindResource { ",\"resourceId\":" } else { ",\"serviceId\":" };
        member(&mut out, key, id);
    }
    out.push('}');
    out
}

/// The `prepareSession` request's text, in a `serviceRequest` to `service_id` (WIRE-PROFILE
/// §3.4): the data `{"model"?, "override", "agent": {"id", "password"}}`.
pub fn prepare_session(
    request_id: &str,
    service_id: Option<&str>,
    model: Option<&str>,
    overriding: bool,
    agent_id: &str,
    password: &str,
) -> String {
    let mut out = String::with_capacity(192);
    member(&mut out, "{\"messageType\":\"serviceRequest\",\"requestId\":", request_id);
    if let Some(s) = service_id {
        member(&mut out, ",\"serviceId\":", s);
    }
    out.push_str(",\"command\":\"prepareSession\",\"data\":{");
    if let Some(m) = model {
        member(&mut out, "\"model\":", m);
        out.push(',');
    }
    out.push_str(if overriding { "\"override\":true" } else { "\"override\":false" });
    member(&mut out, ",\"agent\":{\"id\":", agent_id);
    member(&mut out, ",\"password\":", password);
    out.push_str("}}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::wire::{
        decode, encode, Command, CoreRequest, Dialect, Frame, PrepareSession, Request, ServiceRequest,
    };

    const TEXTS: [&str; 4] = ["aw-1", "", "q\"u\\o\nte\u{1}é", "proc"];

    #[test]
    fn a_core_request_is_its_frames_text() {
        for command in
            [CoreCommand::BindService, CoreCommand::BindResource, CoreCommand::Ping, CoreCommand::GetServices]
        {
            for req in TEXTS {
                for id in [None, Some("x"), Some(TEXTS[2])] {
                    let mut r = CoreRequest::new(req.to_owned(), command);
                    if command == CoreCommand::BindResource {
                        r.resource_id = id.map(str::to_owned);
                    } else {
                        r.service_id = id.map(str::to_owned);
                    }
                    let text = core_request(req, command, id);
                    assert_eq!(text, encode(&Frame::CoreRequest(r.clone())));
                    assert_eq!(decode(&text).unwrap(), Frame::CoreRequest(r));
                }
            }
        }
    }

    #[test]
    fn a_prepare_session_is_its_frames_text() {
        for dialect in [Dialect::Current, Dialect::Legacy] {
            for service in [None, Some("proc"), Some(TEXTS[2])] {
                for model in [None, Some("m"), Some(TEXTS[2])] {
                    for overriding in [false, true] {
                        for (agent, password) in [("a", "p"), (TEXTS[2], TEXTS[1])] {
                            let data = PrepareSession::new(model.map(str::to_owned), Some(overriding), agent, password);
                            let request = Request::new(Command::PrepareSession(data), None, dialect);
                            let frame = ServiceRequest {
                                request_id: "aw-2".into(),
                                service_id: service.map(str::to_owned),
                                request,
                            };
                            let text = prepare_session("aw-2", service, model, overriding, agent, password);
                            assert_eq!(text, encode(&Frame::ServiceRequest(frame.clone())));
                            assert_eq!(decode(&text).unwrap(), Frame::ServiceRequest(frame));
                        }
                    }
                }
            }
        }
    }
}
