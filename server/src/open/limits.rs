//! Rate limits of `/open/v1` (GCRA, the `governor` crate), kept in memory by each node — with N
//! nodes a system may make N times as many calls, which is acceptable for flood protection:
//!
//! - **per app key**, once the signature is verified: `per_second` on average, `burst` at once
//!   (a forged call cannot spend another system's budget);
//! - **per client address**, for calls that fail authentication (missing or malformed headers,
//!   unknown key, bad signature, stale timestamp, reused nonce, disabled system):
//!   `failures_per_minute` with `failure_burst`. Once an address is over, its calls are refused
//!   before the body is read or the database asked, until its budget recovers.
//!
//! Refusals are 429 `rate_limited` with `Retry-After` (seconds). The client address is the
//! peer's; `X-Forwarded-For` is believed only when the peer is a trusted proxy
//! (`LIANBAN_TRUSTED_PROXIES`), walking it from the right past the trusted hops. IPv6 clients are
//! counted by their /64 network, so one host cannot spread over fresh addresses. Both limiters
//! run on the server's clock (tests move it). The stores hold only recently seen keys: [`sweep`]
//! (every minute, [`super::spawn_sweeper`]) drops those indistinguishable from fresh ones.
//!
//! [`sweep`]: Limits::sweep

use crate::clock::Clock;
use crate::config::OpenRateConfig;
use crate::error::ApiError;
use axum::http::HeaderMap;
use governor::{Quota, RateLimiter};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The server's clock as a `governor` clock: time since the Unix epoch.
#[derive(Debug, Clone)]
struct ServerClock(Arc<Clock>);

impl governor::clock::Clock for ServerClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.now_ms()).unwrap_or(0))
    }
}

type Keyed<K> = RateLimiter<
    K,
    governor::state::keyed::DefaultKeyedStateStore<K>,
    ServerClock,
    governor::middleware::NoOpMiddleware<Duration>,
>;

/// The open API's limiters of one node.
pub struct Limits {
    per_key: Keyed<String>,
    failures: Keyed<IpAddr>,
    /// Addresses over their failure budget, with the time their next call may be checked.
    blocked: Mutex<HashMap<IpAddr, Duration>>,
    clock: ServerClock,
    trusted: Vec<IpNet>,
    per_second: u32,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("keys", &self.per_key.len())
            .field("addresses", &self.failures.len())
            .finish_non_exhaustive()
    }
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// Whole seconds until `at`, rounded up (at least 1).
fn seconds_until(now: Duration, at: Duration) -> u64 {
    let wait = at.saturating_sub(now);
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl Limits {
    /// Limiters over `config`, on `clock`.
    pub fn new(config: &OpenRateConfig, clock: Arc<Clock>) -> Self {
        let clock = ServerClock(clock);
        let per_key =
            Quota::per_second(nonzero(config.per_second)).allow_burst(nonzero(config.burst));
        let failures = Quota::per_minute(nonzero(config.failures_per_minute))
            .allow_burst(nonzero(config.failure_burst));
        Self {
            per_key: RateLimiter::dashmap_with_clock(per_key, clock.clone()),
            failures: RateLimiter::dashmap_with_clock(failures, clock.clone()),
            blocked: Mutex::default(),
            clock,
            trusted: config.trusted_proxies.clone(),
            per_second: config.per_second,
        }
    }

    fn now(&self) -> Duration {
        governor::clock::Clock::now(&self.clock)
    }

    /// Counts one call of the verified system `app_key`; 429 `rate_limited` when it is over.
    pub fn admit(&self, app_key: &str) -> Result<(), ApiError> {
        self.per_key
            .check_key(&app_key.to_owned())
            .map_err(|not_until| {
                let seconds = seconds_until(self.now(), not_until.earliest_possible());
                ApiError::rate_limited(
                    format!(
                        "调用过于频繁（每个对接系统平均每秒最多 {} 次），请 {seconds} 秒后重试",
                        self.per_second
                    ),
                    seconds,
                )
            })
    }

    /// 429 `rate_limited` when `client` is over its failure budget (nothing is counted).
    pub fn refused(&self, client: IpAddr) -> Option<ApiError> {
        let now = self.now();
        let mut blocked = self.blocked.lock().unwrap_or_else(PoisonError::into_inner);
        match blocked.get(&client) {
            Some(until) if *until > now => Some(too_many_failures(seconds_until(now, *until))),
            Some(_) => {
                blocked.remove(&client);
                None
            }
            None => None,
        }
    }

    /// Counts one failed authentication of `client`; 429 `rate_limited` (which then answers the
    /// call) when that was one too many.
    pub fn failed(&self, client: IpAddr) -> Option<ApiError> {
        let not_until = self.failures.check_key(&client).err()?;
        let until = not_until.earliest_possible();
        self.blocked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(client, until);
        tracing::warn!(%client, "open API: too many failed authentications");
        Some(too_many_failures(seconds_until(self.now(), until)))
    }

    /// The address a call is counted under: the peer's, or — when the peer is a trusted proxy —
    /// the rightmost `X-Forwarded-For` hop that is not a trusted proxy; IPv6 by its /64 network.
    /// A call without a peer address (in-process tests) counts under the unspecified address.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED));
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            if !self.trusted.iter().any(|net| net.contains(&client)) {
                break;
            }
            match hop.parse::<IpAddr>() {
                Ok(ip) => client = ip,
                Err(_) => break,
            }
        }
        bucket(client)
    }

    /// Forgets the keys whose state is indistinguishable from a fresh one and the blocks that
    /// ended, so memory follows the recently active callers only.
    pub fn sweep(&self) {
        self.per_key.retain_recent();
        self.per_key.shrink_to_fit();
        self.failures.retain_recent();
        self.failures.shrink_to_fit();
        let now = self.now();
        self.blocked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, until| *until > now);
    }

    /// How many keys the stores hold (app keys, addresses, blocked addresses).
    pub fn held(&self) -> (usize, usize, usize) {
        let blocked = self
            .blocked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        (self.per_key.len(), self.failures.len(), blocked)
    }
}

