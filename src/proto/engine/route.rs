//! What a decoded frame means to the client, decided from the frame alone (the engine then
//! asks its state what to do with it): an object event, a resource response, a bootstrap
//! answer, an error answering a request, something to ignore, or something unexpected.

use super::bootstrap::failure_code;
use crate::proto::json::Json;
use crate::proto::text::{Code, Msg};
use crate::proto::wire::schema::text;
use crate::proto::wire::{CommandKind, Core, Event, Frame, Response, ServiceList};

/// Where a frame goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// An object event.
    Event(Event),
    /// A resource response (to a page command or `session.start`).
    Response(Response),
    /// The answer to `prepareSession` (`request_id` when it came in a `serviceResponse`).
    Prepared {
        /// The request it answers.
        request_id: Option<String>,
        /// The answer.
        response: Response,
    },
    /// A `coreResponse` (a bind, or the keep-alive's answer): its members ([`Core::Response`]).
    CoreResponse(Json),
    /// The Service Monitor's list of services.
    ServiceList(ServiceList),
    /// A `coreError` or `serviceError`, answering `request`.
    Error {
        /// The request it answers.
        request: Option<String>,
        /// Its code.
        code: String,
        /// Its text.
        message: String,
    },
    /// Nothing for the client (other core or service events).
    Ignore,
    /// A frame of a class the client does not take: why it was ignored.
    Unexpected(Msg),
}

/// Where `frame`, as [`crate::proto::wire::decode_received`] gives it, goes (the core-layer
/// and service frames, and the classes the client does not take, come as [`Core`]:
/// [`route_core`]; what else comes as a frame is a request to the client, a `serviceRequest`
/// or a request without a class).
pub fn route(frame: Frame) -> Route {
    match frame {
        Frame::Event(ev) => Route::Event(ev),
        Frame::Response(r) if r.kind() == Some(CommandKind::PrepareSession) => {
            Route::Prepared { request_id: None, response: r }
        }
        Frame::Response(r) => Route::Response(r),
        Frame::ServiceResponse(r) => Route::Prepared { request_id: r.request_id, response: r.response },
        _ => Route::Unexpected(Msg::new(Code::RequestIgnored)),
    }
}

/// Where a core-layer or service frame goes.
pub fn route_core(frame: Core) -> Route {
    match frame {
        Core::Response(r) => Route::CoreResponse(r),
        Core::Services(list) => Route::ServiceList(list),
        Core::Event => Route::Ignore,
        Core::Error(e) => {
            let (request, code, message) = core_error_parts(&e);
            Route::Error { request, code, message }
        }
        Core::ServiceError(e) => {
            let (request, code, message) = service_error_parts(&e);
            Route::Error { request, code, message }
        }
        Core::Request => Route::Unexpected(Msg::new(Code::RequestIgnored)),
        Core::Resource(class) => Route::Unexpected(Msg::new(Code::ClassIgnored).arg(class)),
        Core::Unknown(class) => Route::Unexpected(Msg::new(Code::UnknownMessageType).arg(class)),
    }
}

/// A string member of a checked frame, owned.
fn owned(e: &Json, key: &str) -> Option<String> {
    text(e, key).map(str::to_owned)
}

/// A `coreError`'s `(requestId, code, message)`. PROTOCOL 1.2: "an error type plus
/// details"; a `code` member is read too.
pub fn core_error_parts(e: &Json) -> (Option<String>, String, String) {
    let code = owned(e, "errorType").or_else(|| owned(e, "code")).unwrap_or_else(|| "CORE_ERROR".into());
    let msg = owned(e, "message").or_else(|| owned(e, "errorType")).unwrap_or_else(|| "coreError".into());
    (owned(e, "requestId"), code, msg)
}

