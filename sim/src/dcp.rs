//! The Direct Client Protocol layer (WIRE-PROFILE §3): the Service Monitor, the processor's
//! bind, `prepareSession`, `bindResource`, `ping` and `getServices`. Each answer goes to the
//! asking client's queue.

use crate::fail::{core_fail, failure};
use crate::faults::{BindKind, Out};
use crate::objects::{ConnId, Session};
use crate::world::World;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::build::{ServiceDetails, ServiceInfo, ServiceList, ServiceStatus, ServiceStatusValue};
use agentwire::proto::wire::{
    Command, CommandKind, CoreCommand, CoreRequest, CoreResponse, Frame, Num, Outcome, PrepareSession,
    PrepareSessionResult, Request, Response, ResultData, ServiceEvent, ServiceEventData, ServiceRequest,
    ServiceResponse, ToJson, INTERACTION_PROCESSOR, SERVICE_MONITOR,
};

fn core_ok(r: &CoreRequest, data: Option<Json>) -> Frame {
    Frame::CoreResponse(CoreResponse {
        request_id: r.request_id.clone(),
        command: Some(r.command.clone()),
        result: "success".into(),
        data,
        failure: None,
        extra: Map::new(),
    })
}

fn service_list(w: &World) -> ServiceList {
    let p = &w.cat.processor;
    ServiceList {
        event_type: "serviceList".into(),
        services: vec![
            ServiceInfo {
                id: SERVICE_MONITOR.into(),
                name: Some(SERVICE_MONITOR.into()),
                kind: Some(SERVICE_MONITOR.into()),
                service_status: Some(ServiceStatus {
                    status: ServiceStatusValue::InService,
                    accepting_clients: None,
                    client_count: None,
                    extra: Map::new(),
                }),
                info: Some(ServiceDetails {
                    vendor: Some("OpenMethods".into()),
                    version: Some(p.version.clone()),
                    cti_vendor: None,
                    cti_version: None,
                    instance_domain: None,
                    extra: Map::new(),
                }),
                extra: Map::new(),
            },
            ServiceInfo {
                id: p.id.clone(),
                name: Some(p.name.clone()),
                kind: Some(INTERACTION_PROCESSOR.into()),
                service_status: Some(ServiceStatus {
                    status: ServiceStatusValue::InService,
                    accepting_clients: Some(true),
                    client_count: Some(Num(w.client_count().to_string().into_boxed_str())),
                    extra: Map::new(),
                }),
                info: Some(ServiceDetails {
                    vendor: Some(p.vendor.clone()),
                    version: Some(p.version.clone()),
                    cti_vendor: Some(p.cti_vendor.clone()),
                    cti_version: Some(p.cti_version.clone()),
                    instance_domain: Some(p.instance_domain.clone()),
                    extra: Map::new(),
                }),
                extra: Map::new(),
            },
        ],
        extra: Map::new(),
    }
}

/// Answers a `coreRequest`: `bindService`, `bindResource`, `ping`, `getServices`.
pub fn core_request(w: &mut World, conn: ConnId, r: CoreRequest) {
    let frames = match r.kind() {
        Some(CoreCommand::BindService) => bind_service(w, conn, &r),
        Some(CoreCommand::BindResource) => vec![bind_resource(w, conn, &r)],
        Some(CoreCommand::Ping) => vec![core_ok(&r, None)],
        Some(CoreCommand::GetServices) => {
            let services = service_list(w).services.iter().map(ToJson::to_json).collect();
            vec![core_ok(&r, Some(Json::Object(vec![("services".into(), Json::Array(services))])))]
        }
        None => vec![core_fail(&r, "UNKNOWN_COMMAND", format!("unknown core request {:?}", r.command))],
    };
    w.send_all(conn, frames);
}

fn bind_service(w: &mut World, conn: ConnId, r: &CoreRequest) -> Vec<Frame> {
    let Some(service) = r.service_id.as_deref() else {
        return vec![core_fail(r, "INVALID_REQUEST", "bindService needs a serviceId")];
    };
    if service == SERVICE_MONITOR {
        if let Some(c) = w.conns.get_mut(&conn) {
            c.monitor = true;
        }
        let event = ServiceEvent {
            service_id: Some(SERVICE_MONITOR.into()),
            data: ServiceEventData::ServiceList(service_list(w).into()),
            extra: Map::new(),
        };
        return vec![core_ok(r, None), Frame::ServiceEvent(event)];
    }
    if service != w.cat.processor.id {
        return vec![core_fail(r, "RESOURCE_UNKNOWN", format!("no service with id {service:?}"))];
    }
    if w.refuse.remaining > 0 && w.refuse.kind == BindKind::Service {
        w.refuse.remaining -= 1;
        let code = w.refuse.code.clone();
        return vec![core_fail(r, &code, "bind refused (fault injection)")];
    }
    if let Some(c) = w.conns.get_mut(&conn) {
        c.processor = true;
    }
    vec![core_ok(r, None)]
}

