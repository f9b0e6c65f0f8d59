//! Direct Client Protocol core and service messages (PROTOCOL.md 1.2, 2.3–2.5;
//! WIRE-PROFILE §2–3), and the HTTP transport's session messages (2.2).

use super::codec::{FieldError, FromJson, ToJson};
use super::message::{opt_string, Failure, Request, Response, FAILURE};
use super::schema::Shape::{self, Any, Bool, Num, Str};
use super::schema::{opt, payload, req};
use crate::proto::json::{Json, Map};

/// A member type of an [`envelope!`]: its shape in the envelope's table, and its value from
/// the tree the table checked.
trait Member: Sized {
    /// The value's shape.
    const SHAPE: Shape;
    /// Whether the member must be present (an optional one may also be `null`).
    const REQUIRED: bool = true;
    /// The value from the checked tree.
    fn from_tree(j: Json) -> Result<Self, FieldError>;
    /// The value of an absent member (which the table allows only for an optional one).
    fn absent() -> Result<Self, FieldError> {
        Err(FieldError::missing())
    }
}

impl Member for String {
    const SHAPE: Shape = Str;
    fn from_tree(j: Json) -> Result<Self, FieldError> {
        match j {
            Json::String(s) => Ok(s),
            other => Err(FieldError::wrong_type("a string", &other)),
        }
    }
}

impl Member for Json {
    const SHAPE: Shape = Any;
    fn from_tree(j: Json) -> Result<Self, FieldError> {
        Ok(j)
    }
}

impl Member for Failure {
    const SHAPE: Shape = FAILURE;
    fn from_tree(j: Json) -> Result<Self, FieldError> {
        Ok(Failure(j))
    }
}

impl Member for ServiceEventData {
    const SHAPE: Shape = Any;
    fn from_tree(j: Json) -> Result<Self, FieldError> {
        ServiceEventData::from_json(&j)
    }
}

impl<T: Member> Member for Option<T> {
    const SHAPE: Shape = T::SHAPE;
    const REQUIRED: bool = false;
    fn from_tree(j: Json) -> Result<Self, FieldError> {
        T::from_tree(j).map(Some)
    }
    fn absent() -> Result<Self, FieldError> {
        Ok(None)
    }
}

/// Member `key` out of the checked tree's members (what is left are the unknown ones, in
/// arrival order).
#[inline(never)]
fn take<T: Member>(m: &mut Map, key: &str) -> Result<T, FieldError> {
    match m.iter().position(|(k, _)| k == key).and_then(|i| crate::proto::order::take(m, i)) {
        Some((_, v)) => T::from_tree(v),
        None => T::absent(),
    }
    .map_err(|e| e.at(key))
}

/// Declares a core or service envelope: a struct with public members and `extra` (members
/// this version does not know), read by the one schema decoder against the table its members
/// give (the same strictness, errors and member paths as a `wire_struct!`'s own decoder,
/// which each envelope had: the first bad member in declared order, a later duplicate
/// winning), then moved into the members; written like a `wire_struct!`.
macro_rules! envelope {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Members this version of the protocol does not define, kept as they came.
            pub extra: Map,
        }

        impl $name {
            /// The table its members give (also what the client reads it by, [`Core`]).
            fn table() -> &'static Shape {
                static SHAPE: Shape = Shape::Object(&[
                    $( super::schema::Field { key: $key, shape: &<$ty as Member>::SHAPE, required: <$ty as Member>::REQUIRED }, )*
                ]);
                &SHAPE
            }
        }

        impl FromJson for $name {
            fn read(r: &mut crate::proto::json::Reader<'_>) -> Result<Self, FieldError> {
                let mut m = match super::schema::read(r, $name::table())? {
                    Json::Object(m) => m,
                    _ => Map::new(),
                };
                Ok($name { $( $field: take(&mut m, $key)?, )* extra: m })
            }
        }

        impl ToJson for $name {
            fn to_json(&self) -> Json {
                let mut m: Map = Vec::new();
                $( super::codec::put(&self.$field, $key, &mut m); )*
                m.extend(self.extra.iter().cloned());
                Json::Object(m)
            }
        }
    };
}

/// The Service Monitor's fixed id and name (2.3).
pub const SERVICE_MONITOR: &str = "ServiceMonitor";
/// The service type of an interaction processor.
pub const INTERACTION_PROCESSOR: &str = "InteractionProcessor";

