//! Reconnect backoff (WIRE-PROFILE §6): capped exponential with full jitter, as a pure
//! function of the attempt number and a random draw, plus the small deterministic PRNG the
//! engine draws from (seeded by the host, so a recorded session replays exactly).

use crate::proto::time::Millis;

/// When and how often to reconnect after an unexpected loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReconnectPolicy {
    /// Cap of the first attempt's delay window.
    pub initial_delay: Millis,
    /// Cap of any delay window.
    pub max_delay: Millis,
    /// Attempts before giving up (`None`: never give up).
    pub max_attempts: Option<u32>,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy { initial_delay: 500, max_delay: 30_000, max_attempts: None }
    }
}

/// The delay before reconnect attempt `attempt` (0-based): a uniform draw in
/// `[0, min(max_delay, initial_delay · 2^attempt)]` ("full jitter"), where `unit` is a
/// uniform draw in `[0, 1)` scaled to `u32`.
pub fn backoff_delay(policy: &ReconnectPolicy, attempt: u32, unit: u32) -> Millis {
    let window = policy.initial_delay.saturating_mul(1u64 << attempt.min(32)).min(policy.max_delay);
    (window.saturating_add(1)).saturating_mul(u64::from(unit)) >> 32
}

/// SplitMix64: tiny, fast, good enough for jitter; never used for anything secret.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded by the host.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 32) as u32
    }
}

/// Token bucket limiting protocol-error events, so a flood of bad frames cannot freeze the
/// page: `burst` at once, then `per_second`; the rest are counted and reported in one.
#[derive(Clone, Debug)]
pub struct RateLimit {
    burst: u32,
    per_second: u32,
    tokens_milli: u64,
    last: Millis,
    suppressed: u64,
}

impl RateLimit {
    /// A full bucket.
    pub fn new(burst: u32, per_second: u32) -> RateLimit {
        RateLimit { burst, per_second, tokens_milli: u64::from(burst) * 1000, last: 0, suppressed: 0 }
    }

    fn refill(&mut self, now: Millis) {
        let dt = now.saturating_sub(self.last);
        self.last = self.last.max(now);
        let cap = u64::from(self.burst) * 1000;
        self.tokens_milli = self.tokens_milli.saturating_add(dt.saturating_mul(u64::from(self.per_second))).min(cap);
    }

    /// Takes a token: `Some(n)` when the event may go out, where `n` is how many were
    /// suppressed before it (to report first); `None` when it must be suppressed.
    pub fn take(&mut self, now: Millis) -> Option<u64> {
        self.refill(now);
        if self.tokens_milli >= 1000 {
            self.tokens_milli -= 1000;
            Some(std::mem::take(&mut self.suppressed))
        } else {
            self.suppressed = self.suppressed.saturating_add(1);
            None
        }
    }

    /// Events suppressed and not yet reported.
    pub fn suppressed(&self) -> u64 {
        self.suppressed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15, item 11: times from a crafted recording cannot overflow the arithmetic.
    #[test]
    fn extreme_times_do_not_overflow() {
        let mut r = RateLimit::new(20, 10);
        for now in [0, u64::MAX, 0, u64::MAX - 1, u64::MAX] {
            let _ = r.take(now);
        }
        let p = ReconnectPolicy { initial_delay: u64::MAX, max_delay: u64::MAX, max_attempts: None };
        for attempt in [0, 1, 63, 64, u32::MAX] {
            let _ = backoff_delay(&p, attempt, u32::MAX);
        }
    }

    #[test]
    fn window_doubles_then_caps_and_jitter_stays_inside() {
        let p = ReconnectPolicy { initial_delay: 100, max_delay: 1_000, max_attempts: None };
        assert_eq!(backoff_delay(&p, 0, u32::MAX), 100);
        assert_eq!(backoff_delay(&p, 1, u32::MAX), 200);
        assert_eq!(backoff_delay(&p, 3, u32::MAX), 800);
        assert_eq!(backoff_delay(&p, 4, u32::MAX), 1_000);
        assert_eq!(backoff_delay(&p, 60, u32::MAX), 1_000);
        assert_eq!(backoff_delay(&p, 5, 0), 0);
        assert_eq!(backoff_delay(&p, 5, 1 << 31), 500);
        let mut rng = Rng::new(7);
        for attempt in 0..40 {
            let d = backoff_delay(&p, attempt, rng.next_u32());
            assert!(d <= 1_000);
        }
    }

    #[test]
    fn rng_is_deterministic_and_spread() {
        let a: Vec<u32> = {
            let mut r = Rng::new(1);
            (0..4).map(|_| r.next_u32()).collect()
        };
        let b: Vec<u32> = {
            let mut r = Rng::new(1);
            (0..4).map(|_| r.next_u32()).collect()
        };
        assert_eq!(a, b);
        let mut r = Rng::new(42);
        let high = (0..1000).filter(|_| r.next_u32() > u32::MAX / 2).count();
        assert!((400..600).contains(&high), "{high}");
    }

    #[test]
    fn rate_limit_bursts_then_counts_suppressed() {
        let mut rl = RateLimit::new(3, 2);
        assert_eq!(rl.take(0), Some(0));
        assert_eq!(rl.take(0), Some(0));
        assert_eq!(rl.take(0), Some(0));
        assert_eq!(rl.take(0), None);
        assert_eq!(rl.take(100), None);
        assert_eq!(rl.suppressed(), 2);
        assert_eq!(rl.take(600), Some(2));
        assert_eq!(rl.take(600), None);
    }
}
