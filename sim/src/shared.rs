//! What every task of the server shares: the world behind its lock, the settings new
//! connections, the control API and static files need, the restart's downtime, and the
//! shutdown signal.

use crate::faults::FaultDefaults;
use crate::guard::Access;
use crate::world::World;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A connection's place under the connection cap: held by its HTTP task and, after an
/// upgrade, by its WebSocket task; the place is free again when both are done.
pub type Slot = std::sync::Arc<tokio::sync::OwnedSemaphorePermit>;

/// State shared by every task.
#[derive(Debug)]
pub struct Shared {
    world: Mutex<World>,
    /// What the server was started with.
    pub settings: Settings,
    down_until: Mutex<Option<Instant>>,
    stop: watch::Receiver<bool>,
}

/// The settings a [`Shared`] is made with.
#[derive(Debug)]
pub struct Settings {
    /// Faults new connections start with.
    pub faults: FaultDefaults,
    /// Demo page folder.
    pub www: PathBuf,
    /// Package folder.
    pub pkg: PathBuf,
    /// Keep-alive interval.
    pub keepalive: Duration,
    /// Bytes a WebSocket's outgoing queue may hold.
    pub max_queue_bytes: usize,
    /// The control token and the allowed origins.
    pub access: Access,
}

impl Shared {
    /// State around `world` with `settings`; `stop` turns true at shutdown.
    pub fn new(world: World, settings: Settings, stop: watch::Receiver<bool>) -> Shared {
        Shared { world: Mutex::new(world), settings, down_until: Mutex::new(None), stop }
    }

    /// The world, locked. A panic elsewhere never makes the lock unusable.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Refuse WebSocket connections for `ms` (a restart's downtime).
    pub fn go_down(&self, ms: u64) {
        let mut d = self.down_until.lock().unwrap_or_else(PoisonError::into_inner);
        *d = (ms > 0).then(|| Instant::now() + Duration::from_millis(ms));
    }

    /// Whether WebSocket connections are refused now (see [`Shared::go_down`]).
    pub fn is_down(&self) -> bool {
        let d = self.down_until.lock().unwrap_or_else(PoisonError::into_inner);
        d.is_some_and(|t| Instant::now() < t)
    }

    /// A receiver that turns true when the server shuts down.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.clone()
    }
}
