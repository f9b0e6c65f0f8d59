//! End to end with the SDK's own sans-IO engine (`agentwire::proto::engine`) as the client:
//! the bootstrap, a command, a processor restart with reconnect and resync, and the
//! override prompt with the replaced client closed by 4001.

use crate::support::*;
use agentwire::proto::engine::{CloseReason, Config, ConnectionState, Engine, EngineEvent, SubmitOptions, Transmit};
use agentwire::proto::wire::{ActivateData, ChannelState, Command};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The web layer's job, natively: move bytes and time between a socket and the engine.
struct Driver {
    engine: Engine,
    ws: Option<WebSocketStream<MaybeTlsStream<TcpStream>>>,
    url: String,
    t0: Instant,
    events: Vec<EngineEvent>,
}

impl Driver {
    fn new(url: String, agent: &str) -> Driver {
        let mut config = Config::new(agent, "pass");
        config.reconnect =
            Some(agentwire::proto::engine::ReconnectPolicy { initial_delay: 50, max_delay: 200, max_attempts: None });
        Driver { engine: Engine::new(config), ws: None, url, t0: Instant::now(), events: Vec::new() }
    }

    fn now(&self) -> u64 {
        self.t0.elapsed().as_millis() as u64
    }

    async fn flush(&mut self) {
        while let Some(t) = self.engine.poll_transmit() {
            let now = self.now();
            match t {
                Transmit::Open => match tokio_tungstenite::connect_async(self.url.as_str()).await {
                    Ok((ws, _)) => {
                        self.ws = Some(ws);
                        self.engine.handle_open(now);
                    }
                    Err(_) => self.engine.handle_close(now, 1006, ""),
                },
                Transmit::Send(text) => {
                    if let Some(ws) = self.ws.as_mut() {
                        let _ = ws.send(Message::text(text)).await;
                    }
                }
                Transmit::Close { code, reason } => {
                    if let Some(mut ws) = self.ws.take() {
                        let _ = ws
                            .close(Some(CloseFrame { code: CloseCode::from(code), reason: reason.to_string().into() }))
                            .await;
                    }
                }
            }
        }
        while let Some(e) = self.engine.poll_event() {
            self.events.push(e);
        }
    }

    /// One input: a frame, a close, or a timer.
    async fn step(&mut self) {
        self.flush().await;
        let wait = self.engine.poll_timeout().map_or(100, |t| t.saturating_sub(self.now()).min(100));
        let sleep = tokio::time::sleep(Duration::from_millis(wait));
        match self.ws.as_mut() {
            Some(ws) => tokio::select! {
                m = ws.next() => {
                    let now = self.now();
                    match m {
                        Some(Ok(Message::Text(t))) => self.engine.handle_text(now, t.as_str()),
                        Some(Ok(Message::Close(f))) => {
                            self.ws = None;
                            let (code, reason) = f.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.as_str().to_owned()));
                            self.engine.handle_close(now, code, &reason);
                        }
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => {
                            self.ws = None;
                            self.engine.handle_close(now, 1006, "");
                        }
                    }
                }
                _ = sleep => {}
            },
            None => sleep.await,
        }
        let now = self.now();
        self.engine.handle_timeout(now);
        self.flush().await;
    }

    async fn until(&mut self, what: &str, done: impl Fn(&Engine, &[EngineEvent]) -> bool) {
        let end = Instant::now() + Duration::from_secs(10);
        while !done(&self.engine, &self.events) {
            assert!(Instant::now() < end, "timed out waiting for {what}; state {:?}", self.engine.state());
            self.step().await;
        }
    }
}

fn ready(e: &Engine, _: &[EngineEvent]) -> bool {
    e.state() == ConnectionState::Ready
}

#[tokio::test]
async fn the_core_engine_bootstraps_commands_and_resyncs() {
    let sim = Sim::default().await;
    let mut d = Driver::new(sim.ws(), "4001");
    d.engine.connect(0);
    d.until("ready", ready).await;
    let sid = d.engine.session_id().expect("session").to_owned();
    assert_eq!(d.engine.model().channels().values().count(), 3);
    assert!(d.engine.model().not_ready_reasons().len() >= 3);
    assert!(!d.events.iter().any(|e| matches!(e, EngineEvent::ProtocolError(_))), "{:?}", d.events);

    let tel = format!("{sid}.cg-1.ch-tel");
    let id = d
        .engine
        .submit(
            d.now(),
            Command::Activate(ActivateData::new(None)),
            Some(&tel),
            SubmitOptions { until_applied: true, timeout: None },
        )
        .expect("submit");
    d.until("activate settled", |_, ev| ev.iter().any(|e| matches!(e, EngineEvent::Settled { id: i, .. } if *i == id)))
        .await;
    let settled = d.events.iter().find_map(|e| match e {
        EngineEvent::Settled { id: i, result, .. } if *i == id => Some(result.clone()),
        _ => None,
    });
    assert!(matches!(settled, Some(Ok(_))), "{settled:?}");
    assert_eq!(d.engine.model().channel(&tel).map(|c| c.state.clone()), Some(ChannelState::Active));

    // The processor restarts with state kept: the engine reconnects, binds the same
    // resource, and the re-announced objects match its model.
    d.events.clear();
    sim.control("restart", json!({})).await;
    d.until("reconnecting", |e, ev| {
        e.state() != ConnectionState::Ready
            || ev.iter().any(|x| matches!(x, EngineEvent::State { state: ConnectionState::Reconnecting, .. }))
    })
    .await;
    d.until("ready again", ready).await;
    assert_eq!(d.engine.session_id(), Some(sid.as_str()), "same session");
    assert_eq!(d.engine.model().channel(&tel).map(|c| c.state.clone()), Some(ChannelState::Active));
    assert!(!d.events.iter().any(|e| matches!(e, EngineEvent::ProtocolError(_))), "{:?}", d.events);

    // A second desktop for the same agent: the override prompt, then the first is replaced.
    let mut e = Driver::new(sim.ws(), "4001");
    e.engine.connect(0);
    e.until("confirm prompt", |_, ev| ev.iter().any(|x| matches!(x, EngineEvent::Confirm { .. }))).await;
    let now = e.now();
    assert!(e.engine.confirm(now, true));
    e.until("second ready", ready).await;
    assert_ne!(e.engine.session_id(), Some(sid.as_str()));
    d.until("first replaced", |e, _| e.state() == ConnectionState::Closed).await;
    assert_eq!(d.engine.close_reason(), Some(&CloseReason::Replaced));
    sim.handle.shutdown().await;
}
