//! patrols: fighter CAP, AEW and ISR orbits, and naval patrols on the Black
//! Sea, kept on station by rotating airframes and hulls.
//!
//! Phase: Move. Owns: [`PatrolStatus`] (who is on station) and the positions
//! of patrolling ships. Messages out: [`PatrolPlanned`] (once: what continuous
//! cover costs), [`PatrolChanged`] (a station filled or left) and
//! [`PatrolDay`] (platforms on station, averaged over each day).
//!
//! Continuous cover of a station needs ceil(cycle / time on station) airframes
//! (or hulls) per platform on station, where the cycle is endurance plus
//! turnaround and time on station is endurance minus the transits. A unit with
//! fewer keeps the station filled for that share of each cycle. Warships of
//! states outside the Black Sea count their time from the Bosporus and may stay
//! `montreux_days` (21 under the Montreux Convention).

use bevy_ecs::prelude::*;

use crate::config::Patrol;
use crate::config::air_war::PatrolKind;
use crate::geo::projection::{self, Xy};
use crate::sim::components::{Position, ScenarioData, UnitIndex};
use crate::sim::{Every, Phase, SimApp, SimClock, TickSet};

/// Which stations are filled now.
#[derive(Resource, Debug, Clone, Default)]
pub struct PatrolStatus {
    /// Per patrol (scenario order): on station now.
    pub on_station: Vec<bool>,
    /// Platform-seconds on station so far today: (air, sea).
    today: (f64, f64),
    /// When `today` was last brought up to date, s.
    last_s: f64,
    /// Start of the current day, s.
    day_start_s: f64,
    started: bool,
}

/// What continuous cover of one patrol costs.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct PatrolPlanned {
    /// Unit index.
    pub unit: usize,
    /// Kind.
    pub kind: PatrolKind,
    /// Airframes or hulls continuous cover needs.
    pub required: u32,
    /// Airframes or hulls available.
    pub available: u32,
    /// Share of the time the station is filled, 0 to 1.
    pub duty: f64,
}

/// A station was filled or left.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct PatrolChanged {
    /// Patrol index.
    pub patrol: usize,
    /// Unit index.
    pub unit: usize,
    /// Now on station.
    pub on: bool,
}

/// Platforms on station, averaged over one day.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct PatrolDay {
    /// Mean airframes on station.
    pub airframes: f64,
    /// Mean hulls on station.
    pub hulls: f64,
}

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatrolSystems {
    /// Stations and ships' positions.
    Update,
}

/// Share of each cycle a patrol's station is filled.
pub fn duty(p: &Patrol) -> f64 {
    let cover = f64::from(p.available) * p.time_on_station_hours / (p.cycle_hours * f64::from(p.on_station));
    cover.min(1.0)
}

/// True when the station is filled at `t_s`.
pub fn on_station_at(p: &Patrol, t_s: f64) -> bool {
    let f = duty(p);
    f >= 1.0 || (t_s / 3600.0).rem_euclid(p.cycle_hours) < f * p.cycle_hours
}

/// The next time after `t_s` the station fills or empties, if it ever does.
pub fn next_change_s(p: &Patrol, t_s: f64) -> Option<f64> {
    let f = duty(p);
    if f >= 1.0 {
        return None;
    }
    let cycle = p.cycle_hours * 3600.0;
    let start = t_s - t_s.rem_euclid(cycle);
    [start + f * cycle, start + cycle, start + cycle + f * cycle].into_iter().find(|c| *c > t_s + 1e-6)
}

/// Where a ship patrolling `route` back and forth at `speed_kmh` is at `t_s`.
pub fn ship_position(route: &[Xy], speed_kmh: f64, t_s: f64) -> Xy {
    let legs: Vec<f64> = route.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f64 = legs.iter().sum();
    if total <= 0.0 || route.len() < 2 {
        return route.first().copied().unwrap_or_default();
    }
    let mut s = (speed_kmh / 3.6 * t_s).rem_euclid(2.0 * total);
    if s > total {
        s = 2.0 * total - s;
    }
    for (w, len) in route.windows(2).zip(&legs) {
        if s <= *len {
            let f = if *len > 0.0 { s / len } else { 0.0 };
            return Xy { x: w[0].x + f * (w[1].x - w[0].x), y: w[0].y + f * (w[1].y - w[0].y) };
        }
        s -= len;
    }
    route[route.len() - 1]
}

/// Registers the patrols domain.
pub fn register(app: &mut SimApp) {
    let end_of_day = app.cadence(Every::Day, Phase::End);
    app.add_message::<PatrolPlanned>()
        .add_message::<PatrolChanged>()
        .add_message::<PatrolDay>()
        .insert_resource(PatrolStatus::default())
        // Ships' positions are this domain's; threats' are motion's. The
        // entities differ, but both write Position, so the order is fixed.
        .add_systems(
            (update, report_day.run_if(end_of_day))
                .chain()
                .in_set(TickSet::Move)
                .in_set(PatrolSystems::Update)
                .before(crate::domains::motion::MotionSystems::Advance),
        );
    app.add_work_probe(Box::new(|world, now| {
        let scenario = world.get_resource::<ScenarioData>()?;
        let ts = f64::from(world.resource::<SimClock>().tick_seconds);
        let t = now as f64 * ts;
        scenario
            .0
            .air_war
            .patrols
            .iter()
            .filter_map(|p| next_change_s(p, t))
            .map(|c| (c / ts).floor() as u64)
            .filter(|&k| k > now)
            .min()
    }));
}

