//! sensing: the coalition's radars, AEW aircraft, ISR drones, ships and
//! patrolling fighters detect threats and share tracks.
//!
//! Phase: Sense. Owns: [`Tracked`] on threats. Messages out:
//! [`ThreatDetected`]. Reads: the prepared sky (line of sight per band), the
//! patrols' stations and ships' positions.
//!
//! Each tick is one scan. A threat not yet tracked is detected with
//! probability 1 - (1 - Pd)^n at the first point of the segment it flew this
//! tick (checked every 4 km, so a ballistic missile is not skipped over) where
//! n, the number of platforms whose radar sees it, is not zero: within range for its radar cross-section (fourth-root law), above
//! the horizon, and in terrain line of sight for its altitude band. Once
//! detected a threat stays tracked; the track reaches shooters after the
//! network's delay (see air_defense). Where the scenario sets
//! `observer_network_pd`, Ukraine's ground observers (acoustic sensors and
//! observation posts) also report threats below 3,000 m over Ukraine-held
//! ground, independently of the radars.

use bevy_ecs::prelude::*;
use rand::Rng;

use crate::config::catalog::ThreatClass;
use crate::coverage::sky::{Eye, SkyPicture};
use crate::coverage::sources::at_least_one;
use crate::domains::motion::{Trail, swept};
use crate::domains::patrols::PatrolStatus;
use crate::domains::threats::{Threat, ThreatId};
use crate::geo::map::{Control, Map};
use crate::geo::projection::Xy;
use crate::sim::components::{MapData, Position, ScenarioData, SkyData, StoodDown, UnitIndex};
use crate::sim::rng::keyed_uniform;
use crate::sim::{SimApp, SimClock, TickSet};

/// A threat the coalition tracks, since when.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Tracked {
    /// Detection time, s.
    pub since_s: f64,
}

/// A threat was detected for the first time.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct ThreatDetected {
    /// Which.
    pub threat: ThreatId,
    /// Its class.
    pub class: ThreatClass,
    /// Seconds from launch to detection.
    pub after_launch_s: f64,
    /// Platforms that saw it.
    pub seen_by: u32,
    /// Where it was.
    pub at: Xy,
}

/// The run's key for detection draws (see [`keyed_uniform`]).
#[derive(Resource)]
struct SensingKey(u64);

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SensingSystems {
    /// Detection and tracking.
    Detect,
}

/// Registers the sensing domain.
pub fn register(app: &mut SimApp) {
    let key = app.rng_stream("sensing").next_u64();
    app.add_message::<ThreatDetected>()
        .insert_resource(SensingKey(key))
        .add_systems(detect.in_set(TickSet::Sense).in_set(SensingSystems::Detect));
}

/// Where an eye looks from now, or `None` if it is not there (a patrol off
/// station).
pub fn eye_position(
    eye: &Eye,
    patrols: &PatrolStatus,
    units: &UnitIndex,
    stood_down: &StoodDown,
    positions: &Query<&Position>,
) -> Option<Xy> {
    if stood_down.get(eye.unit) {
        return None;
    }
    if let Some(p) = eye.patrol
        && !patrols.on_station.get(p).copied().unwrap_or(false)
    {
        return None;
    }
    match eye.sight {
        // Ships move: look from where the ship is.
        crate::coverage::sky::Sight::Horizon(_) => {
            units.0.get(eye.unit).copied().flatten().and_then(|e| positions.get(e).ok()).map(|p| p.0)
        }
        crate::coverage::sky::Sight::Windows(_) => Some(eye.xy),
    }
}

/// The number of platforms that see a target at `p`, `h_m` above ground.
pub fn seen_by(map: &Map, sky: &SkyPicture, from: &[Option<Xy>], p: Xy, h_m: f64, rcs_m2: f64) -> u32 {
    let cell = map.grid.cell_of(p);
    sky.eyes.iter().zip(from).filter(|(eye, at)| at.is_some_and(|at| eye.sees(map, p, cell, h_m, rcs_m2, at))).count()
        as u32
}

/// What detection reads of each threat not yet tracked.
type UntrackedThreat = (Entity, &'static ThreatId, &'static Threat, &'static Position, Option<&'static Trail>);

/// Ceiling of what ground observers (microphones, eyes) report, m.
pub const OBSERVER_CEILING_M: f64 = 3000.0;

fn over_ukraine(map: &Map, p: Xy) -> bool {
    map.grid.cell_of(p).is_some_and(|(c, r)| *map.control.get(c, r) == Control::Ukraine)
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn detect(
    mut commands: Commands,
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    sky: Res<SkyData>,
    patrols: Res<PatrolStatus>,
    units: Res<UnitIndex>,
    stood_down: Res<StoodDown>,
    positions: Query<&Position>,
    threats: Query<UntrackedThreat, Without<Tracked>>,
    key: Res<SensingKey>,
    mut out: MessageWriter<ThreatDetected>,
) {
    if threats.is_empty() {
        return;
    }
    let now = clock.seconds() as f64;
    let pd = scenario.0.air_war.doctrine.detection_pd;
    let observers = scenario.0.air_war.doctrine.observer_network_pd;
    let from_xy: Vec<Option<Xy>> =
        sky.0.eyes.iter().map(|e| eye_position(e, &patrols, &units, &stood_down, &positions)).collect();
    let dt = clock.dt_seconds();
    for (e, id, t, p, trail) in threats.iter().sort::<&ThreatId>() {
        // The first point of this tick's flight where anything sees or hears
        // it: a fast missile is checked along the whole segment it flew.
        let from = trail.map_or(p.0, |tr| tr.0);
        let first = swept(from, p.0, now, dt).find_map(|(xy, time_s)| {
            let h = t.altitude_m(time_s);
            let n = seen_by(&map.0, &sky.0, &from_xy, xy, h, t.kind.rcs_m2);
            let heard = observers > 0.0 && h <= OBSERVER_CEILING_M && over_ukraine(&map.0, xy);
            (n > 0 || heard).then_some((xy, time_s, n, heard))
        });
        // One draw per threat and scan, fixed by the two: whether another
        // threat or sensor exists does not change it.
        let draw = keyed_uniform(key.0, &[u64::from(id.0), clock.tick]);
        let Some((xy, time_s, n, heard)) = first else { continue };
        // At least one of the n platforms that see it detects in this scan.
        let p_detect = 1.0 - (1.0 - at_least_one(pd, n)) * (1.0 - if heard { observers } else { 0.0 });
        if draw < p_detect {
            commands.entity(e).insert(Tracked { since_s: time_s });
            out.write(ThreatDetected {
                threat: *id,
                class: t.class(),
                after_launch_s: time_s - t.launched_s,
                seen_by: n,
                at: xy,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_sensors_detect_more_surely() {
        assert_eq!(at_least_one(0.9, 0), 0.0);
        assert!((at_least_one(0.9, 1) - 0.9).abs() < 1e-12);
        assert!((at_least_one(0.9, 2) - 0.99).abs() < 1e-12);
    }
}
