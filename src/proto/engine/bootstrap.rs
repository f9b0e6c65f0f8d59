//! The WIRE-PROFILE §3 bootstrap, one socket at a time: open → bind the Service Monitor and
//! read its service list (unless a processor is configured) → bind the interaction processor
//! → `prepareSession` (with the override prompt) → bind the session resource → hand over to
//! the engine, which sends `session.start` and waits for `session.initialized`.
//!
//! [`Bootstrap`] sends the core-layer and service-layer requests itself and answers the
//! engine with a [`Next`] for what only the engine can do (the model, the pending table, the
//! connection state). Which processor a retry binds, and which refusals are retried, the
//! reconnect policy decides ([`Reconnect`]).

use super::error::{CloseReason, ProtocolErrorKind};
use super::outbox::Outbox;
use super::reconnect::{Reconnect, Refusal, RefusedStep};
use super::timers::{Timer, TimerTable};
use super::types::{Config, Transmit};
use crate::proto::json::Json;
use crate::proto::redact::{redact_message, redact_msg};
use crate::proto::target::validate_id;
use crate::proto::text::{Code, Msg};
use crate::proto::time::Millis;
use crate::proto::wire::schema::{flag, text};
use crate::proto::wire::{
    sent, CoreCommand, Outcome, Response, ResultData, ServiceList, INTERACTION_PROCESSOR, SERVICE_MONITOR,
};

/// Where the connection is. The deadline of each waiting step is [`Timer::Step`]. (No
/// `PartialEq`: a phase is asked with `matches!`, which compares no data.)
#[derive(Clone, Debug)]
pub enum Phase {
    /// Not started.
    Idle,
    /// Opening the socket.
    Opening,
    /// Binding the Service Monitor and waiting for its service list.
    Monitor {
        /// The bind's `requestId`.
        req: String,
        /// Whether the bind succeeded.
        bound: bool,
        /// The service list, once it came.
        services: Option<ServiceList>,
    },
    /// Binding the interaction processor.
    Processor {
        /// The bind's `requestId`.
        req: String,
    },
    /// Waiting for the `prepareSession` answer.
    Prepare {
        /// The request's `requestId`.
        req: String,
    },
    /// The agent already has a session: the page is asked (until [`Timer::Step`]:
    /// `confirm_timeout`).
    Confirm,
    /// Binding the session resource.
    Resource {
        /// The bind's `requestId`.
        req: String,
    },
    /// `session.start` sent; receiving the session's objects.
    Starting {
        /// Whether `session.start` succeeded.
        started: bool,
        /// Whether `session.initialized` came.
        initialized: bool,
        /// The start-up's hard deadline (`startup_timeout` after `session.start`), which
        /// progress never moves.
        cap: Millis,
    },
    /// Ready for commands.
    Ready,
    /// Waiting to reconnect ([`Timer::Reconnect`]).
    Backoff,
    /// Ended for good.
    Closed,
}

/// What the engine must do after a bootstrap input.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Next {
    /// Nothing: wait for the next answer.
    Wait,
    /// The connection is lost (the socket must close), for this reason.
    Lost(Msg),
    /// The session ends for this reason (the socket must close).
    Close(CloseReason),
    /// A session resource with this id was prepared (the resource bind is sent): the model
    /// starts a session for it.
    Prepared(String),
    /// The resource is bound: start the session.
    Start,
    /// Ask the page whether to replace the agent's other session.
    Confirm(String),
}

/// What the bootstrap works with, lent by the engine for one call.
#[derive(Debug)]
pub struct Cx<'a> {
    /// Configuration.
    pub config: &'a Config,
    /// Output queues.
    pub out: &'a mut Outbox,
    /// Deadlines.
    pub timers: &'a mut TimerTable,
    /// Reconnect policy.
    pub reconnect: &'a mut Reconnect,
}

/// The bootstrap's state across sockets: the phase, the processor bound, the session id.
#[derive(Clone, Debug)]
pub struct Bootstrap {
    /// Where the connection is.
    pub phase: Phase,
    processor: Option<String>,
    session_id: Option<String>,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap { phase: Phase::Idle, processor: None, session_id: None }
    }
}

/// A string member kept in a message's unknown members.
/// A `coreResponse`'s `requestId` (`r`: its checked members, where it is required).
pub fn request_id(r: &Json) -> &str {
    text(r, "requestId").unwrap_or_default()
}

