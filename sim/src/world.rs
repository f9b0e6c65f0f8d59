//! The simulated interaction processor's whole state behind one lock: agents and their
//! sessions, connected clients, the address book, timers. Handlers run under the lock,
//! never await, and hand frames to each connection's writer through its queue, so encoding
//! happens outside the lock.
//!
//! This file holds the Direct Client Protocol layer (WIRE-PROFILE §3): Service Monitor,
//! processor bind, `prepareSession`, `bindResource`, `ping`. Session-resource commands are
//! in `commands.rs`, generated traffic in `traffic.rs`.

use crate::agent::{Agent, ConnId, Session};
use crate::config::Catalog;
use crate::fail::{core_error, core_fail, failure};
use crate::faults::{BindKind, ConnFaults, Out, RefuseBinds};
use crate::rng::Rng;
use crate::timers::Timers;
use agentwire::proto::json::{Json, Map};
use agentwire::proto::wire::{
    AddressBook, Command, CommandKind, CoreCommand, CoreRequest, CoreResponse, DecodeError, Dialect, Frame, Num,
    Outcome, PrepareSession, PrepareSessionResult, Request, Response, ResultData, ServiceDetails, ServiceEvent,
    ServiceEventData, ServiceInfo, ServiceList, ServiceRequest, ServiceResponse, ServiceStatus, ServiceStatusValue,
    INTERACTION_PROCESSOR, SERVICE_MONITOR,
};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Which command-name generation the processor accepts (`--dialect`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DialectMode {
    /// Legacy names only.
    Legacy,
    /// Current (`.request.`) names only.
    Current,
    /// Both.
    #[default]
    Any,
}

impl DialectMode {
    /// Parses `legacy` / `current` / `any`.
    pub fn parse(s: &str) -> Option<DialectMode> {
        match s {
            "legacy" => Some(DialectMode::Legacy),
            "current" => Some(DialectMode::Current),
            "any" => Some(DialectMode::Any),
            _ => None,
        }
    }

    /// Whether a command spelled `name` is accepted.
    pub fn accepts(self, kind: CommandKind, name: &str) -> bool {
        match (self, kind.dialect_of(name)) {
            (DialectMode::Any, _) | (_, None) => true,
            (DialectMode::Legacy, Some(d)) => d == Dialect::Legacy,
            (DialectMode::Current, Some(d)) => d == Dialect::Current,
        }
    }
}

/// A connected client.
#[derive(Debug)]
pub struct Conn {
    /// Its writer's queue.
    pub tx: mpsc::Sender<Out>,
    /// Its faults.
    pub faults: Arc<ConnFaults>,
    /// The `tag` query parameter of its WebSocket URL, for the control API.
    pub tag: Option<String>,
    /// Peer address.
    pub peer: SocketAddr,
    /// Bound the Service Monitor.
    pub monitor: bool,
    /// Bound the processor.
    pub processor: bool,
    /// The session resource it has bound (kept after logout: the session is then inert).
    pub bound: Option<String>,
}

/// Runtime settings of the world that are not part of the catalog.
#[derive(Debug, Clone, Default)]
pub struct WorldOptions {
    /// Accepted dialect.
    pub dialect: DialectMode,
    /// Seconds between scheduled inbound interactions per ready session (0: off).
    pub inbound_every: u64,
    /// Seconds between address-book presence changes (0: off).
    pub presence_every: u64,
    /// Flood rate every started session gets (events per second, 0: off).
    pub flood: u32,
    /// Refuse the first N resource binds.
    pub refuse_binds: u32,
}

/// A failure the next matching command gets instead of running (`control/fail`).
#[derive(Debug, Clone)]
pub struct InjectedFailure {
    /// Only commands of this agent's session (any when `None`).
    pub agent: Option<String>,
    /// Only this command (either dialect's name; any when `None`).
    pub command: Option<String>,
    /// The failure code.
    pub code: &'static str,
    /// How many more commands it applies to.
    pub remaining: u32,
}

/// The processor's state.
#[derive(Debug)]
pub struct World {
    /// Configuration.
    pub cat: Arc<Catalog>,
    /// Options.
    pub opts: WorldOptions,
    /// Agents by id.
    pub agents: HashMap<String, Agent>,
    /// Session id → agent id.
    pub sessions: HashMap<String, String>,
    /// Clients by id.
    pub conns: BTreeMap<ConnId, Conn>,
    /// The address books (changed by presence traffic).
    pub books: Vec<AddressBook>,
    /// Refuse-bind rule.
    pub refuse: RefuseBinds,
    /// Failures injected by `control/fail`, consumed by the next matching commands.
    pub injected: Vec<InjectedFailure>,
    /// Pending call-progress timers.
    pub timers: Timers,
    /// Random source for traffic.
    pub rng: Rng,
    /// When the next presence change is due.
    pub next_presence: Option<std::time::Instant>,
    next_conn: ConnId,
    next_session: u64,
    /// Next interaction number.
    pub next_ix: u64,
    prefix: String,
}

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

impl World {
    /// A world with every configured agent logged out.
    pub fn new(cat: Arc<Catalog>, opts: WorldOptions) -> World {
        let agents = cat.agents.iter().map(|a| (a.id.clone(), Agent::new(&cat, a))).collect();
        let mut rng = Rng::new();
        let prefix = format!("{:04x}", rng.next_u64() & 0xffff);
        let refuse = RefuseBinds { remaining: opts.refuse_binds, ..RefuseBinds::default() };
        World {
            injected: Vec::new(),
            books: cat.books.clone(),
            cat,
            opts,
            agents,
            sessions: HashMap::new(),
            conns: BTreeMap::new(),
            refuse,
            timers: Timers::default(),
            rng,
            next_presence: None,
            next_conn: 1,
            next_session: 1001,
            next_ix: 5001,
            prefix,
        }
    }

    // ------------------------------------------------------------------ connections

    /// Registers a new client; returns its id.
    pub fn connect(
        &mut self,
        tx: mpsc::Sender<Out>,
        faults: Arc<ConnFaults>,
        tag: Option<String>,
        peer: SocketAddr,
    ) -> ConnId {
        let id = self.next_conn;
        self.next_conn += 1;
        self.conns.insert(id, Conn { tx, faults, tag, peer, monitor: false, processor: false, bound: None });
        id
    }

    /// A client went away: its session stays, unbound (PROTOCOL.md 2.6: a reconnect
    /// re-announces everything).
    pub fn disconnect(&mut self, id: ConnId) {
        if let Some(c) = self.conns.remove(&id) {
            if let Some(sid) = c.bound {
                self.unbind(&sid, id);
            }
        }
    }

    fn unbind(&mut self, sid: &str, conn: ConnId) {
        let Some(aid) = self.sessions.get(sid) else { return };
        if let Some(s) = self.agents.get_mut(aid).and_then(|a| a.session.as_mut()) {
            if s.bound == Some(conn) {
                s.bound = None;
                s.started = false;
            }
        }
    }

    /// Queues output for a client. A client whose queue is full is dropped: it does not read.
    pub fn send(&self, conn: ConnId, out: Out) {
        if let Some(c) = self.conns.get(&conn) {
            if let Err(mpsc::error::TrySendError::Full(_)) = c.tx.try_send(out) {
                c.faults.overflow.store(true, std::sync::atomic::Ordering::Release);
                tracing::warn!(conn, "outbound queue full; dropping the client");
            }
        }
    }

    /// Queues frames for a client.
    pub fn send_all(&self, conn: ConnId, frames: Vec<Frame>) {
        for f in frames {
            self.send(conn, Out::Frame(f));
        }
    }

    /// Queues frames for whoever listens to an agent's session.
    pub fn deliver(&self, agent: &str, frames: Vec<Frame>) {
        if let Some(conn) = self.agents.get(agent).and_then(Agent::listener) {
            self.send_all(conn, frames);
        }
    }

    /// Number of clients that bound the processor (`clientCount`).
    pub fn client_count(&self) -> usize {
        self.conns.values().filter(|c| c.processor).count()
    }

    // ------------------------------------------------------------------ dispatch

    /// Handles one decoded frame from a client.
    pub fn handle(&mut self, conn: ConnId, frame: Frame) {
        match frame {
            Frame::CoreRequest(r) => self.core(conn, r),
            Frame::ServiceRequest(r) => self.service(conn, r),
            Frame::Request(r) if r.command.kind() == Some(CommandKind::PrepareSession) => {
                // PROTOCOL.md 2.4 shows prepareSession without the service envelope.
                let resp = self.prepare_checked(conn, &r);
                self.send(conn, Out::Frame(Frame::Response(resp)));
            }
            Frame::Request(r) => self.resource(conn, r),
            other => {
                let what = match &other {
                    Frame::Event(_) => "objectEvent".to_owned(),
                    Frame::Response(_) => "response".to_owned(),
                    Frame::Unknown { message_type, .. } | Frame::Resource { class: message_type, .. } => {
                        message_type.clone()
                    }
                    _ => "this message class".to_owned(),
                };
                self.send(
                    conn,
                    Out::Frame(core_error(
                        "INVALID_REQUEST",
                        format!("the processor does not accept {what} from clients"),
                    )),
                );
            }
        }
    }

    /// Answers a frame that did not decode: a failure carrying the request as `original`
    /// when it looks like one, otherwise a `coreError`.
    pub fn undecodable(&mut self, conn: ConnId, text: &str, e: &DecodeError) {
        let msg = format!("invalid request: {e}");
        if matches!(e, DecodeError::TooLarge { .. }) {
            // Never parse (or echo back) an oversized frame.
            return self.send(conn, Out::Frame(core_error("INVALID_REQUEST", msg)));
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
                        let r =
                            CoreRequest { request_id, command, service_id: None, resource_id: None, extra: Map::new() };
                        core_fail(&r, "INVALID_REQUEST", msg)
                    }
                    _ => core_error("INVALID_REQUEST", msg),
                },
                Some(_) => core_error("INVALID_REQUEST", msg),
            },
            _ => core_error("INVALID_REQUEST", msg),
        };
        self.send(conn, Out::Frame(frame));
    }

    // ------------------------------------------------------------------ core layer

    fn service_list(&self) -> ServiceList {
        let p = &self.cat.processor;
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
                        client_count: Some(Num(self.client_count().to_string().into_boxed_str())),
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

    fn core(&mut self, conn: ConnId, r: CoreRequest) {
        let frames = match r.kind() {
            Some(CoreCommand::BindService) => self.bind_service(conn, &r),
            Some(CoreCommand::BindResource) => vec![self.bind_resource(conn, &r)],
            Some(CoreCommand::Ping) => vec![core_ok(&r, None)],
            Some(CoreCommand::GetServices) => {
                use agentwire::proto::wire::ToJson;
                let services = self.service_list().services.iter().map(ToJson::to_json).collect();
                vec![core_ok(&r, Some(Json::Object(vec![("services".into(), Json::Array(services))])))]
            }
            None => vec![core_fail(&r, "UNKNOWN_COMMAND", format!("unknown core request {:?}", r.command))],
        };
        self.send_all(conn, frames);
    }

    fn bind_service(&mut self, conn: ConnId, r: &CoreRequest) -> Vec<Frame> {
        let Some(service) = r.service_id.as_deref() else {
            return vec![core_fail(r, "INVALID_REQUEST", "bindService needs a serviceId")];
        };
        if service == SERVICE_MONITOR {
            if let Some(c) = self.conns.get_mut(&conn) {
                c.monitor = true;
            }
            let event = ServiceEvent {
                service_id: Some(SERVICE_MONITOR.into()),
                data: ServiceEventData::ServiceList(self.service_list()),
                extra: Map::new(),
            };
            return vec![core_ok(r, None), Frame::ServiceEvent(event)];
        }
        if service != self.cat.processor.id {
            return vec![core_fail(r, "RESOURCE_UNKNOWN", format!("no service with id {service:?}"))];
        }
        if self.refuse.remaining > 0 && self.refuse.kind == BindKind::Service {
            self.refuse.remaining -= 1;
            let code = self.refuse.code.clone();
            return vec![core_fail(r, &code, "bind refused (fault injection)")];
        }
        if let Some(c) = self.conns.get_mut(&conn) {
            c.processor = true;
        }
        vec![core_ok(r, None)]
    }

    fn bind_resource(&mut self, conn: ConnId, r: &CoreRequest) -> Frame {
        if !self.conns.get(&conn).is_some_and(|c| c.processor) {
            return core_fail(r, "NOT_BOUND", "bind the interaction processor before its resources");
        }
        let Some(sid) = r.resource_id.clone() else {
            return core_fail(r, "INVALID_REQUEST", "bindResource needs a resourceId");
        };
        let aid = self.sessions.get(&sid).cloned();
        let rule = &self.refuse;
        if rule.remaining > 0
            && rule.kind == BindKind::Resource
            && (rule.agent.is_none() || rule.agent.as_deref() == aid.as_deref())
        {
            self.refuse.remaining -= 1;
            let code = self.refuse.code.clone();
            return core_fail(r, &code, format!("bind of {sid} refused (fault injection)"));
        }
        let Some(aid) = aid else {
            return core_fail(r, "RESOURCE_UNKNOWN", format!("no session resource {sid:?}"));
        };
        let holder = self.agents.get(&aid).and_then(|a| a.session.as_ref()).and_then(|s| s.bound);
        if let Some(other) = holder {
            if other != conn && self.conns.contains_key(&other) {
                return core_fail(r, "RESOURCE_BOUND", format!("session {sid} is bound by another client"));
            }
        }
        // One resource per client: binding another releases the previous one.
        if let Some(prev) = self.conns.get(&conn).and_then(|c| c.bound.clone()) {
            if prev != sid {
                self.unbind(&prev, conn);
            }
        }
        if let Some(s) = self.agents.get_mut(&aid).and_then(|a| a.session.as_mut()) {
            s.bound = Some(conn);
            s.started = false;
        }
        if let Some(c) = self.conns.get_mut(&conn) {
            c.bound = Some(sid.clone());
            c.faults.set_session(Some(sid));
        }
        core_ok(r, None)
    }

    // ------------------------------------------------------------------ service layer

    fn service(&mut self, conn: ConnId, r: ServiceRequest) {
        let response = match r.service_id.as_deref() {
            Some(s) if s != self.cat.processor.id => {
                failure(&r.request, "RESOURCE_UNKNOWN", format!("no service with id {s:?}"))
            }
            _ => match r.request.command.kind() {
                Some(CommandKind::PrepareSession) => self.prepare_checked(conn, &r.request),
                _ => failure(
                    &r.request,
                    "UNKNOWN_COMMAND",
                    format!("{:?} is not a command of the interaction processor service", r.request.name.trim()),
                ),
            },
        };
        let frame = ServiceResponse { request_id: Some(r.request_id), service_id: r.service_id, response };
        self.send(conn, Out::Frame(Frame::ServiceResponse(frame)));
    }

    fn prepare_checked(&mut self, conn: ConnId, req: &Request) -> Response {
        if !self.conns.get(&conn).is_some_and(|c| c.processor) {
            return failure(req, "NOT_BOUND", "bind the interaction processor service first");
        }
        match &req.command {
            Command::PrepareSession(p) => self.prepare(conn, req, p),
            _ => failure(req, "INVALID_REQUEST", "not a prepareSession request"),
        }
    }

    /// `prepareSession` (PROTOCOL.md 2.4, WIRE-PROFILE §3.4 and §6).
    fn prepare(&mut self, conn: ConnId, req: &Request, p: &PrepareSession) -> Response {
        let ok = self.agents.get(&p.agent.id).is_some_and(|a| a.password == p.agent.password);
        if !ok {
            return failure(req, "AUTH_FAILED", "agent id or password rejected");
        }
        let aid = p.agent.id.clone();
        let existing = self.agents.get(&aid).and_then(|a| a.session.clone());
        if let Some(old) = existing {
            if !p.overriding.unwrap_or(false) {
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
                    self.send(holder, Out::Close(4001, "session replaced".into()));
                }
                if let Some(c) = self.conns.get_mut(&holder) {
                    c.bound = None;
                    c.faults.set_session(None);
                }
            }
            self.sessions.remove(&old.id);
            tracing::info!(agent = %aid, old = %old.id, "session replaced");
        }
        let sid = format!("s{}-{}", self.prefix, self.next_session);
        self.next_session += 1;
        let flood = self.opts.flood;
        if let Some(a) = self.agents.get_mut(&aid) {
            let mut s = Session::new(sid.clone());
            s.flood.0 = flood;
            a.session = Some(s);
        }
        self.sessions.insert(sid.clone(), aid.clone());
        tracing::info!(agent = %aid, session = %sid, conn, "session prepared");
        Response::success(
            req,
            Some(ResultData::PrepareSession(PrepareSessionResult { resource_id: sid, extra: Map::new() })),
        )
    }

    // ------------------------------------------------------------------ control helpers

    /// Drops every client and keeps every session (a processor restart with state kept).
    pub fn restart(&mut self) -> usize {
        let ids: Vec<ConnId> = self.conns.keys().copied().collect();
        for &id in &ids {
            self.send(id, Out::Abort);
            self.disconnect(id);
        }
        ids.len()
    }

    /// Closes every client (shutdown).
    pub fn close_all(&mut self, code: u16, reason: &str) {
        let ids: Vec<ConnId> = self.conns.keys().copied().collect();
        for id in ids {
            self.send(id, Out::Close(code, reason.into()));
        }
    }

    /// The clients a control request selects: by `conn` id, `tag`, `session` or `agent`;
    /// all of them when no selector is given.
    pub fn select(
        &self,
        conn: Option<u64>,
        tag: Option<&str>,
        session: Option<&str>,
        agent: Option<&str>,
    ) -> Vec<ConnId> {
        let session = session
            .map(str::to_owned)
            .or_else(|| agent.and_then(|a| self.agents.get(a)).and_then(|a| a.session.as_ref()).map(|s| s.id.clone()));
        let agent_given = agent.is_some();
        self.conns
            .iter()
            .filter(|(id, c)| {
                conn.is_none_or(|x| x == **id)
                    && tag.is_none_or(|t| c.tag.as_deref() == Some(t))
                    && ((session.is_none() && !agent_given) || (session.is_some() && c.bound == session))
            })
            .map(|(id, _)| *id)
            .collect()
    }

    /// The agent id of a session, or of an agent id given directly.
    pub fn agent_of(&self, session: Option<&str>, agent: Option<&str>) -> Option<String> {
        match (session, agent) {
            (Some(s), _) => self.sessions.get(s).cloned(),
            (None, Some(a)) => self.agents.contains_key(a).then(|| a.to_owned()),
            (None, None) => None,
        }
    }

    /// The control API's `state` report.
    pub fn snapshot(&self) -> Json {
        let conns = self
            .conns
            .iter()
            .map(|(id, c)| {
                Json::Object(vec![
                    ("conn".into(), Json::int(*id as i64)),
                    ("tag".into(), c.tag.as_ref().map_or(Json::Null, Json::str)),
                    ("peer".into(), Json::str(c.peer.to_string())),
                    ("processor".into(), Json::Bool(c.processor)),
                    ("session".into(), c.bound.as_ref().map_or(Json::Null, Json::str)),
                ])
            })
            .collect();
        let mut ids: Vec<&String> = self.agents.keys().collect();
        ids.sort();
        let agents = ids
            .into_iter()
            .filter_map(|id| self.agents.get(id))
            .filter(|a| a.session.is_some() || a.busy())
            .map(Agent::summary)
            .collect();
        Json::Object(vec![
            ("connections".into(), Json::Array(conns)),
            ("agents".into(), Json::Array(agents)),
            ("refuseBinds".into(), Json::int(i64::from(self.refuse.remaining))),
        ])
    }
}