fn bind_resource(w: &mut World, conn: ConnId, r: &CoreRequest) -> Frame {
    if !w.conns.get(&conn).is_some_and(|c| c.processor) {
        return core_fail(r, "NOT_BOUND", "bind the interaction processor before its resources");
    }
    let Some(sid) = r.resource_id.clone() else {
        return core_fail(r, "INVALID_REQUEST", "bindResource needs a resourceId");
    };
    let aid = w.sessions.get(&sid).cloned();
    let rule = &w.refuse;
    if rule.remaining > 0
        && rule.kind == BindKind::Resource
        && (rule.agent.is_none() || rule.agent.as_deref() == aid.as_deref())
    {
        w.refuse.remaining -= 1;
        let code = w.refuse.code.clone();
        return core_fail(r, &code, format!("bind of {sid} refused (fault injection)"));
    }
    let Some(aid) = aid else {
        return core_fail(r, "RESOURCE_UNKNOWN", format!("no session resource {sid:?}"));
    };
    let holder = w.agents.get(&aid).and_then(|a| a.session.as_ref()).and_then(|s| s.bound);
    if let Some(other) = holder {
        if other != conn && w.conns.contains_key(&other) {
            return core_fail(r, "RESOURCE_BOUND", format!("session {sid} is bound by another client"));
        }
    }
    // One resource per client: binding another releases the previous one.
    if let Some(prev) = w.conns.get(&conn).and_then(|c| c.bound.clone()) {
        if prev != sid {
            w.unbind(&prev, conn);
        }
    }
    if let Some(s) = w.agents.get_mut(&aid).and_then(|a| a.session.as_mut()) {
        s.bound = Some(conn);
        s.started = false;
    }
    if let Some(c) = w.conns.get_mut(&conn) {
        c.bound = Some(sid.clone());
        c.faults.set_session(Some(sid));
    }
    core_ok(r, None)
}

/// Answers a `serviceRequest` to the processor (only `prepareSession` is one).
pub fn service_request(w: &mut World, conn: ConnId, r: ServiceRequest) {
    let response = match r.service_id.as_deref() {
        Some(s) if s != w.cat.processor.id => {
            failure(&r.request, "RESOURCE_UNKNOWN", format!("no service with id {s:?}"))
        }
        _ => match r.request.command.kind() {
            Some(CommandKind::PrepareSession) => prepare_session(w, conn, &r.request),
            _ => failure(
                &r.request,
                "UNKNOWN_COMMAND",
                format!("{:?} is not a command of the interaction processor service", r.request.name.trim()),
            ),
        },
    };
    let frame = ServiceResponse { request_id: Some(r.request_id), service_id: r.service_id, response };
    w.send(conn, Out::Frame(Frame::ServiceResponse(frame)));
}

/// `prepareSession`, in its `serviceRequest` envelope or bare: the processor must be bound.
pub fn prepare_session(w: &mut World, conn: ConnId, req: &Request) -> Response {
    if !w.conns.get(&conn).is_some_and(|c| c.processor) {
        return failure(req, "NOT_BOUND", "bind the interaction processor service first");
    }
    match &req.command {
        Command::PrepareSession(p) => prepare(w, conn, req, p),
        _ => failure(req, "INVALID_REQUEST", "not a prepareSession request"),
    }
}

/// `prepareSession` (PROTOCOL.md 2.4, WIRE-PROFILE §3.4 and §6).
fn prepare(w: &mut World, conn: ConnId, req: &Request, p: &PrepareSession) -> Response {
    let ok = w.agents.get(p.agent_id()).is_some_and(|a| a.password == p.password());
    if !ok {
        return failure(req, "AUTH_FAILED", "agent id or password rejected");
    }
    let aid = p.agent_id().to_owned();
    let existing = w.agents.get(&aid).and_then(|a| a.session.clone());
    if let Some(old) = existing {
        if !p.overriding().unwrap_or(false) {
            return Response {
                name: req.name.clone(),
                target: None,
                outcome: Outcome::Confirm {
                    message: format!("Agent {aid} already has an active session. Replace it?"),
                    original: Some(Box::new(req.clone())),
                },
                context: None,
                extra: Map::new(),
            };
        }
        if let Some(holder) = old.bound {
            if holder != conn {
                w.send(holder, Out::Close(4001, "session replaced".into()));
            }
            if let Some(c) = w.conns.get_mut(&holder) {
                c.bound = None;
                c.faults.set_session(None);
            }
        }
        w.sessions.remove(&old.id);
        tracing::info!(agent = %aid, old = %old.id, "session replaced");
    }
    let sid = w.new_session_id();
    let flood = w.opts.flood;
    if let Some(a) = w.agents.get_mut(&aid) {
        let mut s = Session::new(sid.clone());
        s.flood.0 = flood;
        a.session = Some(s);
    }
    w.sessions.insert(sid.clone(), aid.clone());
    tracing::info!(agent = %aid, session = %sid, conn, "session prepared");
    Response::success(req, Some(ResultData::PrepareSession(PrepareSessionResult::new(&sid))))
}
