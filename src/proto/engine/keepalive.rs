//! Keep-alive (WIRE-PROFILE §6): while the session is ready, and while the override prompt
//! waits for the user (an idle socket would otherwise be closed by a proxy and the prompt come
//! back), a `ping` goes out after `keep_alive` ms of silence from the server; any answer to
//! it, even an error, proves the socket alive, and no answer within `request_timeout` means
//! the connection is lost.

use super::outbox::Outbox;
use super::timers::{Timer, TimerTable};
use super::types::Config;
use crate::proto::time::Millis;
use crate::proto::wire::CoreCommand;

/// The keep-alive's state; its deadlines are [`Timer::Idle`] and [`Timer::Ping`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeepAlive {
    /// Whether the connection is in a phase that keeps itself alive.
    active: bool,
    /// The `requestId` of the unanswered `ping`.
    ping: Option<String>,
}

impl KeepAlive {
    /// The session became ready, or the override prompt is waiting: silence counts from `now`.
    pub fn start(&mut self, now: Millis, config: &Config, timers: &mut TimerTable) {
        self.active = true;
        self.heard(now, config, timers);
    }

    /// The connection leaves the phases that keep alive (a bootstrap step has its own
    /// deadline). An unanswered ping stays due: the socket's liveness is still in question.
    pub fn pause(&mut self, timers: &mut TimerTable) {
        self.active = false;
        timers.stop(Timer::Idle);
    }

    /// The socket is gone: nothing is awaited any more.
    pub fn stop(&mut self, timers: &mut TimerTable) {
        self.active = false;
        self.ping = None;
        timers.stop(Timer::Idle);
        timers.stop(Timer::Ping);
    }

    /// Something arrived from the server at `now`.
    pub fn heard(&mut self, now: Millis, config: &Config, timers: &mut TimerTable) {
        if self.active && self.ping.is_none() && config.keep_alive > 0 {
            timers.set(Timer::Idle, now.saturating_add(config.keep_alive));
        }
    }

    /// Whether `request_id` answers the ping (then it is no longer awaited).
    pub fn answers(&mut self, request_id: &str, now: Millis, config: &Config, timers: &mut TimerTable) -> bool {
        if self.ping.as_deref() != Some(request_id) {
            return false;
        }
        self.ping = None;
        timers.stop(Timer::Ping);
        self.heard(now, config, timers);
        true
    }

    /// The page woke up: the socket must answer a ping within `within` ms. A ping in flight
    /// gets that deadline (its own may have passed while the page slept); otherwise one goes
    /// out now, keep-alive on or off.
    pub fn probe(&mut self, now: Millis, within: Millis, config: &Config, timers: &mut TimerTable, out: &mut Outbox) {
        timers.stop(Timer::Idle);
        if self.ping.is_none() {
            self.send(config, out);
        }
        timers.set(Timer::Ping, now.saturating_add(within));
    }

    /// [`Timer::Idle`] expired: sends the ping.
    pub fn send_ping(&mut self, now: Millis, config: &Config, timers: &mut TimerTable, out: &mut Outbox) {
        timers.stop(Timer::Idle);
        if !self.active || self.ping.is_some() || config.keep_alive == 0 {
            return;
        }
        self.send(config, out);
        timers.set(Timer::Ping, now.saturating_add(config.request_timeout));
    }

    /// Sends a `ping`, now awaited.
    fn send(&mut self, config: &Config, out: &mut Outbox) {
        self.ping = Some(out.core_request(&config.request_id_prefix, CoreCommand::Ping, None));
    }
}
