//! One protocol WebSocket: the upgrade handshake (browsers only from allowed origins) with
//! per-connection faults from the URL's query, a reader that decodes frames and runs them
//! against the world, the writer (`writer.rs`) that drains the connection's queue, and the
//! keep-alive that drops a silent peer.

use crate::dispatch;
use crate::fail::core_error;
use crate::faults::{ConnFaults, FaultDefaults, Out};
use crate::guard::OriginCheck;
use crate::http::{query_pairs, text, Body};
use crate::shared::{Shared, Slot};
use crate::writer::{write_loop, Ws};
use futures_util::stream::StreamExt;
use hyper::body::Incoming;
use hyper::{header, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Frames a connection may have waiting for its writer. The writer takes them at once into
/// its outbox, which is bounded in bytes (`max_queue_bytes`); this bound only catches a
/// writer that cannot keep up at all.
const QUEUE: usize = 65_536;

/// Per-connection settings from the WebSocket URL's query: `tag`, `dropAfter`, `delayMs`,
/// `malformedAfter`, `unmatchedAfter` (numbers of frames / milliseconds).
fn conn_params(query: Option<&str>, defaults: &FaultDefaults) -> Result<(Option<String>, FaultDefaults), String> {
    let mut f = defaults.clone();
    let mut tag = None;
    for (k, v) in query_pairs(query.unwrap_or("")) {
        let num = || v.parse::<u64>().map_err(|_| format!("query parameter {k}={v:?} is not a number"));
        match k.as_str() {
            "tag" => tag = Some(v.clone()),
            "dropAfter" => f.drop_after = Some(num()?),
            "delayMs" => f.delay_ms = num()?,
            "malformedAfter" => f.malformed_after = Some(num()?),
            "unmatchedAfter" => f.unmatched_after = Some(num()?),
            _ => {}
        }
    }
    Ok((tag, f))
}

fn header_has(req: &Request<Incoming>, name: header::HeaderName, token: &str) -> bool {
    req.headers()
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

/// Answers a request on the WebSocket path: the upgrade to a protocol connection, or why not.
/// `slot` (the connection's place under the cap) is held until the WebSocket closes.
pub fn upgrade(shared: Arc<Shared>, mut req: Request<Incoming>, peer: SocketAddr, slot: Slot) -> Response<Body> {
    // Browsers send the page's origin with every WebSocket handshake: a page elsewhere must
    // not log in as an agent (and kick the real desktop off).
    if shared.settings.access.origin(req.headers()) == OriginCheck::Refused {
        tracing::warn!(%peer, origin = ?req.headers().get(header::ORIGIN), "WebSocket refused: origin not allowed");
        return text(StatusCode::FORBIDDEN, "origin not allowed (see --allow-origin)\n");
    }
    if !header_has(&req, header::UPGRADE, "websocket") {
        return text(
            StatusCode::UPGRADE_REQUIRED,
            "this is the protocol WebSocket endpoint; connect with a WebSocket client\n",
        );
    }
    if req.method() != Method::GET {
        return text(StatusCode::METHOD_NOT_ALLOWED, "WebSocket upgrade needs GET\n");
    }
    if req.headers().get(header::SEC_WEBSOCKET_VERSION).and_then(|v| v.to_str().ok()) != Some("13") {
        let mut r = text(StatusCode::UPGRADE_REQUIRED, "WebSocket version 13 only\n");
        r.headers_mut().insert(header::SEC_WEBSOCKET_VERSION, header::HeaderValue::from_static("13"));
        return r;
    }
    let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY).map(|k| k.as_bytes().to_vec()) else {
        return text(StatusCode::BAD_REQUEST, "missing Sec-WebSocket-Key\n");
    };
    if shared.is_down() {
        return text(StatusCode::SERVICE_UNAVAILABLE, "restarting\n");
    }
    let (tag, faults) = match conn_params(req.uri().query(), &shared.settings.faults) {
        Ok(x) => x,
        Err(e) => return text(StatusCode::BAD_REQUEST, format!("{e}\n")),
    };
    let protocol = req.headers().get(header::SEC_WEBSOCKET_PROTOCOL).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let protocol = protocol.as_deref();
    let on_upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        match on_upgrade.await {
            Ok(up) => {
                // Frames above the codec's own limit (4 MiB) get a coreError; far larger
                // ones end the connection inside tungstenite instead of using memory.
                // Small buffers: tungstenite's 128 KiB default read buffer would be most of
                // a session's memory; protocol frames are a few hundred bytes.
                let cfg = WebSocketConfig::default()
                    .max_message_size(Some(8 << 20))
                    .max_frame_size(Some(8 << 20))
                    .read_buffer_size(8 << 10)
                    .write_buffer_size(16 << 10);
                let ws = WebSocketStream::from_raw_socket(TokioIo::new(up), Role::Server, Some(cfg)).await;
                run_ws(shared, ws, peer, tag, faults).await;
                drop(slot);
            }
            Err(e) => tracing::debug!(%peer, "upgrade failed: {e}"),
        }
    });
    let mut r = Response::new(Body::default());
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(header::UPGRADE, header::HeaderValue::from_static("websocket"));
    h.insert(header::CONNECTION, header::HeaderValue::from_static("Upgrade"));
    if let Ok(v) = header::HeaderValue::from_str(&derive_accept_key(&key)) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    // The protocol names no subprotocol; a client that offers some gets its first one back
    // (browsers fail the handshake when an offered subprotocol is not selected).
    if let Some(first) = protocol.and_then(|p| p.split(',').map(str::trim).find(|p| !p.is_empty()).map(str::to_owned)) {
        if let Ok(v) = header::HeaderValue::from_str(&first) {
            h.insert(header::SEC_WEBSOCKET_PROTOCOL, v);
        }
    }
    r
}

