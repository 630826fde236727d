//! The model, one module per domain, each with one `pub fn register(app)`.
//! [`register_all`] lists them in tick order: reading it tells you what the
//! simulation does. Nothing else adds systems to the tick schedule.
//!
//! The strategic layer (Russia's decisions, the coalition's response, the
//! ground war and politics) is one domain, [`deterrence`], with a module for
//! each.

pub mod air_defense;
pub mod deterrence;
pub mod forces;
pub mod metrics;
pub mod motion;
pub mod patrols;
pub mod sensing;
pub mod threats;

use crate::sim::SimApp;

/// Registers every domain, in tick order.
pub fn register_all(app: &mut SimApp) {
    threats::register(app); // Housekeeping: plan the run's raids; Spawn: launch; Resolve: impacts, diversions
    forces::register(app); // Spawn: units deploy, readiness drawn, withheld nations reported
    patrols::register(app); // Move: stations filled by rotating airframes, ships sail their routes
    motion::register(app); // Move: threats fly their routes
    sensing::register(app); // Sense: radars, AEW, ISR and ships detect threats; tracks shared
    air_defense::register(app); // Spawn: shooters armed; Engage: batteries and CAP engage tracks
    deterrence::register(app); // Politics: support, withdrawals, approval, training; Decide: Russia's choice; Respond: answers, outcomes
    metrics::register(app); // Measure: events, tallies and the daily series
}
