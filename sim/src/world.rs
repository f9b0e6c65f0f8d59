//! The simulated interaction processor's whole state behind one lock: agents and their
//! sessions, connected clients, the address book, timers. Handlers run under the lock,
//! never await, and hand frames to each connection's writer through its queue, so encoding
//! happens outside the lock.
//!
//! This file holds the state and its own bookkeeping (clients, session ids, queues, the
//! control API's selectors and report). The layers that act on it are functions over a
//! `&mut World` in modules above this one: `dispatch.rs` routes each frame from a client to
//! the Direct Client Protocol (`dcp.rs`) or to the session-resource commands
//! (`commands.rs`); `traffic.rs` runs timers and generated traffic.

use crate::agent::Agent;
use crate::config::Catalog;
use crate::faults::{ConnFaults, InjectedFailure, Out, RefuseBinds};
use crate::objects::ConnId;
use crate::options::WorldOptions;
use crate::rng::Rng;
use crate::timers::Timers;
use agentwire::proto::json::Json;
use agentwire::proto::wire::build::AddressBook;
use agentwire::proto::wire::Frame;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::mpsc;

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
    /// Random source (traffic, the session-id prefix).
    pub rng: Rng,
    /// When the next presence change is due.
    pub next_presence: Option<std::time::Instant>,
    next_conn: ConnId,
    next_session: u64,
    /// Next interaction number.
    pub next_ix: u64,
    /// The last [`RECEIVED_MAX`] session-resource requests received (`control/commands`), so
    /// tests can tell that nothing was lost or sent twice.
    pub received: std::collections::VecDeque<Json>,
    prefix: String,
}

/// How many requests [`World::received`] keeps.
pub const RECEIVED_MAX: usize = 1000;

impl World {
    /// A world with every configured agent logged out.
    pub fn new(cat: Arc<Catalog>, opts: WorldOptions) -> World {
        let agents = cat.agents.iter().map(|a| (a.id.clone(), Agent::new(&cat, a, opts.creation_target))).collect();
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
            received: std::collections::VecDeque::new(),
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

    /// Releases a session from a client that had bound it (it stays, unbound and not
    /// started, for the next bind).
    pub fn unbind(&mut self, sid: &str, conn: ConnId) {
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

    /// A new session (resource) id: `s<prefix>-<n>`, no dots.
    pub fn new_session_id(&mut self) -> String {
        let sid = format!("s{}-{}", self.prefix, self.next_session);
        self.next_session += 1;
        sid
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

    /// Notes a session-resource request received from `conn` (for `control/commands`).
    pub fn note_request(&mut self, conn: ConnId, req: &agentwire::proto::wire::Request) {
        if self.received.len() == RECEIVED_MAX {
            self.received.pop_front();
        }
        self.received.push_back(Json::Object(vec![
            ("conn".into(), Json::int(conn as i64)),
            ("command".into(), Json::str(&req.name)),
            ("target".into(), req.target.as_ref().map_or(Json::Null, Json::str)),
            ("data".into(), req.command.data()),
        ]));
    }

    /// The control API's `commands` report: the requests [`World::note_request`] kept, oldest first.
    pub fn commands(&self) -> Json {
        Json::Object(vec![("commands".into(), Json::Array(self.received.iter().cloned().collect()))])
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
            // Every protocol WebSocket accepted since start-up (reconnect attempts included).
            ("connectionsOpened".into(), Json::int(self.next_conn.saturating_sub(1) as i64)),
        ])
    }
}