/// A core-layer answer's failure code (`frame`: a `coreResponse`'s or `serviceError`'s
/// checked members, whose `failure` is PROTOCOL 1.5's): `failure.code`, else a top-level
/// `code` or `errorType` (the JSON of core responses and errors was not recovered, 1.2, so
/// every plausible member is read).
pub fn failure_code(frame: &Json) -> Option<String> {
    let code = frame.get("failure").and_then(|f| text(f, "code"));
    code.or_else(|| text(frame, "code")).or_else(|| text(frame, "errorType")).map(str::to_owned)
}

impl Bootstrap {
    /// The session id, once prepared.
    pub fn session_id(&self) -> Option<&str> {
        self.session_id.as_deref()
    }

    /// A new `connect()` forgets the previous session, or resumes `id` (another host's).
    pub fn set_session(&mut self, id: Option<String>) {
        self.session_id = id;
    }

    /// Whether a socket is open (between `handle_open` and its loss).
    pub fn socket_open(&self) -> bool {
        !matches!(self.phase, Phase::Idle | Phase::Opening | Phase::Backoff | Phase::Closed)
    }

    /// The `requestId` of the bootstrap request awaiting its answer.
    pub fn request(&self) -> Option<&str> {
        match &self.phase {
            Phase::Monitor { req, .. }
            | Phase::Processor { req }
            | Phase::Prepare { req }
            | Phase::Resource { req } => Some(req),
            _ => None,
        }
    }

    /// What timed out when [`Timer::Step`] expires.
    pub fn step_name(&self) -> Code {
        match self.phase {
            Phase::Opening => Code::StepOpening,
            Phase::Monitor { .. } => Code::StepMonitor,
            Phase::Processor { .. } => Code::StepProcessor,
            Phase::Prepare { .. } => Code::StepPrepare,
            Phase::Resource { .. } => Code::StepResource,
            _ => Code::StepStart,
        }
    }

    fn wait(&mut self, now: Millis, cx: &mut Cx<'_>, phase: Phase) {
        self.phase = phase;
        cx.timers.set(Timer::Step, now.saturating_add(cx.config.request_timeout));
    }

    /// Asks the host for a new socket.
    pub fn open(&mut self, now: Millis, cx: &mut Cx<'_>) {
        self.wait(now, cx, Phase::Opening);
        cx.out.transmit(Transmit::Open);
    }

    /// The socket opened: binds the processor, or the Service Monitor to discover one.
    pub fn on_open(&mut self, now: Millis, cx: &mut Cx<'_>) {
        let has_session = self.session_id.is_some();
        let configured = cx.config.service_id.as_deref();
        match cx.reconnect.processor_to_bind(configured, self.processor.as_deref(), has_session) {
            Some(id) => self.bind_processor(now, cx, id),
            None => {
                let monitor = |req| Phase::Monitor { req, bound: false, services: None };
                self.bind(now, cx, CoreCommand::BindService, Some(SERVICE_MONITOR.to_owned()), monitor);
            }
        }
    }

    /// Sends a core-layer bind (`service` or `resource` id) and waits in the phase `phase`
    /// makes of its `requestId`: one path for the three binds.
    fn bind(
        &mut self,
        now: Millis,
        cx: &mut Cx<'_>,
        command: CoreCommand,
        id: Option<String>,
        phase: fn(String) -> Phase,
    ) {
        let req = cx.out.core_request(&cx.config.request_id_prefix, command, id.as_deref());
        self.wait(now, cx, phase(req));
    }

    fn bind_processor(&mut self, now: Millis, cx: &mut Cx<'_>, service_id: String) {
        self.processor = Some(service_id.clone());
        self.bind(now, cx, CoreCommand::BindService, Some(service_id), |req| Phase::Processor { req });
    }

    fn prepare(&mut self, now: Millis, cx: &mut Cx<'_>, overriding: bool) {
        let req = cx.out.core_id(&cx.config.request_id_prefix);
        let c = cx.config;
        let model = c.model.as_deref();
        let text = sent::prepare_session(&req, self.processor.as_deref(), model, overriding, &c.agent_id, &c.password);
        cx.out.send(text);
        self.wait(now, cx, Phase::Prepare { req });
    }

    fn bind_resource(&mut self, now: Millis, cx: &mut Cx<'_>) {
        let id = self.session_id.clone();
        self.bind(now, cx, CoreCommand::BindResource, id, |req| Phase::Resource { req });
    }

    /// `session.start` was sent: the session's objects arrive until `session.initialized`.
    pub fn starting(&mut self, now: Millis, cx: &mut Cx<'_>) {
        let cap = now.saturating_add(cx.config.startup_timeout);
        self.phase = Phase::Starting { started: false, initialized: false, cap };
        cx.timers.set(Timer::Step, now.saturating_add(cx.config.request_timeout).min(cap));
    }

