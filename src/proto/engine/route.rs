//! What a decoded frame means to the client, decided from the frame alone (the engine then
//! asks its state what to do with it): an object event, a resource response, a bootstrap
//! answer, an error answering a request, something to ignore, or something unexpected.

use super::bootstrap::failure_code;
use crate::proto::text::{Code, Msg};
use crate::proto::wire::{
    CommandKind, CoreError, CoreResponse, Event, Frame, Response, ServiceError, ServiceEventData, ServiceList,
};

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
    /// A `coreResponse` (a bind, or the keep-alive's answer).
    CoreResponse(CoreResponse),
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

/// Where `frame` goes.
pub fn route(frame: Frame) -> Route {
    match frame {
        Frame::Event(ev) => Route::Event(ev),
        Frame::Response(r) if r.kind() == Some(CommandKind::PrepareSession) => {
            Route::Prepared { request_id: None, response: r }
        }
        Frame::Response(r) => Route::Response(r),
        Frame::ServiceResponse(r) => Route::Prepared { request_id: r.request_id, response: r.response },
        Frame::CoreResponse(r) => Route::CoreResponse(r),
        Frame::ServiceEvent(e) => match e.data {
            ServiceEventData::ServiceList(list) => Route::ServiceList(list),
            _ => Route::Ignore,
        },
        Frame::CoreEvent(_) => Route::Ignore,
        Frame::CoreError(e) => {
            let (request, code, message) = core_error_parts(e);
            Route::Error { request, code, message }
        }
        Frame::ServiceError(e) => {
            let (request, code, message) = service_error_parts(e);
            Route::Error { request, code, message }
        }
        other => Route::Unexpected(unexpected_frame(&other)),
    }
}

/// A `coreError`'s `(requestId, code, message)`. PROTOCOL 1.2: "an error type plus
/// details"; a `code` member is read too.
pub fn core_error_parts(e: CoreError) -> (Option<String>, String, String) {
    let code = e.error_type.clone().or_else(|| failure_code(None, &e.extra)).unwrap_or_else(|| "CORE_ERROR".into());
    let msg = e.message.or(e.error_type).unwrap_or_else(|| "coreError".into());
    (e.request_id, code, msg)
}

/// A `serviceError`'s `(requestId, code, message)`.
pub fn service_error_parts(e: ServiceError) -> (Option<String>, String, String) {
    let code = failure_code(e.failure.as_ref(), &e.extra).unwrap_or_else(|| "SERVICE_ERROR".into());
    let msg = e
        .failure
        .as_ref()
        .and_then(|f| f.message().map(String::from))
        .or(e.message)
        .unwrap_or_else(|| "serviceError".into());
    (e.request_id, code, msg)
}

/// Why a frame of a class the client does not take was ignored.
pub fn unexpected_frame(frame: &Frame) -> Msg {
    match frame {
        Frame::Unknown { message_type, .. } => Msg::new(Code::UnknownMessageType).arg(message_type.as_str()),
        Frame::Resource { class, .. } => Msg::new(Code::ClassIgnored).arg(class.as_str()),
        _ => Msg::new(Code::RequestIgnored),
    }
}