fn too_many_failures(seconds: u64) -> ApiError {
    ApiError::rate_limited(
        format!("认证失败次数过多，请 {seconds} 秒后重试，并检查应用标识、密钥和签名算法"),
        seconds,
    )
}

/// The key of an address: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 network.
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(network))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn limits(config: OpenRateConfig) -> (Limits, Arc<Clock>) {
        let clock = Arc::new(Clock::default());
        (Limits::new(&config, clock.clone()), clock)
    }

    fn small() -> OpenRateConfig {
        OpenRateConfig {
            per_second: 1,
            burst: 3,
            failures_per_minute: 2,
            failure_burst: 2,
            trusted_proxies: Vec::new(),
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_key_gets_its_burst_then_waits_for_the_clock() {
        let (limits, clock) = limits(small());
        for _ in 0..3 {
            limits.admit("lb_a").unwrap();
        }
        let refused = limits.admit("lb_a").unwrap_err();
        assert_eq!(
            (refused.status.as_u16(), refused.code),
            (429, "rate_limited")
        );
        assert_eq!(refused.retry_after, Some(1));
        assert!(
            refused.detail.contains("每秒最多 1 次"),
            "{}",
            refused.detail
        );
        limits.admit("lb_b").unwrap();
        clock.advance_seconds(1);
        limits.admit("lb_a").unwrap();
        assert!(limits.admit("lb_a").is_err(), "one second earns one call");
        clock.advance_seconds(3);
        for _ in 0..3 {
            limits.admit("lb_a").unwrap();
        }
    }

    #[test]
    fn failures_block_an_address_until_its_budget_recovers() {
        let (limits, clock) = limits(small());
        let (attacker, other) = (ip("203.0.113.9"), ip("198.51.100.1"));
        assert!(limits.refused(attacker).is_none());
        assert!(limits.failed(attacker).is_none());
        assert!(limits.failed(attacker).is_none());
        let refused = limits.failed(attacker).unwrap();
        assert_eq!(refused.code, "rate_limited");
        // Two failures a minute: one earned back every 30 s (less the moments this test took).
        assert!(matches!(refused.retry_after, Some(29 | 30)), "{refused:?}");
        let again = limits.refused(attacker).unwrap();
        assert!(matches!(again.retry_after, Some(29 | 30)), "{again:?}");
        assert!(
            limits.refused(other).is_none(),
            "another address is not affected"
        );
        assert!(limits.failed(other).is_none());
        clock.advance_seconds(29);
        assert_eq!(limits.refused(attacker).unwrap().retry_after, Some(1));
        clock.advance_seconds(1);
        assert!(limits.refused(attacker).is_none());
        assert!(limits.failed(attacker).is_none(), "one failure earned back");
        assert!(limits.failed(attacker).is_some());
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("198.51.100.7, 203.0.113.5, 10.0.0.2"),
        );
        let (open, _) = limits(small());
        let peer = Some(ip("10.0.0.9"));
        assert_eq!(
            open.client(peer, &headers),
            ip("10.0.0.9"),
            "no proxy trusted"
        );
        let (behind, _) = limits(OpenRateConfig {
            trusted_proxies: vec!["10.0.0.0/24".parse().unwrap()],
            ..small()
        });
        assert_eq!(behind.client(peer, &headers), ip("203.0.113.5"));
        assert_eq!(
            behind.client(Some(ip("192.0.2.1")), &headers),
            ip("192.0.2.1"),
            "an untrusted peer's header is ignored"
        );
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("junk, 10.0.0.3"),
        );
        assert_eq!(behind.client(peer, &headers), ip("10.0.0.3"));
        assert_eq!(
            open.client(None, &HeaderMap::new()),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        );
    }

    #[test]
    fn ipv6_counts_by_network_and_mapped_ipv4_as_ipv4() {
        assert_eq!(bucket(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(bucket(ip("2001:db8:1:2:bbbb::9")), ip("2001:db8:1:2::"));
        assert_eq!(bucket(ip("::ffff:192.0.2.4")), ip("192.0.2.4"));
        assert_eq!(bucket(ip("192.0.2.4")), ip("192.0.2.4"));
    }

    #[test]
    fn the_sweep_forgets_callers_that_went_quiet() {
        let (limits, clock) = limits(small());
        limits.admit("lb_a").unwrap();
        for _ in 0..3 {
            limits.failed(ip("203.0.113.9"));
        }
        limits.failed(ip("203.0.113.10"));
        assert_eq!(limits.held(), (1, 2, 1));
        limits.sweep();
        assert_eq!(limits.held(), (1, 2, 1), "recent callers stay");
        clock.advance_seconds(120);
        limits.sweep();
        assert_eq!(limits.held(), (0, 0, 0));
    }
}
