//! The server: one TCP listener serving HTTP/1.1 (static files, the control API) and the
//! protocol WebSocket on `/ws` (and `/his`, handled in `ws.rs`), a ticker that drives timers
//! and generated traffic, and the handle that shuts it all down. The listener holds the
//! connection cap (past it, a new connection gets 503) and gives every connection a deadline
//! for its request headers.

use crate::control;
use crate::guard::Access;
use crate::http::{serve_file, Body};
use crate::options::SimConfig;
use crate::shared::{Settings, Shared, Slot};
use crate::traffic;
use crate::world::World;
use crate::ws;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, MutexGuard};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;

/// Refusals (503 past the cap) answered at once; more than this are closed without an answer.
const REFUSALS_IN_FLIGHT: usize = 64;

/// A running simulator.
#[derive(Debug)]
pub struct SimHandle {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    addr: SocketAddr,
    token: String,
}

impl SimHandle {
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token `/control` requests must carry.
    pub fn control_token(&self) -> &str {
        &self.token
    }

    /// The world, locked (for embedders and tests that inspect state directly).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.shared.world()
    }

    /// Stops accepting, closes every WebSocket with 1001, and waits briefly for the tasks.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        self.shared.world().close_all(1001, "server shutting down");
        for t in self.tasks {
            let _ = tokio::time::timeout(Duration::from_secs(1), t).await;
        }
        // Let writers put their close frames on the wire.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts the simulator on `config.host:config.port` (port 0: a free one).
///
/// # Errors
/// The address cannot be bound, or the control token or an allowed origin is not valid
/// (`InvalidInput`).
pub async fn serve(config: SimConfig) -> std::io::Result<(SocketAddr, SimHandle)> {
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    if config.max_connections == 0 {
        return Err(invalid("max_connections must be at least 1".into()));
    }
    // Checked before binding: a bad setting must not leave a port taken.
    Access::new(&config.control_token, &config.allow_origins, &config.host, 1).map_err(invalid)?;
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let access =
        Access::new(&config.control_token, &config.allow_origins, &config.host, addr.port()).map_err(invalid)?;
    let token = config.control_token.clone();
    let (stop_tx, stop_rx) = watch::channel(false);
    let world = World::new(Arc::new(config.catalog), config.world);
    let settings = Settings {
        faults: config.faults,
        www: config.www,
        pkg: config.pkg,
        keepalive: config.keepalive.max(Duration::from_millis(10)),
        max_queue_bytes: config.max_queue_bytes.max(1),
        access,
    };
    let shared = Arc::new(Shared::new(world, settings, stop_rx.clone()));
    let limits = Limits {
        slots: Arc::new(Semaphore::new(config.max_connections.min(Semaphore::MAX_PERMITS))),
        header_timeout: config.header_timeout.max(Duration::from_millis(1)),
    };
    let accept = tokio::spawn(accept_loop(listener, shared.clone(), limits, stop_rx.clone()));
    let ticker = tokio::spawn(ticker(shared.clone(), stop_rx));
    Ok((addr, SimHandle { shared, stop: stop_tx, tasks: vec![accept, ticker], addr, token }))
}

/// What the listener enforces.
struct Limits {
    /// One permit per connection (`max_connections`).
    slots: Arc<Semaphore>,
    /// Deadline for a request's headers.
    header_timeout: Duration,
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, limits: Limits, mut stop: watch::Receiver<bool>) {
    let refusing = Arc::new(AtomicUsize::new(0));
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait, never spin or exit.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let Ok(permit) = limits.slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection refused: the cap of concurrent connections is reached");
            if refusing.fetch_add(1, Ordering::AcqRel) < REFUSALS_IN_FLIGHT {
                let refusing = refusing.clone();
                tokio::spawn(async move {
                    refuse(stream).await;
                    refusing.fetch_sub(1, Ordering::AcqRel);
                });
            } else {
                refusing.fetch_sub(1, Ordering::AcqRel);
            }
            continue;
        };
        let slot: Slot = Arc::new(permit);
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let svc = service_fn(move |req| route(shared.clone(), req, peer, slot.clone()));
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), svc)
                .with_upgrades();
            if let Err(e) = conn.await {
                tracing::debug!(%peer, "http connection: {e}");
            }
        });
    }
}

/// Answers a connection past the cap with 503 and closes it, reading what the client sent
/// meanwhile so the close does not reset the answer away (at most 1 s and 64 KiB).
async fn refuse(mut stream: TcpStream) {
    const ANSWER: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
        content-length: 22\r\nretry-after: 1\r\nconnection: close\r\n\r\ntoo many connections\r\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(ANSWER).await?;
        stream.shutdown().await?;
        let mut buf = [0u8; 4096];
        let mut total = 0;
        while total < 64 << 10 {
            match stream.read(&mut buf).await? {
                0 => break,
                n => total += n,
            }
        }
        Ok::<(), std::io::Error>(())
    })
    .await;
}

async fn ticker(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut iv = tokio::time::interval(Duration::from_millis(10));
    iv.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = Instant::now();
    let mut last_second = last;
    loop {
        tokio::select! {
            _ = iv.tick() => {}
            _ = stop.changed() => break,
        }
        let now = Instant::now();
        let dt = now.saturating_duration_since(last);
        last = now;
        let second = now.saturating_duration_since(last_second) >= Duration::from_secs(1);
        if second {
            last_second = now;
        }
        traffic::tick(&mut shared.world(), now, dt, second);
    }
}

async fn route(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    peer: SocketAddr,
    slot: Slot,
) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let resp = if path == "/ws" || path == "/his" {
        ws::upgrade(shared, req, peer, slot)
    } else if path == "/control" || path.starts_with("/control/") {
        control::handle(shared, req).await
    } else if let Some(rest) = path.strip_prefix("/pkg").filter(|r| r.is_empty() || r.starts_with('/')) {
        serve_file(&shared.settings.pkg, rest, &method).await
    } else {
        serve_file(&shared.settings.www, &path, &method).await
    };
    tracing::debug!(%peer, %method, %path, status = resp.status().as_u16(), "http");
    Ok(resp)
}
