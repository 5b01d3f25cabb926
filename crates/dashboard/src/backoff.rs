//! Backoff for wrong dashboard passwords, per client IP address, kept in memory: after a few
//! free mistakes each further wrong password locks that address out of signing in for twice as
//! long as the one before, so guessing the password from one machine becomes hopeless while a
//! person who mistypes it is barely slowed. A right password clears the address's record.
//!
//! The clock is a parameter (`now`), so the schedule is tested with plain instants. Addresses
//! are the TCP peer's: behind a reverse proxy every browser shares the proxy's address (forwarded
//! headers are not trusted, since any client can send them), so one guesser locks everyone out
//! for the same short while, which is the safe direction.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords an address may send before the first lock.
const FREE_FAILURES: u32 = 3;

/// The first lock; each further failure doubles it.
const FIRST_LOCK: Duration = Duration::from_secs(5);

/// The longest lock.
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);

/// Records kept before the oldest-forgotten ones are dropped, so a flood of addresses cannot
/// grow memory without bound.
const MAX_ADDRESSES: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    locked_until: Instant,
    last: Instant,
}

/// Wrong-password records of every address that recently sent one.
#[derive(Debug, Default)]
pub struct SignInBackoff {
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

impl SignInBackoff {
    /// How long `ip` must still wait before its next password is checked; `None` when it may
    /// try now.
    pub fn wait(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let failures = self.lock();
        let locked_until = failures.get(&ip)?.locked_until;
        (locked_until > now).then(|| locked_until - now)
    }

    /// Records a wrong password from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut failures = self.lock();
        if failures.len() >= MAX_ADDRESSES && !failures.contains_key(&ip) {
            forget_oldest_half(&mut failures);
        }
        let entry = failures.entry(ip).or_insert(Failures {
            count: 0,
            locked_until: now,
            last: now,
        });
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        entry.locked_until = now + lock_after(entry.count);
    }

    /// Clears `ip`'s record after a right password.
    pub fn succeeded(&self, ip: IpAddr) {
        self.lock().remove(&ip);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Failures>> {
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The lock that follows the `count`-th consecutive wrong password.
fn lock_after(count: u32) -> Duration {
    match count.checked_sub(FREE_FAILURES) {
        None => Duration::ZERO,
        Some(doublings) => FIRST_LOCK
            .checked_mul(2u32.saturating_pow(doublings))
            .map_or(MAX_LOCK, |lock| lock.min(MAX_LOCK)),
    }
}

/// Drops the half of the records whose last failure is oldest.
fn forget_oldest_half(failures: &mut HashMap<IpAddr, Failures>) {
    let mut lasts: Vec<Instant> = failures.values().map(|f| f.last).collect();
    lasts.sort_unstable();
    if let Some(&cutoff) = lasts.get(lasts.len() / 2) {
        failures.retain(|_, f| f.last > cutoff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn a_few_mistakes_are_free_then_each_one_doubles_the_wait() {
        let backoff = SignInBackoff::default();
        let start = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            backoff.failed(A, start);
            assert_eq!(backoff.wait(A, start), None);
        }
        backoff.failed(A, start);
        assert_eq!(backoff.wait(A, start), Some(FIRST_LOCK));
        assert_eq!(
            backoff.wait(B, start),
            None,
            "other addresses are not locked"
        );
        let later = start + FIRST_LOCK;
        assert_eq!(backoff.wait(A, later), None, "the lock ends");
        backoff.failed(A, later);
        assert_eq!(backoff.wait(A, later), Some(FIRST_LOCK * 2));
    }

    #[test]
    fn the_lock_is_capped_and_a_right_password_clears_it() {
        let backoff = SignInBackoff::default();
        let now = Instant::now();
        for _ in 0..100 {
            backoff.failed(A, now);
        }
        assert_eq!(backoff.wait(A, now), Some(MAX_LOCK));
        backoff.succeeded(A);
        assert_eq!(backoff.wait(A, now), None);
        backoff.failed(A, now);
        assert_eq!(backoff.wait(A, now), None, "counting starts again");
    }

    #[test]
    fn a_flood_of_addresses_keeps_the_recent_ones_within_the_bound() {
        let backoff = SignInBackoff::default();
        let start = Instant::now();
        let ips = (0..=MAX_ADDRESSES as u32).map(|i| IpAddr::V4(i.into()));
        for (i, ip) in ips.enumerate() {
            let now = start + Duration::from_millis(i as u64);
            for _ in 0..FREE_FAILURES {
                backoff.failed(ip, now);
            }
        }
        let kept = backoff.lock().len();
        assert!(kept <= MAX_ADDRESSES && kept > MAX_ADDRESSES / 4, "{kept}");
        let newest = IpAddr::V4((MAX_ADDRESSES as u32).into());
        assert!(backoff.wait(newest, start).is_some(), "the newest is kept");
    }
}
