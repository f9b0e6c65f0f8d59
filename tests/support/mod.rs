//! An in-memory peer for protocol stories (quinn-proto's `Pair` idea): the test plays the
//! server by reading what the engine transmitted and pushing frames back, with virtual time.
//! No socket, no clock.

#![allow(dead_code)]

use agentwire::proto::engine::{Config, Engine, EngineEvent, Transmit};
use agentwire::proto::json::Json;
use agentwire::proto::time::Millis;
use agentwire::proto::wire::{self, Frame};
use std::collections::VecDeque;

/// An engine, a virtual clock and the transmit / event logs.
pub struct Pair {
    pub engine: Engine,
    pub now: Millis,
    pub sent: VecDeque<Frame>,
    pub actions: Vec<Transmit>,
    pub events: VecDeque<EngineEvent>,
    pub socket_open: bool,
}

impl Pair {
    pub fn new(config: Config) -> Pair {
        Pair {
            engine: Engine::new(config),
            now: 1_000,
            sent: VecDeque::new(),
            actions: Vec::new(),
            events: VecDeque::new(),
            socket_open: false,
        }
    }

    /// Drains the engine's output into the logs (the host's pump).
    pub fn pump(&mut self) {
        while let Some(t) = self.engine.poll_transmit() {
            match &t {
                Transmit::Send(text) => {
                    assert!(self.socket_open, "engine sent {text} with no open socket");
                    self.sent.push_back(wire::decode(text).expect("the engine sends valid frames"));
                }
                Transmit::Open => {}
                Transmit::Close { .. } => self.socket_open = false,
            }
            self.actions.push(t);
        }
        while let Some(e) = self.engine.poll_event() {
            self.events.push_back(e);
        }
    }

    pub fn connect(&mut self) {
        self.engine.connect(self.now);
        self.pump();
    }

    pub fn open(&mut self) {
        assert_eq!(self.actions.last(), Some(&Transmit::Open), "no Open requested");
        self.socket_open = true;
        self.engine.handle_open(self.now);
        self.pump();
    }

    /// The server sends a frame (JSON text).
    pub fn recv(&mut self, text: &str) {
        self.engine.handle_text(self.now, text);
        self.pump();
    }

    /// The server sends a JSON value.
    pub fn recv_json(&mut self, v: &Json) {
        self.recv(&v.to_json_string());
    }

    pub fn server_close(&mut self, code: u16, reason: &str) {
        self.socket_open = false;
        self.engine.handle_close(self.now, code, reason);
        self.pump();
    }

    /// Advances virtual time to `ms` later, firing the engine's timer whenever due.
    pub fn advance(&mut self, ms: Millis) {
        let end = self.now + ms;
        while let Some(t) = self.engine.poll_timeout() {
            if t > end {
                break;
            }
            self.now = self.now.max(t);
            self.engine.handle_timeout(self.now);
            self.pump();
        }
        self.now = end;
    }

    /// The next frame the engine sent.
    pub fn take_sent(&mut self) -> Frame {
        self.sent.pop_front().expect("expected the engine to have sent a frame")
    }

    pub fn take_events(&mut self) -> Vec<EngineEvent> {
        self.events.drain(..).collect()
    }

    /// States reported since the last drain, as strings.
    pub fn states(&mut self) -> Vec<&'static str> {
        let ev: Vec<EngineEvent> = self.events.drain(..).collect();
        let mut out = Vec::new();
        for e in ev {
            if let EngineEvent::State { state, .. } = &e {
                out.push(state.as_str());
            } else {
                self.events.push_back(e);
            }
        }
        out
    }
}

pub fn j(text: &str) -> Json {
    Json::parse(text).expect("test JSON")
}

pub const PROCESSOR: &str = "proc-b";

pub fn service_list() -> String {
    r#"{"messageType":"serviceEvent","serviceId":"ServiceMonitor","data":{"eventType":"serviceList","services":[
        {"id":"ServiceMonitor","name":"ServiceMonitor","type":"ServiceMonitor","serviceStatus":{"status":"InService"}},
        {"id":"proc-a","name":"A","type":"InteractionProcessor","serviceStatus":{"status":"InService","acceptingClients":true,"clientCount":40}},
        {"id":"proc-b","name":"B","type":"InteractionProcessor","serviceStatus":{"status":"InService","acceptingClients":true,"clientCount":3}},
        {"id":"proc-c","name":"C","type":"InteractionProcessor","serviceStatus":{"status":"InService","acceptingClients":false,"clientCount":0}},
        {"id":"proc-d","name":"D","type":"InteractionProcessor","serviceStatus":{"status":"Stopping","acceptingClients":true,"clientCount":0}}
    ]}}"#
        .to_owned()
}

