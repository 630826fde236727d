//! threats: Russia's drones, missiles and aircraft, from launch to their end.
//!
//! Phases: Housekeeping (the run's raids are planned once, on the first tick),
//! Spawn (due threats are launched as entities flying their routes), Resolve
//! (threats that reach their targets hit them; threats electronic warfare
//! diverts are lost). Owns: [`Threat`], [`ThreatId`], the plan and the target
//! list. Messages out: [`ThreatLaunched`], [`ThreatDiverted`], [`ThreatImpact`].
//! Reads: the motion domain's [`Arrived`].
//!
//! Russia's decisions to breach (which raids, when) become the adversary
//! domain's with the deterrence issue; until then raids follow the scenario's
//! raid streams.

pub mod plan;
pub mod targets;

use std::sync::Arc;

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::catalog::{SystemType, ThreatClass, ThreatType};
use crate::config::{NationId, Scenario};
use crate::domains::motion::{Arrived, Route, Trail};
use crate::geo::projection::Xy;
use crate::sim::components::{MapData, Position, ScenarioData, SkyData};
use crate::sim::rng::SimRng;
use crate::sim::{SimApp, SimClock, TickSet};
use plan::Plan;
use targets::{Target, TargetClass};

/// A threat's stable identity: its launch order in the run.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThreatId(pub u32);

/// A threat in flight.
#[derive(Component, Debug, Clone)]
pub struct Threat {
    /// Catalogue name.
    pub type_name: Arc<str>,
    /// Its performance.
    pub kind: Arc<ThreatType>,
    /// Index into the target list.
    pub target: u32,
    /// Launch time, s.
    pub launched_s: f64,
    /// Route length, m.
    pub path_m: f64,
    /// Launcher unit index.
    pub launcher: u32,
    /// Raid number.
    pub raid: u32,
    /// Time electronic warfare diverts it, s, if it does.
    pub divert_at_s: Option<f64>,
}

impl Threat {
    /// Its class.
    pub fn class(&self) -> ThreatClass {
        self.kind.class
    }

    /// Speed, m/s.
    pub fn speed_ms(&self) -> f64 {
        self.kind.speed_kmh / 3.6
    }

    /// Distance flown at `now_s`, m.
    pub fn flown_m(&self, now_s: f64) -> f64 {
        ((now_s - self.launched_s) * self.speed_ms()).clamp(0.0, self.path_m)
    }

    /// Height above ground at `now_s`, m: cruise altitude, or for ballistic
    /// missiles a parabola rising to the apex mid-flight and falling on the
    /// target (so terminal defences meet it low, late in its flight).
    pub fn altitude_m(&self, now_s: f64) -> f64 {
        if self.class() == ThreatClass::Ballistic && self.path_m > 0.0 {
            let s = self.flown_m(now_s) / self.path_m;
            (4.0 * self.kind.cruise_altitude_m * s * (1.0 - s)).max(50.0)
        } else {
            self.kind.cruise_altitude_m
        }
    }

    /// Seconds until it reaches its target.
    pub fn time_to_target_s(&self, now_s: f64) -> f64 {
        (self.path_m - self.flown_m(now_s)) / self.speed_ms()
    }
}

/// A threat was launched.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ThreatLaunched {
    /// Which.
    pub threat: ThreatId,
    /// Its class.
    pub class: ThreatClass,
    /// Its type.
    pub type_name: Arc<str>,
    /// Launcher unit index.
    pub launcher: u32,
    /// Target index.
    pub target: u32,
    /// Raid number.
    pub raid: u32,
    /// Launch point.
    pub at: Xy,
}

/// Electronic warfare diverted a threat ("locationally lost").
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct ThreatDiverted {
    /// Which.
    pub threat: ThreatId,
    /// Its class.
    pub class: ThreatClass,
    /// Where.
    pub at: Xy,
}

/// A threat reached its target.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ThreatImpact {
    /// Which.
    pub threat: ThreatId,
    /// Its class.
    pub class: ThreatClass,
    /// Target index.
    pub target: u32,
    /// What was hit.
    pub target_class: TargetClass,
    /// Warhead, kg.
    pub warhead_kg: f64,
    /// Civilian casualties.
    pub civilian_casualties: u32,
    /// Military casualties and the nation that suffers them.
    pub military_casualties: Option<(NationId, u32)>,
    /// What was hit, by name.
    pub target_name: Arc<str>,
    /// Where.
    pub at: Xy,
}

/// A raid began (its first launch is due).
#[derive(Message, Debug, Clone, PartialEq)]
pub struct RaidBegan {
    /// Raid number.
    pub raid: u32,
    /// Name of its raid stream.
    pub stream: Arc<str>,
    /// Threats drawn for it.
    pub size: u32,
    /// Threats that found no launcher ready or no target in range.
    pub unlaunched: u32,
}