    /// A sign of progress while starting: initialization takes as long as the CTI needs
    /// (PROTOCOL 2.6 gives no bound), so the start timeout counts from the last one, up to
    /// the start-up's hard deadline (a server that keeps sending cannot hold the start, or a
    /// resync, open for ever). Returns the new deadline when starting.
    pub fn progress(&mut self, now: Millis, cx: &mut Cx<'_>) -> Option<Millis> {
        let Phase::Starting { cap, .. } = self.phase else { return None };
        let later = now.saturating_add(cx.config.request_timeout);
        let deadline = cx.timers.get(Timer::Step).map_or(later, |d| later.max(d)).min(cap);
        cx.timers.set(Timer::Step, deadline);
        Some(deadline)
    }

    /// `session.start` succeeded (`started`) or `session.initialized` came: returns whether
    /// both have now happened, so the session is ready.
    pub fn started(&mut self, start_answered: bool) -> bool {
        match &mut self.phase {
            Phase::Starting { started, initialized, .. } => {
                if start_answered {
                    *started = true;
                } else {
                    *initialized = true;
                }
                *started && *initialized
            }
            _ => false,
        }
    }

    /// The Service Monitor's list arrived.
    pub fn on_service_list(&mut self, now: Millis, cx: &mut Cx<'_>, list: ServiceList) -> Next {
        if let Phase::Monitor { services, .. } = &mut self.phase {
            *services = Some(list);
            return self.choose(now, cx);
        }
        Next::Wait
    }

    /// A `coreResponse` that is not the keep-alive's answer.
    /// (`r`: its checked members, [`wire::Core::Response`].)
    pub fn on_core_response(&mut self, now: Millis, cx: &mut Cx<'_>, r: Json, frame: &str) -> Next {
        let request_id = request_id(&r);
        if Some(request_id) != self.request() {
            cx.out.protocol_error(
                now,
                ProtocolErrorKind::UnmatchedResponse,
                Msg::new(Code::UnknownRequestId).arg(request_id),
                Some(frame),
            );
            return Next::Wait;
        }
        let result = text(&r, "result").unwrap_or_default();
        if result != "success" {
            let code = failure_code(&r).unwrap_or_else(|| result.to_owned());
            let message = match r.get("failure").and_then(|f| text(f, "message")) {
                Some(m) => Msg::from(m.to_owned()),
                None => Msg::new(Code::CommandFailed).arg(text(&r, "command").unwrap_or_default()),
            };
            return self.failed(now, cx, &code, message);
        }
        match &mut self.phase {
            Phase::Monitor { bound, .. } => {
                *bound = true;
                self.choose(now, cx)
            }
            Phase::Processor { .. } => {
                if cx.reconnect.resumes(self.session_id.is_some()) {
                    self.bind_resource(now, cx);
                } else {
                    self.prepare(now, cx, false);
                }
                Next::Wait
            }
            Phase::Resource { .. } => Next::Start,
            _ => Next::Wait,
        }
    }

    /// A `coreError` or `serviceError` answering `req` (not the keep-alive's).
    pub fn on_error(
        &mut self,
        now: Millis,
        cx: &mut Cx<'_>,
        req: Option<&str>,
        code: &str,
        message: String,
        text: &str,
    ) -> Next {
        if req.is_some() && req == self.request() {
            self.failed(now, cx, code, message.into())
        } else {
            let message = Msg::new(Code::InMessage).arg(code).arg(message);
            cx.out.protocol_error(now, ProtocolErrorKind::UnexpectedMessage, message, Some(text));
            Next::Wait
        }
    }

    /// A bootstrap request failed with `code`.
    fn failed(&mut self, now: Millis, cx: &mut Cx<'_>, code: &str, message: Msg) -> Next {
        let message = redact_msg(message, &cx.config.password);
        let step = match self.phase {
            Phase::Processor { .. } => RefusedStep::Processor,
            Phase::Resource { .. } => RefusedStep::Resource,
            _ => RefusedStep::Other,
        };
        match cx.reconnect.on_failure(step, code) {
            Refusal::Reprepare => {
                self.prepare(now, cx, true);
                Next::Wait
            }
            Refusal::Retry => Next::Lost(Msg::new(Code::InMessage).arg(code).arg(message)),
            Refusal::Close => Next::Close(CloseReason::Refused { code: code.to_owned(), message }),
        }
    }