envelope! {
    /// `coreRequest` (1.2): `bindService` with `serviceId`, `bindResource` with `resourceId`
    /// (**[I]**, WIRE-PROFILE §3.5), `ping` (WIRE-PROFILE §6), `getServices`.
    pub struct CoreRequest {
        /// Unique per request; echoed by the response.
        request_id: String = "requestId",
        /// Request type.
        command: String = "command",
        /// For `bindService`.
        service_id: Option<String> = "serviceId",
        /// For `bindResource`.
        resource_id: Option<String> = "resourceId",
    }
}

/// Core request types agentwire knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreCommand {
    /// Bind a network service (ServiceMonitor or a processor).
    BindService,
    /// Bind a session resource.
    BindResource,
    /// Keep-alive.
    Ping,
    /// Service information.
    GetServices,
}

impl CoreCommand {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            CoreCommand::BindService => "bindService",
            CoreCommand::BindResource => "bindResource",
            CoreCommand::Ping => "ping",
            CoreCommand::GetServices => "getServices",
        }
    }

    /// The command for a wire name.
    pub fn from_name(s: &str) -> Option<CoreCommand> {
        let s = s.trim();
        [CoreCommand::BindService, CoreCommand::BindResource, CoreCommand::Ping, CoreCommand::GetServices]
            .into_iter()
            .find(|c| c.name() == s)
    }
}

impl CoreRequest {
    /// A core request of `command` with id `request_id`.
    pub fn new(request_id: String, command: CoreCommand) -> CoreRequest {
        CoreRequest {
            request_id,
            command: command.name().to_owned(),
            service_id: None,
            resource_id: None,
            extra: Vec::new(),
        }
    }

    /// The typed request type, when known.
    pub fn kind(&self) -> Option<CoreCommand> {
        CoreCommand::from_name(&self.command)
    }
}

envelope! {
    /// `coreResponse` (**[I]** shape, WIRE-PROFILE §3:
    /// `{"messageType":"coreResponse","requestId":…,"command":…,"result":"success"}`).
    pub struct CoreResponse {
        /// The request's id.
        request_id: String = "requestId",
        /// The request type.
        command: Option<String> = "command",
        /// `success` or `failure`.
        result: String = "result",
        /// Response data.
        data: Option<Json> = "data",
        /// Failure details (1.5 shape).
        failure: Option<Failure> = "failure",
    }
}

impl CoreResponse {
    /// Whether `result` is `success`.
    pub fn is_success(&self) -> bool {
        self.result == "success"
    }
}

payload! {
    /// `coreEvent` (**[I]**: an optional event name `eventType` plus optional `data`; the client
    /// takes none, so it is checked by the schema decoder and kept).
    CoreEvent = {
        static SHAPE: Shape = Shape::Object(&[opt("eventType", &Str), opt("data", &Shape::Any)]);
        &SHAPE
    }
}

envelope! {
    /// `coreError` (**[I]**: an error type plus details).
    pub struct CoreError {
        /// The request it concerns, if any.
        request_id: Option<String> = "requestId",
        /// Error type.
        error_type: Option<String> = "errorType",
        /// Details.
        message: Option<String> = "message",
    }
}

/// One service of `serviceList` (2.3): `id`; `name`; `type` (e.g. `InteractionProcessor`);
/// `serviceStatus` with `status` (`OutOfService | Starting | InService`, and `Stopping |
/// Stopped` **[I]**; other values kept), `acceptingClients` and `clientCount` (load fields
/// **[I]** placed here, as the fixture shows); `info` with vendor, versions and the
/// `instance-domain` that groups processors serving the same pool of clients.
pub static SERVICE_INFO: Shape = Shape::Object(&[
    req("id", &Str),
    opt("name", &Str),
    opt("type", &Str),
    opt(
        "serviceStatus",
        &Shape::Object(&[req("status", &Str), opt("acceptingClients", &Bool), opt("clientCount", &Num)]),
    ),
    opt(
        "info",
        &Shape::Object(&[
            opt("vendor", &Str),
            opt("version", &Str),
            opt("cti-vendor", &Str),
            opt("cti-version", &Str),
            opt("instance-domain", &Str),
        ]),
    ),
]);