pub fn core_ok(request_id: &str, command: &str) -> String {
    format!(r#"{{"messageType":"coreResponse","requestId":"{request_id}","command":"{command}","result":"success"}}"#)
}

pub fn event(target: &str, name: &str, data: &str) -> String {
    format!(r#"{{"messageType":"objectEvent","target":"{target}","name":"{name}","data":{data}}}"#)
}

pub fn ok(command: &str, target: &str, data: &str) -> String {
    format!(r#"{{"command":"{command}","target":"{target}","result":"success","data":{data}}}"#)
}

pub fn fail(command: &str, target: &str, code: &str) -> String {
    format!(
        r#"{{"command":"{command}","target":"{target}","result":"failure","failure":{{"code":"{code}","message":"nope","context":""}},"original":{{"command":"{command}","target":"{target}","data":{{}}}}}}"#
    )
}

pub const SID: &str = "s-1001";
pub const TEL: &str = "s-1001.cg-1.ch-tel";
pub const CHAT: &str = "s-1001.cg-1.ch-chat";
pub const EMAIL: &str = "s-1001.ch-email";

/// The initialization events of an agent with one group (telephony + chat), a stand-alone
/// e-mail channel and two not-ready reasons.
pub fn init_events() -> Vec<String> {
    vec![
        event(SID, "channelgroup.created", r#"{"channelgroup":{"id":"cg-1","name":"Agent group"}}"#),
        event(
            "s-1001.cg-1",
            "channel.created",
            r#"{"channel":{"id":"ch-tel","name":"5001","type":"TELEPHONY","modelType":"TELEPHONY"}}"#,
        ),
        event(
            TEL,
            "channel.infochanged",
            r#"{"state":"INACTIVE","agentStatus":{"status":"not_ready","lastReasonCode":"","lastReasonName":""}}"#,
        ),
        event(TEL, "channel.initialized", "{}"),
        event(
            "s-1001.cg-1",
            "channel.created",
            r#"{"channel":{"id":"ch-chat","name":"chat-4001","type":"CHAT","modelType":"CHAT"}}"#,
        ),
        event(CHAT, "channel.initialized", "{}"),
        event("s-1001.cg-1", "channelgroup.initialized", "{}"),
        event(
            SID,
            "channel.created",
            r#"{"channel":{"id":"ch-email","name":"a@example.com","type":"EMAIL","modelType":"EMAIL"}}"#,
        ),
        event(EMAIL, "channel.initialized", "{}"),
        event(
            SID,
            "session.externalnotreadyreasons.updated",
            r#"{"reasonCodes":[{"reasonCodeId":"rc-12","reasonCodeCode":"12","selectable":true,"extensions":[],"labels":[{"language":"en","country":"US","name":"Lunch"}]},
               {"reasonCodeId":"rc-30","reasonCodeCode":"30","selectable":false,"extensions":[],"labels":[{"language":"en","name":"System"}]}]}"#,
        ),
        event(
            SID,
            "session.externallogoutreasons.updated",
            r#"{"logoutReasons":[{"logoutReasonId":"lr-3","logoutReasonCode":"3","extensions":[],"labels":[{"language":"en","name":"End of shift"}]}]}"#,
        ),
    ]
}

/// Drives a whole bootstrap with discovery to `ready`, checking each frame the engine sends.
pub fn bootstrap(p: &mut Pair) {
    p.connect();
    p.open();
    bind_services(p);
    prepare_and_start(p, false);
}

/// On an open socket: binds the Service Monitor, answers with the service list, and binds
/// the processor the engine chose (checking it is the least loaded one in service).
pub fn bind_services(p: &mut Pair) {
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindService") };
    assert_eq!((r.command.as_str(), r.service_id.as_deref()), ("bindService", Some("ServiceMonitor")));
    p.recv(&core_ok(&r.request_id, "bindService"));
    p.recv(&service_list());
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindService of the processor") };
    assert_eq!(r.service_id.as_deref(), Some(PROCESSOR), "fewest clients among those in service and accepting");
    p.recv(&core_ok(&r.request_id, "bindService"));
}

/// On a retry's open socket: the engine binds the processor it used before directly
/// (WIRE-PROFILE §6, "binds the processor again"), with no discovery.
pub fn rebind_processor(p: &mut Pair) {
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindService of the previous processor") };
    assert_eq!((r.command.as_str(), r.service_id.as_deref()), ("bindService", Some(PROCESSOR)));
    p.recv(&core_ok(&r.request_id, "bindService"));
}

/// From `prepareSession` on.
pub fn prepare_and_start(p: &mut Pair, overriding: bool) {
    let Frame::ServiceRequest(r) = p.take_sent() else { panic!("expected prepareSession") };
    assert_eq!(r.request.name, "prepareSession");
    let wire::Command::PrepareSession(d) = &r.request.command else { panic!() };
    assert_eq!(d.overriding(), Some(overriding));
    p.recv(&prepared(&r.request_id));
    bind_and_start(p);
}

/// The processor's success answer to `prepareSession` `request_id`: session [`SID`].
pub fn prepared(request_id: &str) -> String {
    format!(
        r#"{{"messageType":"serviceResponse","requestId":"{request_id}","serviceId":"{PROCESSOR}","command":"prepareSession","result":"success","data":{{"resourceId":"{SID}"}}}}"#
    )
}

/// From `bindResource` on.
pub fn bind_and_start(p: &mut Pair) {
    let Frame::CoreRequest(r) = p.take_sent() else { panic!("expected bindResource") };
    assert_eq!((r.command.as_str(), r.resource_id.as_deref()), ("bindResource", Some(SID)));
    p.recv(&core_ok(&r.request_id, "bindResource"));
    let Frame::Request(start) = p.take_sent() else { panic!("expected session start") };
    assert_eq!(start.target.as_deref(), Some(SID));
    p.recv(&ok(&start.name, SID, "{}"));
    for e in init_events() {
        p.recv(&e);
    }
    p.recv(&event(SID, "session.initialized", "{}"));
}

/// A small deterministic generator (xorshift64*) for tests that make their inputs, so a
/// failure names its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `true` with the given chance in percent.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}
