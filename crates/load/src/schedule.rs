//! When each request of an open-model phase is due. With `--rate R`, requests arrive at R per
//! second whatever the server's speed (as an IdP's provisioning queue does), after a linear
//! ramp from 0 to R over `--ramp`; a request's latency is measured from the moment it was due,
//! not from when a free connection finally sent it, so a server that stalls cannot hide its
//! stall by slowing the generator down (coordinated omission).

use std::time::Duration;

/// Arrival times of an open-model phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// Requests per second once the ramp is over.
    pub rate: f64,
    /// How long the rate takes to climb linearly from 0 to `rate`.
    pub ramp: Duration,
}

impl Schedule {
    /// When request `index` (0-based) is due, counted from the phase's start.
    ///
    /// During the ramp the rate at time t is `rate · t / ramp`, so `rate · t² / (2 · ramp)`
    /// requests have arrived by t; after it, `rate` per second on top of the ramp's
    /// `rate · ramp / 2`. Each request is due when the arrivals so far reach its index.
    pub fn due(&self, index: usize) -> Duration {
        let n = index as f64;
        let ramp = self.ramp.as_secs_f64();
        let during_ramp = self.rate * ramp / 2.0;
        let seconds = if n < during_ramp {
            (2.0 * ramp * n / self.rate).sqrt()
        } else {
            ramp + (n - during_ramp) / self.rate
        };
        Duration::from_secs_f64(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_ramp_requests_are_evenly_spaced() {
        let s = Schedule {
            rate: 4.0,
            ramp: Duration::ZERO,
        };
        let due: Vec<f64> = (0..5).map(|i| s.due(i).as_secs_f64()).collect();
        assert_eq!(due, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    fn a_ramp_sends_half_the_full_rate_during_it_then_the_full_rate() {
        let s = Schedule {
            rate: 10.0,
            ramp: Duration::from_secs(2),
        };
        // 10/s · 2 s / 2 = 10 requests during the ramp; the 10th is due as it ends.
        assert!((s.due(10).as_secs_f64() - 2.0).abs() < 1e-9);
        // Halfway through the ramp (1 s) only a quarter of them (2.5) have arrived.
        assert!(s.due(2).as_secs_f64() < 1.0 && s.due(3).as_secs_f64() > 1.0);
        // After it, 10 per second.
        assert!((s.due(20).as_secs_f64() - 3.0).abs() < 1e-9);
    }
}
