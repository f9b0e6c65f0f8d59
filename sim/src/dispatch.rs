//! The entry for client input: each decoded frame goes to its layer (the Direct Client
//! Protocol in `dcp.rs`, session-resource commands in `commands.rs`), and input that did
//! not decode is answered here.

use crate::commands;
use crate::dcp;
use crate::fail::{core_error, core_fail, failure};
use crate::faults::Out;
use crate::objects::ConnId;
use crate::world::World;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{Command, CommandKind, CoreRequest, DecodeError, Frame, Request, ServiceResponse};

/// Handles one decoded frame from a client.
pub fn handle(w: &mut World, conn: ConnId, frame: Frame) {
    match frame {
        Frame::CoreRequest(r) => dcp::core_request(w, conn, r),
        Frame::ServiceRequest(r) => dcp::service_request(w, conn, r),
        Frame::Request(r) if r.command.kind() == Some(CommandKind::PrepareSession) => {
            // PROTOCOL.md 2.4 shows prepareSession without the service envelope.
            let resp = dcp::prepare_session(w, conn, &r);
            w.send(conn, Out::Frame(Frame::Response(resp)));
        }
        Frame::Request(r) => commands::resource(w, conn, r),
        other => {
            let what = match &other {
                Frame::Event(_) => "objectEvent".to_owned(),
                Frame::Response(_) => "response".to_owned(),
                Frame::Unknown { message_type, .. } | Frame::Resource { class: message_type, .. } => {
                    message_type.clone()
                }
                _ => "this message class".to_owned(),
            };
            w.send(
                conn,
                Out::Frame(core_error("INVALID_REQUEST", format!("the processor does not accept {what} from clients"))),
            );
        }
    }
}

/// Answers a frame that did not decode: a failure carrying the request as `original`
/// when it looks like one, otherwise a `coreError`.
pub fn undecodable(w: &mut World, conn: ConnId, text: &str, e: &DecodeError) {
    let msg = format!("invalid request: {e}");
    if matches!(e, DecodeError::TooLarge { .. }) {
        // Never parse (or echo back) an oversized frame.
        return w.send(conn, Out::Frame(core_error("INVALID_REQUEST", msg)));
    }
    let frame = match Json::parse(text) {
        Ok(Json::Object(m)) => match str_member(&m, "messageType").as_deref() {
            None => match raw_request(&m) {
                Some(req) => Frame::Response(failure(&req, "INVALID_REQUEST", msg)),
                None => core_error("INVALID_REQUEST", msg),
            },
            Some("serviceRequest") => match (str_member(&m, "requestId"), raw_request(&m)) {
                (Some(id), Some(req)) => Frame::ServiceResponse(ServiceResponse {
                    request_id: Some(id),
                    service_id: str_member(&m, "serviceId"),
                    response: failure(&req, "INVALID_REQUEST", msg),
                }),
                _ => core_error("INVALID_REQUEST", msg),
            },
            Some("coreRequest") => match (str_member(&m, "requestId"), str_member(&m, "command")) {
                (Some(request_id), Some(command)) => {
                    let r = CoreRequest { request_id, command, service_id: None, resource_id: None, extra: Map::new() };
                    core_fail(&r, "INVALID_REQUEST", msg)
                }
                _ => core_error("INVALID_REQUEST", msg),
            },
            Some(_) => core_error("INVALID_REQUEST", msg),
        },
        _ => core_error("INVALID_REQUEST", msg),
    };
    w.send(conn, Out::Frame(frame));
}

fn str_member(m: &Map, key: &str) -> Option<String> {
    agentwire::proto::json::get(m, key).and_then(Json::as_str).map(str::to_owned)
}

/// A request rebuilt from raw JSON whose data did not decode, to echo as `original`.
fn raw_request(m: &Map) -> Option<Request> {
    let name = str_member(m, "command")?;
    let data = agentwire::proto::json::get(m, "data").cloned().unwrap_or_else(Json::object);
    Some(Request {
        command: Command::Unknown { name: name.trim().to_owned(), data },
        name,
        target: str_member(m, "target"),
        context: agentwire::proto::json::get(m, "context").cloned(),
        extra: Map::new(),
    })
}