fn on_text(shared: &Shared, conn: u64, text: &str) {
    tracing::debug!(conn, "<- {text}");
    // Decode outside the lock; only the state change runs under it.
    match agentwire::proto::wire::decode(text) {
        Ok(frame) => dispatch::handle(&mut shared.world(), conn, frame),
        Err(e) => dispatch::undecodable(&mut shared.world(), conn, text, &e),
    }
}

async fn run_ws(shared: Arc<Shared>, ws: Ws, peer: SocketAddr, tag: Option<String>, defaults: FaultDefaults) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let faults = Arc::new(ConnFaults::new(&defaults));
    let id = shared.world().connect(tx, faults.clone(), tag.clone(), peer);
    let conn_faults = faults.clone();
    tracing::info!(conn = id, %peer, tag = tag.as_deref().unwrap_or(""), "client connected");
    let (sink, mut stream) = ws.split();
    let done = Arc::new(Notify::new());
    let writer = tokio::spawn(write_loop(sink, rx, faults, id, done.clone(), shared.settings.max_queue_bytes));
    let mut stop = shared.stopping();
    // A peer that vanished without closing (half-open TCP) would hold its session's binding
    // forever and make its own reconnect fail with RESOURCE_BOUND: ping when quiet, and drop
    // a connection that has sent nothing (not even a pong) for three intervals.
    let every = shared.settings.keepalive;
    let mut keepalive = tokio::time::interval(every);
    keepalive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_rx = Instant::now();
    let mut answered = false;
    loop {
        tokio::select! {
            _ = keepalive.tick() => {
                // Cut silently (`control/cut`): the world let this connection go; the socket
                // stays open, unread and unwritten, until the client gives up on it.
                if conn_faults.is_cut() {
                    continue;
                }
                if last_rx.elapsed() > every * 3 {
                    tracing::info!(conn = id, "no traffic for {:?}; dropping", every * 3);
                    shared.world().send(id, Out::Abort);
                    break;
                }
                if last_rx.elapsed() >= every {
                    shared.world().send(id, Out::Ping);
                }
            }
            msg = stream.next() => match msg {
                Some(Ok(Message::Text(_) | Message::Binary(_))) if conn_faults.is_cut() => {}
                Some(Ok(Message::Text(t))) => {
                    last_rx = Instant::now();
                    on_text(&shared, id, t.as_str());
                }
                Some(Ok(Message::Binary(b))) => {
                    last_rx = Instant::now();
                    let e = core_error("INVALID_REQUEST", format!("binary frame of {} bytes ignored: the protocol uses text frames", b.len()));
                    shared.world().send(id, Out::Frame(e));
                }
                Some(Ok(Message::Close(_))) => {
                    // RFC 6455 §5.5.1: answer the client's Close with one (its code echoed)
                    // before the TCP connection goes. Cut short, a browser sees 1006 and may
                    // count it as a failed connection (Firefox delays its next socket). The
                    // writer answers on its own, below: the session lets go of the connection
                    // at once, as it did before (another tab's bind must not wait for it).
                    shared.world().send(id, Out::Answer);
                    answered = true;
                    break;
                }
                None => break,
                Some(Err(e)) => {
                    tracing::debug!(conn = id, "read: {e}");
                    break;
                }
                Some(Ok(_)) => last_rx = Instant::now(),
            },
            _ = done.notified() => {
                // A cut connection's writer ends (nothing more is queued for it); its socket
                // stays.
                if !conn_faults.is_cut() {
                    break;
                }
            }
            _ = stop.changed() => {
                // Shutdown: the writer sends 1001 and then signals `done`.
                if !*stop.borrow() { continue; }
                let _ = tokio::time::timeout(Duration::from_millis(500), done.notified()).await;
                break;
            }
        }
    }
    shared.world().disconnect(id);
    if answered {
        // The answer is queued before the disconnect closed the writer's queue: the writer
        // sends it and ends, within a bound.
        let abort = writer.abort_handle();
        tokio::spawn(async move {
            if tokio::time::timeout(Duration::from_millis(500), writer).await.is_err() {
                abort.abort();
            }
        });
    } else {
        writer.abort();
    }
    tracing::info!(conn = id, %peer, "client disconnected");
}