fn platforms(p: &Patrol) -> (f64, f64) {
    let n = f64::from(p.on_station);
    if p.kind == PatrolKind::Naval { (0.0, n) } else { (n, 0.0) }
}

fn update(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    units: Res<UnitIndex>,
    mut status: ResMut<PatrolStatus>,
    mut positions: Query<&mut Position>,
    mut planned: MessageWriter<PatrolPlanned>,
    mut changed: MessageWriter<PatrolChanged>,
) {
    let now = clock.seconds() as f64;
    let patrols = &scenario.0.air_war.patrols;
    if !status.started {
        status.started = true;
        status.on_station = patrols.iter().map(|p| on_station_at(p, now)).collect();
        status.last_s = now;
        status.day_start_s = now;
        for p in patrols {
            planned.write(PatrolPlanned {
                unit: p.unit,
                kind: p.kind,
                required: p.required,
                available: p.available,
                duty: duty(p),
            });
        }
    }
    // Platform-time on station since the last update, with the old status.
    let dt = now - status.last_s;
    let (mut air, mut sea) = status.today;
    for (p, on) in patrols.iter().zip(&status.on_station) {
        if *on {
            let (a, s) = platforms(p);
            air += a * dt;
            sea += s * dt;
        }
    }
    status.today = (air, sea);
    status.last_s = now;
    for (i, p) in patrols.iter().enumerate() {
        let on = on_station_at(p, now);
        if on != status.on_station[i] {
            status.on_station[i] = on;
            changed.write(PatrolChanged { patrol: i, unit: p.unit, on });
        }
        if p.kind == PatrolKind::Naval
            && let Some(e) = units.0.get(p.unit).copied().flatten()
            && let Ok(mut pos) = positions.get_mut(e)
        {
            let route: Vec<Xy> = p.route.iter().map(|ll| projection::forward(*ll)).collect();
            let speed = match &*scenario.0.units[p.unit].system {
                crate::config::catalog::SystemType::Ship(s) => s.speed_kmh,
                _ => 0.0,
            };
            // ASSUMPTION: ships patrol at half their sustained speed (economical
            // cruising); away from station they are shown at the route's start.
            pos.0 = if on { ship_position(&route, speed * 0.5, now) } else { route[0] };
        }
    }
}

fn report_day(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut status: ResMut<PatrolStatus>,
    mut out: MessageWriter<PatrolDay>,
) {
    // The day ends at the end of this tick: count the rest of it first.
    let end = (clock.tick + 1) as f64 * f64::from(clock.tick_seconds);
    let dt = end - status.last_s;
    let (mut air, mut sea) = status.today;
    for (p, on) in scenario.0.air_war.patrols.iter().zip(&status.on_station) {
        if *on {
            let (a, s) = platforms(p);
            air += a * dt;
            sea += s * dt;
        }
    }
    let length = (end - status.day_start_s).max(1.0);
    out.write(PatrolDay { airframes: air / length, hulls: sea / length });
    status.today = (0.0, 0.0);
    status.day_start_s = end;
    status.last_s = end;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::projection::LatLon;

    fn patrol(available: u32, endurance: f64, transit: f64, turnaround: f64) -> Patrol {
        let t = endurance - 2.0 * transit;
        let cycle = endurance + turnaround;
        Patrol {
            unit: 0,
            kind: PatrolKind::Cap,
            station: LatLon::default(),
            route: vec![],
            altitude_m: 9000.0,
            on_station: 1,
            transit_hours: transit,
            time_on_station_hours: t,
            cycle_hours: cycle,
            required: (cycle / t).ceil() as u32,
            available,
        }
    }

    #[test]
    fn continuous_cover_needs_cycle_over_time_on_station_airframes() {
        // 3 h endurance, 30 min transit, 2 h turnaround: 2 h on station in a 5 h cycle: 3 airframes.
        let p = patrol(6, 3.0, 0.5, 2.0);
        assert_eq!(p.required, 3);
        assert_eq!(duty(&p), 1.0);
        assert!(on_station_at(&p, 10_000.0) && next_change_s(&p, 0.0).is_none());
        // With one airframe the station is filled 2 h in 5.
        let one = patrol(1, 3.0, 0.5, 2.0);
        assert!((duty(&one) - 0.4).abs() < 1e-12);
        assert!(on_station_at(&one, 3600.0) && !on_station_at(&one, 3.0 * 3600.0));
        assert_eq!(next_change_s(&one, 0.0), Some(2.0 * 3600.0));
        assert_eq!(next_change_s(&one, 2.5 * 3600.0), Some(5.0 * 3600.0));
    }

    #[test]
    fn ships_sail_their_route_back_and_forth() {
        let route = [Xy { x: 0.0, y: 0.0 }, Xy { x: 36_000.0, y: 0.0 }];
        // 36 km/h: 10 m/s; 3,600 s takes it to the end, 5,400 s halfway back.
        assert_eq!(ship_position(&route, 36.0, 3600.0), Xy { x: 36_000.0, y: 0.0 });
        assert_eq!(ship_position(&route, 36.0, 5400.0), Xy { x: 18_000.0, y: 0.0 });
    }
}