/// The run's raid plan and target list.
#[derive(Resource, Debug, Default)]
pub struct Raids {
    /// Targets on Ukraine-held ground.
    pub targets: Vec<Target>,
    /// Every launch, in time order.
    pub plan: Plan,
    /// Launches already made.
    pub next: usize,
    /// Raids announced already.
    pub next_raid: usize,
    /// Planned yet.
    pub planned: bool,
}

impl Raids {
    /// Adds a raid planned during the run (Russia's decision): its record
    /// and launches go in time order among those not yet made.
    pub fn insert(&mut self, launches: Vec<plan::Launch>, record: plan::RaidRecord) {
        let at = self.next_raid + self.plan.raids[self.next_raid..].partition_point(|r| r.time_s <= record.time_s);
        self.plan.raids.insert(at, record);
        for l in launches {
            let at = self.next + self.plan.launches[self.next..].partition_point(|x| x.time_s <= l.time_s);
            self.plan.launches.insert(at, l);
        }
    }

    /// Raid numbers given so far (scripted and decided).
    pub fn raid_count(&self) -> u32 {
        self.plan.raids.len() as u32
    }

    /// The tick of the next launch, if any is left.
    pub fn next_tick(&self, tick_seconds: u32) -> Option<u64> {
        let launch = self.plan.launches.get(self.next).map(|l| l.time_s);
        let raid = self.plan.raids.get(self.next_raid).map(|r| r.time_s);
        launch.into_iter().chain(raid).map(|t| (t / f64::from(tick_seconds)).floor() as u64).min()
    }
}

#[derive(Resource)]
struct ThreatRng(SimRng);

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThreatSystems {
    /// Planning on the first tick.
    Plan,
    /// Launches.
    Launch,
    /// Impacts and diversions.
    Resolve,
}

/// Registers the threats domain.
pub fn register(app: &mut SimApp) {
    let rng = app.rng_stream("threats");
    app.add_message::<ThreatLaunched>()
        .add_message::<ThreatDiverted>()
        .add_message::<ThreatImpact>()
        .add_message::<RaidBegan>()
        .insert_resource(ThreatRng(rng))
        .insert_resource(Raids::default())
        .add_systems(plan_raids.in_set(TickSet::Housekeeping).in_set(ThreatSystems::Plan))
        .add_systems(launch.in_set(TickSet::Spawn).in_set(ThreatSystems::Launch))
        .add_systems((divert, impact).chain().in_set(TickSet::Resolve).in_set(ThreatSystems::Resolve));
    app.add_work_probe(Box::new(|world, _now| {
        let ts = world.resource::<SimClock>().tick_seconds;
        world.get_resource::<Raids>().and_then(|r| r.next_tick(ts))
    }));
}

fn plan_raids(
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    sky: Res<SkyData>,
    mut raids: ResMut<Raids>,
    mut rng: ResMut<ThreatRng>,
) {
    if raids.planned {
        return;
    }
    let s: &Scenario = &scenario.0;
    raids.targets = targets::targets(s, &map.0);
    raids.plan = plan::plan(s, &map.0, &sky.0, &raids.targets, s.duration_days, &mut rng.0);
    raids.planned = true;
}

fn launch(
    mut commands: Commands,
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut raids: ResMut<Raids>,
    mut out: MessageWriter<ThreatLaunched>,
    mut began: MessageWriter<RaidBegan>,
) {
    let end_s = (clock.tick + 1) as f64 * f64::from(clock.tick_seconds);
    while let Some(r) = raids.plan.raids.get(raids.next_raid) {
        if r.time_s >= end_s {
            break;
        }
        let name = scenario.0.air_war.raids.get(r.stream).map_or("raid", |s| s.name.as_str());
        began.write(RaidBegan { raid: r.raid, stream: Arc::from(name), size: r.size, unlaunched: r.unlaunched });
        raids.next_raid += 1;
    }
    while let Some(l) = raids.plan.launches.get(raids.next).cloned() {
        if l.time_s >= end_s {
            break;
        }
        let id = ThreatId(raids.next as u32);
        raids.next += 1;
        let Some(SystemType::Threat(kind)) = scenario.0.resolved.catalog.get(&l.threat) else { continue };
        let kind = Arc::new(kind.clone());
        let threat = Threat {
            type_name: Arc::from(l.threat.as_str()),
            kind: Arc::clone(&kind),
            target: l.target as u32,
            launched_s: clock.seconds() as f64,
            path_m: l.path_m,
            launcher: l.launcher as u32,
            raid: l.raid,
            divert_at_s: l.divert_after_s.map(|d| clock.seconds() as f64 + d),
        };
        let route = Route { waypoints: l.waypoints[1..].to_vec(), next: 0, speed_ms: kind.speed_kmh / 3.6 };
        out.write(ThreatLaunched {
            threat: id,
            class: kind.class,
            type_name: Arc::clone(&threat.type_name),
            launcher: threat.launcher,
            target: threat.target,
            raid: l.raid,
            at: l.waypoints[0],
        });
        commands.spawn((id, threat, Position(l.waypoints[0]), Trail(l.waypoints[0]), route));
    }
}