    /// A bootstrap step was refused by the server.
    fn refused(&mut self, cx: &mut Cx<'_>, code: &str, message: Msg) -> Next {
        let message = redact_msg(message, &cx.config.password);
        match cx.reconnect.on_refused(code) {
            Refusal::Retry | Refusal::Reprepare => Next::Lost(Msg::new(Code::InMessage).arg(code).arg(message)),
            Refusal::Close => Next::Close(CloseReason::Refused { code: code.to_owned(), message }),
        }
    }

    /// Once the Service Monitor is bound and its list arrived, picks the processor
    /// (WIRE-PROFILE §3.2): an `InteractionProcessor`, `InService`, accepting clients (absent
    /// counts as accepting), in the configured instance domain, with the fewest clients.
    fn choose(&mut self, now: Millis, cx: &mut Cx<'_>) -> Next {
        let Phase::Monitor { bound: true, services: Some(services), .. } = &self.phase else {
            return Next::Wait;
        };
        let domain = cx.config.instance_domain.as_deref();
        // Each service was checked against `wire::SERVICE_INFO`: `status` is a string when
        // `serviceStatus` is there, `clientCount` a number.
        fn status(s: &Json) -> &Json {
            s.get("serviceStatus").unwrap_or(&Json::Null)
        }
        let best = services
            .services()
            .iter()
            .filter(|s| text(s, "type") == Some(INTERACTION_PROCESSOR))
            .filter(|s| {
                let st = status(s);
                text(st, "status") == Some("InService") && flag(st, "acceptingClients") != Some(false)
            })
            .filter(|s| domain.is_none() || s.get("info").and_then(|i| text(i, "instance-domain")) == domain)
            .min_by_key(|s| status(s).get("clientCount").and_then(Json::as_u64).unwrap_or(u64::MAX))
            .and_then(|s| text(s, "id"))
            .map(str::to_owned);
        match (best, cx.reconnect.on_no_processor()) {
            (Some(id), _) => {
                self.bind_processor(now, cx, id);
                Next::Wait
            }
            (None, Refusal::Close) => Next::Close(CloseReason::NoProcessor),
            (None, _) => Next::Lost(Code::NoProcessorAvailable.into()),
        }
    }

    /// The `prepareSession` answer (`request_id` when it came in a `serviceResponse`).
    pub fn on_prepared(
        &mut self,
        now: Millis,
        cx: &mut Cx<'_>,
        request_id: Option<String>,
        r: Response,
        text: &str,
    ) -> Next {
        let matches = matches!(&self.phase, Phase::Prepare { req } if request_id.as_ref().is_none_or(|id| id == req));
        if !matches {
            cx.out.protocol_error(
                now,
                ProtocolErrorKind::UnmatchedResponse,
                Code::UnexpectedPrepare.into(),
                Some(text),
            );
            return Next::Wait;
        }
        match r.outcome {
            Outcome::Success(Some(ResultData::PrepareSession(p))) => {
                if let Err(e) = validate_id(p.resource_id()) {
                    return self.refused(cx, "INVALID_RESOURCE_ID", e.msg());
                }
                self.session_id = Some(p.resource_id().to_owned());
                self.bind_resource(now, cx);
                Next::Prepared(p.resource_id().to_owned())
            }
            Outcome::Success(_) => self.refused(cx, "INVALID_RESPONSE", Code::PrepareNoData.into()),
            Outcome::Confirm { message, .. } => {
                self.phase = Phase::Confirm;
                cx.timers.set(Timer::Step, now.saturating_add(cx.config.confirm_timeout));
                Next::Confirm(redact_message(message, &cx.config.password))
            }
            Outcome::Failure { failure, .. } => {
                self.refused(cx, failure.code(), failure.message().unwrap_or_default().into())
            }
            Outcome::Other(result) => self.refused(cx, "INVALID_RESPONSE", Msg::new(Code::PrepareResult).arg(result)),
        }
    }

    /// The page's answer to the override prompt: `None` when no prompt was waiting.
    pub fn confirm(&mut self, now: Millis, cx: &mut Cx<'_>, accept: bool) -> Option<Next> {
        if !matches!(self.phase, Phase::Confirm) {
            return None;
        }
        if accept {
            self.prepare(now, cx, true);
            return Some(Next::Wait);
        }
        Some(Next::Close(CloseReason::OverrideDeclined))
    }

    /// The start request failed or was answered oddly.
    pub fn start_refused(&mut self, cx: &mut Cx<'_>, code: &str, message: &str) -> Next {
        self.refused(cx, code, message.into())
    }
}
