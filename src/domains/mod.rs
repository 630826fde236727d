//! The model, one module per domain, each with one `pub fn register(app)`.
//! [`register_all`] lists them in tick order: reading it tells you what the
//! simulation does. Nothing else adds systems to the tick schedule.
//!
//! Domains still to come (their issues): sensing, air_defense, threats and
//! patrols (the air and sea war); adversary, response and politics
//! (deterrence). Each will order itself against the `…Systems` sets of the
//! domains it reads.

pub mod forces;
pub mod metrics;
pub mod motion;

use crate::sim::SimApp;

/// Registers every domain, in tick order.
pub fn register_all(app: &mut SimApp) {
    forces::register(app); // Spawn: units deploy, readiness drawn, withheld nations reported
    motion::register(app); // Move: velocities and routes advance positions
    metrics::register(app); // Measure: events, tallies and the daily series
}