payload! {
    /// The Service Monitor's `serviceList` event data (2.3): `eventType` (`serviceList`) and
    /// `services` ([`SERVICE_INFO`] each), checked by the schema decoder (read at start-up
    /// only).
    ServiceList = {
        static SHAPE: Shape = Shape::Object(&[req("eventType", &Str), req("services", &Shape::Array(&SERVICE_INFO))]);
        &SHAPE
    }
}

impl ServiceList {
    /// The services ([`SERVICE_INFO`] each).
    pub fn services(&self) -> &[Json] {
        super::schema::list(&self.0, "services")
    }
}

/// `data` of a `serviceEvent`.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceEventData {
    /// The Service Monitor's list of services.
    ServiceList(ServiceList),
    /// Another service event (later registrations are not documented), kept.
    Other(Json),
}

impl Default for ServiceEventData {
    /// An empty other event (what a decoder starts from).
    fn default() -> Self {
        ServiceEventData::Other(Json::Null)
    }
}

impl FromJson for ServiceEventData {
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        if v.get("eventType").and_then(Json::as_str) == Some("serviceList") {
            ServiceList::from_json(v).map(ServiceEventData::ServiceList)
        } else {
            Ok(ServiceEventData::Other(v.clone()))
        }
    }
}

impl ToJson for ServiceEventData {
    fn to_json(&self) -> Json {
        match self {
            ServiceEventData::ServiceList(l) => l.to_json(),
            ServiceEventData::Other(j) => j.clone(),
        }
    }
}

envelope! {
    /// `serviceEvent` (WIRE-PROFILE §3.1).
    pub struct ServiceEvent {
        /// The emitting service.
        service_id: Option<String> = "serviceId",
        /// Data.
        data: ServiceEventData = "data",
    }
}

envelope! {
    /// `serviceError` (**[I]**).
    pub struct ServiceError {
        /// The request it concerns.
        request_id: Option<String> = "requestId",
        /// The service.
        service_id: Option<String> = "serviceId",
        /// Details.
        failure: Option<Failure> = "failure",
        /// Text.
        message: Option<String> = "message",
    }
}

/// A frame of a class the client reads without building it ([`super::decode_received`]: the
/// core layer's, `serviceEvent` and `serviceError`, the HTTP transport's, the resource
/// layer's and unknown ones): checked by its table exactly as [`super::decode`] checks it
/// (the same errors, in the same order), the members the engine reads kept as that table's
/// tree (the declared ones, then the others as they came), instead of the typed envelope,
/// which only hosts build.
#[derive(Clone, Debug, PartialEq)]
pub enum Core {
    /// A request to the client (`coreRequest`, the HTTP transport's `startSession` and
    /// `endSession`): checked, not kept (a client answers none).
    Request,
    /// A `coreResponse` ([`CoreResponse`]'s members).
    Response(Json),
    /// A `coreError` ([`CoreError`]'s members).
    Error(Json),
    /// A `serviceEvent` carrying the Service Monitor's list.
    Services(ServiceList),
    /// Another `serviceEvent`, or a `coreEvent` (the client takes neither).
    Event,
    /// A `serviceError` ([`ServiceError`]'s members).
    ServiceError(Json),
    /// A frame of the resource layer's classes (its class), which the client does not take.
    Resource(String),
    /// A `messageType` this version does not know (it).
    Unknown(String),
}

/// An envelope's table.
type Table = fn() -> &'static Shape;

/// A payload's table.
fn table_of<T: super::schema::Data>() -> &'static Shape {
    T::TABLE.unwrap_or(&Shape::Any)
}

