//! Simulated time: the tick counter, the tick length, and cadences for
//! domains that act hourly or daily rather than every tick.
//!
//! The run loop may jump over ticks in which no domain has work (see
//! [`SimApp::run_until`](super::SimApp::run_until)), so systems that integrate
//! over time use [`SimClock::dt_seconds`], the time since the previous
//! executed tick, never an assumed one-tick step.

use bevy_ecs::prelude::*;

/// Seconds in a simulated day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// The simulation clock. Written only by the run loop.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimClock {
    /// The tick being executed, from 0.
    pub tick: u64,
    /// The tick executed before this one (equal to `tick` on the first).
    pub prev_tick: u64,
    /// Seconds per tick.
    pub tick_seconds: u32,
}

impl SimClock {
    /// A clock at tick 0.
    pub fn new(tick_seconds: u32) -> Self {
        Self { tick: 0, prev_tick: 0, tick_seconds: tick_seconds.max(1) }
    }

    /// Simulated seconds since the start.
    pub fn seconds(&self) -> u64 {
        self.tick * u64::from(self.tick_seconds)
    }

    /// Simulated seconds since the previous executed tick.
    pub fn dt_seconds(&self) -> f64 {
        ((self.tick - self.prev_tick) * u64::from(self.tick_seconds)) as f64
    }

    /// The simulated day this tick falls in, from 0.
    pub fn day(&self) -> u64 {
        self.seconds() / SECONDS_PER_DAY
    }

    /// Ticks in `seconds` of simulated time (at least 1).
    pub fn ticks_in(&self, seconds: u64) -> u64 {
        (seconds / u64::from(self.tick_seconds)).max(1)
    }
}

/// How often a cadenced system runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every `n` ticks.
    Ticks(u64),
    /// Once per simulated hour.
    Hour,
    /// Once per simulated day.
    Day,
}

/// Whether a cadenced system runs at the start or at the end of its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// On the first tick of each period (tick 0, period, 2 period, ...).
    Start,
    /// On the last tick of each period (period - 1, 2 period - 1, ...).
    End,
    /// This many seconds into each period (clamped to the period).
    AfterSeconds(u64),
}

/// A periodic schedule in ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    /// Period in ticks (at least 1).
    pub period: u64,
    /// The tick within each period at which it is due.
    pub offset: u64,
}

impl Cadence {
    /// The cadence for `every` at `phase` with `tick_seconds` per tick.
    pub fn new(every: Every, phase: Phase, tick_seconds: u32) -> Self {
        let ts = u64::from(tick_seconds.max(1));
        let period = match every {
            Every::Ticks(n) => n,
            Every::Hour => 3_600 / ts,
            Every::Day => SECONDS_PER_DAY / ts,
        }
        .max(1);
        let offset = match phase {
            Phase::Start => 0,
            Phase::End => period - 1,
            Phase::AfterSeconds(s) => (s / ts).min(period - 1),
        };
        Self { period, offset }
    }

    /// True when due at `tick`.
    pub fn is_due(&self, tick: u64) -> bool {
        tick % self.period == self.offset
    }

    /// The first due tick strictly after `tick`.
    pub fn next_after(&self, tick: u64) -> u64 {
        let base = tick - tick % self.period + self.offset;
        if base > tick { base } else { base + self.period }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_cadence_at_one_minute_ticks() {
        let start = Cadence::new(Every::Day, Phase::Start, 60);
        assert_eq!(start.period, 1440);
        assert!(start.is_due(0) && start.is_due(1440) && !start.is_due(1439));
        assert_eq!(start.next_after(0), 1440);
        let end = Cadence::new(Every::Day, Phase::End, 60);
        assert!(end.is_due(1439) && end.is_due(2879) && !end.is_due(0));
        assert_eq!(end.next_after(0), 1439);
        assert_eq!(end.next_after(1439), 2879);
    }

    #[test]
    fn next_after_is_always_due_and_later() {
        for period in [1, 2, 7, 60, 1440] {
            for phase in [Phase::Start, Phase::End] {
                let c = Cadence::new(Every::Ticks(period), phase, 60);
                for t in 0..3 * period {
                    let n = c.next_after(t);
                    assert!(n > t && c.is_due(n));
                    assert!((t + 1..n).all(|k| !c.is_due(k)), "skipped a due tick");
                }
            }
        }
    }

    #[test]
    fn clock_reports_elapsed_time_across_jumps() {
        let mut c = SimClock::new(60);
        c.prev_tick = 10;
        c.tick = 70;
        assert_eq!(c.dt_seconds(), 3600.0);
        assert_eq!(c.seconds(), 4200);
        c.tick = 1440;
        assert_eq!(c.day(), 1);
    }
}
