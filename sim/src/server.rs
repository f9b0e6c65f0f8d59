//! The server: one TCP listener serving HTTP/1.1 (static files, the control API) and the
//! protocol WebSocket on `/ws` (and `/his`, handled in `ws.rs`), a ticker that drives timers
//! and generated traffic, and the handle that shuts it all down.

use crate::control;
use crate::http::{serve_file, Body};
use crate::options::SimConfig;
use crate::shared::Shared;
use crate::traffic;
use crate::world::World;
use crate::ws;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running simulator.
#[derive(Debug)]
pub struct SimHandle {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    addr: SocketAddr,
}

impl SimHandle {
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
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
/// The address cannot be bound.
pub async fn serve(config: SimConfig) -> std::io::Result<(SocketAddr, SimHandle)> {
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let world = World::new(Arc::new(config.catalog), config.world);
    let keepalive = config.keepalive.max(Duration::from_millis(10));
    let shared = Arc::new(Shared::new(world, config.faults, config.www, config.pkg, keepalive, stop_rx.clone()));
    let accept = tokio::spawn(accept_loop(listener, shared.clone(), stop_rx.clone()));
    let ticker = tokio::spawn(ticker(shared.clone(), stop_rx));
    Ok((addr, SimHandle { shared, stop: stop_tx, tasks: vec![accept, ticker], addr }))
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
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
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| route(shared.clone(), req, peer));
            let conn =
                hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc).with_upgrades();
            if let Err(e) = conn.await {
                tracing::debug!(%peer, "http connection: {e}");
            }
        });
    }
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

async fn route(shared: Arc<Shared>, req: Request<Incoming>, peer: SocketAddr) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let resp = if path == "/ws" || path == "/his" {
        ws::upgrade(shared, req, peer)
    } else if path == "/control" || path.starts_with("/control/") {
        control::handle(shared, req).await
    } else if let Some(rest) = path.strip_prefix("/pkg").filter(|r| r.is_empty() || r.starts_with('/')) {
        serve_file(&shared.pkg, rest, &method).await
    } else {
        serve_file(&shared.www, &path, &method).await
    };
    tracing::debug!(%peer, %method, %path, status = resp.status().as_u16(), "http");
    Ok(resp)
}