/// The client's reading of a frame of class `class` whose text is `text` (validated: any
/// object), or `None` for the classes it reads as a [`super::Frame`].
pub(super) fn read_core(class: &str, text: &str) -> Option<Result<Core, FieldError>> {
    let (table, kind): (Table, fn(Json) -> Core) = match class {
        "coreRequest" => (CoreRequest::table, |_| Core::Request),
        "coreResponse" => (CoreResponse::table, Core::Response),
        "coreError" => (CoreError::table, Core::Error),
        "coreEvent" => (table_of::<CoreEvent>, |_| Core::Event),
        "serviceEvent" => (ServiceEvent::table, |_| Core::Event),
        "serviceError" => (ServiceError::table, Core::ServiceError),
        "startSession" | "endSession" => (table_of::<HttpSession>, |_| Core::Request),
        "objectEvent" | "serviceRequest" | "serviceResponse" => return None,
        "resourceRequest" | "resourceResponse" | "resourceEvent" | "resourceError" => {
            return Some(Ok(Core::Resource(class.to_owned())))
        }
        other => return Some(Ok(Core::Unknown(other.to_owned()))),
    };
    let j = match super::schema::read(&mut crate::proto::json::Reader::new(text), table()) {
        Ok(j) => j,
        Err(e) => return Some(Err(e)),
    };
    // A service event's `data` is read further, as `ServiceEventData` reads it.
    Some(match j.get("data") {
        Some(data) if class == "serviceEvent" => match ServiceEventData::from_json(data) {
            Ok(ServiceEventData::ServiceList(list)) => Ok(Core::Services(list)),
            Ok(ServiceEventData::Other(_)) => Ok(Core::Event),
            Err(e) => Err(e.at("data")),
        },
        _ => Ok(kind(j)),
    })
}

/// `serviceRequest`: a request id and service id around a request body (WIRE-PROFILE §3.4).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRequest {
    /// Unique per request.
    pub request_id: String,
    /// The service addressed.
    pub service_id: Option<String>,
    /// The request (`command`, `data`).
    pub request: Request,
}

/// `serviceResponse`: the envelope around a response body.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceResponse {
    /// The request's id.
    pub request_id: Option<String>,
    /// The service.
    pub service_id: Option<String>,
    /// The response (`command`, `result`, …).
    pub response: Response,
}

const SERVICE_ENVELOPE: &[&str] = &["messageType", "requestId", "serviceId"];

/// The optional string member `key` of the envelope (a value that is not an object has none).
fn envelope_string(v: &Json, key: &str) -> Result<Option<String>, FieldError> {
    v.as_object().map_or(Ok(None), |m| opt_string(m, key))
}

impl FromJson for ServiceRequest {
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        Ok(ServiceRequest {
            request_id: envelope_string(v, "requestId")?.ok_or_else(|| FieldError::missing().at("requestId"))?,
            service_id: envelope_string(v, "serviceId")?,
            request: Request::from_members(v, SERVICE_ENVELOPE)?,
        })
    }
}

impl ToJson for ServiceRequest {
    fn to_json(&self) -> Json {
        let mut m: Map = vec![
            ("messageType".into(), Json::str("serviceRequest")),
            ("requestId".into(), Json::str(&self.request_id)),
        ];
        if let Some(s) = &self.service_id {
            m.push(("serviceId".into(), Json::str(s)));
        }
        self.request.write_members(&mut m);
        Json::Object(m)
    }
}

impl FromJson for ServiceResponse {
    fn from_json(v: &Json) -> Result<Self, FieldError> {
        // Service responses are matched by `requestId` (WIRE-PROFILE §2), and the processor's
        // one service command is `prepareSession` (§3.4): a response without `command` is
        // read as its answer.
        Ok(ServiceResponse {
            request_id: envelope_string(v, "requestId")?,
            service_id: envelope_string(v, "serviceId")?,
            response: Response::decode(v, SERVICE_ENVELOPE, Some("prepareSession"))?,
        })
    }
}

impl ToJson for ServiceResponse {
    fn to_json(&self) -> Json {
        let mut m: Map = vec![("messageType".into(), Json::str("serviceResponse"))];
        if let Some(s) = &self.request_id {
            m.push(("requestId".into(), Json::str(s)));
        }
        if let Some(s) = &self.service_id {
            m.push(("serviceId".into(), Json::str(s)));
        }
        self.response.write_members(&mut m);
        Json::Object(m)
    }
}

payload! {
    /// HTTP transport `startSession` / `endSession` body (2.2): `{"client": {"id", "name"}}`,
    /// the client's id optional in `startSession` (the server makes one). agentwire speaks
    /// WebSocket; these are checked by the schema decoder so the codec covers every
    /// documented message.
    HttpSession = {
        static SHAPE: Shape = Shape::Object(&[req("client", &Shape::Object(&[opt("id", &Str), req("name", &Str)]))]);
        &SHAPE
    }
}

payload! {
    /// HTTP transport `startSession` response: `{"id": …}`.
    HttpSessionResponse = {
        static SHAPE: Shape = Shape::Object(&[req("id", &Str)]);
        &SHAPE
    }
}