fn divert(
    mut commands: Commands,
    clock: Res<SimClock>,
    threats: Query<(Entity, &ThreatId, &Threat, &Position)>,
    mut out: MessageWriter<ThreatDiverted>,
) {
    let now = clock.seconds() as f64;
    for (e, id, t, p) in threats.iter().sort::<&ThreatId>() {
        if t.divert_at_s.is_some_and(|d| d <= now) {
            out.write(ThreatDiverted { threat: *id, class: t.class(), at: p.0 });
            commands.entity(e).despawn();
        }
    }
}

/// Expected casualties of a hit: `warhead_kg` over 100 kg times the rate.
pub fn expected_casualties(warhead_kg: f64, per_100kg: f64) -> f64 {
    warhead_kg / 100.0 * per_100kg
}

fn impact(
    mut commands: Commands,
    mut arrived: MessageReader<Arrived>,
    scenario: Res<ScenarioData>,
    raids: Res<Raids>,
    threats: Query<(&ThreatId, &Threat)>,
    mut rng: ResMut<ThreatRng>,
    mut out: MessageWriter<ThreatImpact>,
) {
    let mut hits: Vec<(ThreatId, Entity)> = arrived
        .read()
        .filter(|a| a.last)
        .filter_map(|a| threats.get(a.entity).ok().map(|(id, _)| (*id, a.entity)))
        .collect();
    hits.sort();
    let rates = &scenario.0.air_war.doctrine.casualties_per_100kg;
    for (id, e) in hits {
        let Ok((_, t)) = threats.get(e) else { continue };
        let target = &raids.targets[t.target as usize];
        let w = t.kind.warhead_kg;
        let (civilian_rate, military_rate) = match target.class {
            TargetClass::City => (rates.city, 0.0),
            TargetClass::Energy | TargetClass::Port | TargetClass::Airbase => (rates.infrastructure, 0.0),
            TargetClass::Military => (0.0, rates.military),
        };
        let civilian = plan::poisson(&mut rng.0, expected_casualties(w, civilian_rate));
        let military = target.unit.map(|u| {
            let nation = scenario.0.units[u].nation;
            (nation, plan::poisson(&mut rng.0, expected_casualties(w, military_rate)))
        });
        // Draw one number per impact even when no casualty is possible, so
        // the stream's position does not depend on the target class.
        let _ = rng.0.random::<u32>();
        out.write(ThreatImpact {
            threat: id,
            class: t.class(),
            target: t.target,
            target_class: target.class,
            warhead_kg: w,
            civilian_casualties: civilian,
            military_casualties: military,
            target_name: Arc::from(target.name.as_str()),
            at: target.xy,
        });
        commands.entity(e).despawn();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threat(class: ThreatClass, speed_kmh: f64, alt: f64) -> Threat {
        Threat {
            type_name: Arc::from("t"),
            kind: Arc::new(ThreatType {
                name: "t".into(),
                class,
                speed_kmh,
                cruise_altitude_m: alt,
                range_km: 1000.0,
                warhead_kg: 100.0,
                cost_usd: 1.0,
                rcs_m2: 0.1,
            }),
            target: 0,
            launched_s: 0.0,
            path_m: 360_000.0,
            launcher: 0,
            raid: 0,
            divert_at_s: None,
        }
    }

    #[test]
    fn ballistic_missiles_rise_to_their_apex_and_fall_on_the_target() {
        // 3,600 km/h over 360 km: 360 s of flight.
        let t = threat(ThreatClass::Ballistic, 3600.0, 50_000.0);
        assert!((t.altitude_m(180.0) - 50_000.0).abs() < 1.0, "apex mid-flight");
        assert!(t.altitude_m(350.0) < 10_000.0, "low at the end: {}", t.altitude_m(350.0));
        assert!((t.time_to_target_s(300.0) - 60.0).abs() < 1e-9);
        let c = threat(ThreatClass::Cruise, 800.0, 50.0);
        assert_eq!(c.altitude_m(100.0), 50.0);
    }
}