/// A `serviceError`'s `(requestId, code, message)`.
pub fn service_error_parts(e: &Json) -> (Option<String>, String, String) {
    let code = failure_code(e).unwrap_or_else(|| "SERVICE_ERROR".into());
    let msg = e
        .get("failure")
        .and_then(|f| owned(f, "message"))
        .or_else(|| owned(e, "message"))
        .unwrap_or_else(|| "serviceError".into());
    (owned(e, "requestId"), code, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(f: fn(&Json) -> (Option<String>, String, String), text: &str) -> (Option<String>, String, String) {
        f(&Json::parse(text).unwrap())
    }

    fn want(request: Option<&str>, code: &str, message: &str) -> (Option<String>, String, String) {
        (request.map(str::to_owned), code.to_owned(), message.to_owned())
    }

    #[test]
    fn a_core_error_reads_its_error_type_then_code() {
        let e = r#"{"requestId":"r","errorType":"BAD","message":"m","code":"C"}"#;
        assert_eq!(parts(core_error_parts, e), want(Some("r"), "BAD", "m"));
        assert_eq!(parts(core_error_parts, r#"{"code":"C"}"#), want(None, "C", "coreError"));
        assert_eq!(parts(core_error_parts, r#"{"errorType":"E"}"#), want(None, "E", "E"));
        // A `coreError` has no `failure` (PROTOCOL 1.2): one is not read.
        assert_eq!(parts(core_error_parts, r#"{"failure":{"code":"F"}}"#), want(None, "CORE_ERROR", "coreError"));
    }

    #[test]
    fn a_service_error_reads_its_failure_then_code_then_error_type() {
        let e = r#"{"requestId":"r","failure":{"code":"F","message":"fm"},"message":"m","code":"C"}"#;
        assert_eq!(parts(service_error_parts, e), want(Some("r"), "F", "fm"));
        let e = r#"{"failure":{"code":"F"},"message":"m"}"#;
        assert_eq!(parts(service_error_parts, e), want(None, "F", "m"));
        assert_eq!(parts(service_error_parts, r#"{"message":"m","code":"C","errorType":"E"}"#), want(None, "C", "m"));
        assert_eq!(parts(service_error_parts, r#"{"errorType":"E"}"#), want(None, "E", "serviceError"));
        assert_eq!(parts(service_error_parts, "{}"), want(None, "SERVICE_ERROR", "serviceError"));
    }

    #[test]
    fn the_core_frames_go_where_their_typed_envelopes_went() {
        assert_eq!(route_core(Core::Request), Route::Unexpected(Msg::new(Code::RequestIgnored)));
        assert_eq!(route_core(Core::Event), Route::Ignore);
        let class = Route::Unexpected(Msg::new(Code::ClassIgnored).arg("resourceEvent"));
        assert_eq!(route_core(Core::Resource("resourceEvent".into())), class);
        let unknown = Route::Unexpected(Msg::new(Code::UnknownMessageType).arg("x"));
        assert_eq!(route_core(Core::Unknown("x".into())), unknown);
        let r = Json::parse(r#"{"requestId":"r","result":"success"}"#).unwrap();
        assert_eq!(route_core(Core::Response(r.clone())), Route::CoreResponse(r));
        let e = Json::parse(r#"{"requestId":"r","errorType":"E"}"#).unwrap();
        let error = Route::Error { request: Some("r".into()), code: "E".into(), message: "E".into() };
        assert_eq!(route_core(Core::Error(e)), error);
    }

    #[test]
    fn the_requests_to_the_client_decode_received_gives_are_ignored() {
        use crate::proto::wire::{decode_received, Decoded};
        let ignored = Route::Unexpected(Msg::new(Code::RequestIgnored));
        for t in [
            r#"{"messageType":"serviceRequest","requestId":"r","command":"future.command","data":{}}"#,
            r#"{"command":"channel.ready","target":"s.c","data":{}}"#,
        ] {
            match decode_received(t, usize::MAX) {
                Ok((Decoded::Frame(f), _)) => assert_eq!(route(f), ignored, "{t}"),
                _ => panic!("expected a frame: {t}"),
            }
        }
        let t = r#"{"messageType":"serviceResponse","requestId":"r","result":"success","data":{"resourceId":"x"}}"#;
        let Ok((Decoded::Frame(f), _)) = decode_received(t, usize::MAX) else { panic!("expected a frame") };
        assert!(matches!(route(f), Route::Prepared { request_id: Some(_), .. }));
    }
}
