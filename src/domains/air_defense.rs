//! air_defense: batteries, warships and patrolling fighters engage tracked
//! threats.
//!
//! Phase: Engage. Owns: [`Shooter`], [`Magazine`] and [`FireChannels`] on the
//! units that shoot, and the book of who has engaged what. Messages out:
//! [`Engaged`] (one per engagement, with its cost and whether it killed).
//! Reads: tracks (sensing), threats' positions and altitudes, the prepared
//! sky, patrol stations.
//!
//! A shooter engages a threat when the network has shared its track (after
//! the track delay), the threat is inside the shooter's envelope for its class
//! (range and altitude) and in its radar's line of sight, the shooter has a
//! free fire channel and ready rounds, and it has not already used its
//! engagements on that threat (shoot-look-shoot: after each engagement it
//! looks again one cycle later). Each engagement fires `shots_per_engagement`
//! rounds and kills with 1 - (1 - Pk)^shots. Threats nearest their targets are
//! engaged first. Shooters check the whole segment a threat flew this tick
//! (every 4 km), so a missile that crosses an envelope between two ticks is
//! still met there. Empty launchers reload from the battery's reserve, one
//! launcher per reload time; reserves are resupplied daily. Fighters engage
//! aircraft only inside the no-fly zone (or, without one, over Ukraine-held
//! ground). Point-defence guns are batteries with short envelopes.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;
use rand::Rng;

use crate::config::catalog::{Envelope, PerClass, SystemType, ThreatClass};
use crate::config::file::Side;
use crate::config::{NationId, Scenario};
use crate::coverage::sky::SkyPicture;
use crate::coverage::sources::at_least_one;
use crate::domains::motion::{Trail, swept};
use crate::domains::patrols::PatrolStatus;
use crate::domains::sensing::{Tracked, eye_position};
use crate::domains::threats::{Threat, ThreatId};
use crate::geo::map::{Control, Map};
use crate::geo::projection::{self, Xy};
use crate::sim::components::{MapData, Position, ScenarioData, SkyData, StoodDown, UnitId, UnitIndex};
use crate::sim::rng::keyed_uniform;
use crate::sim::{SimApp, SimClock, TickSet};

/// What a unit shoots with.
#[derive(Component, Debug, Clone)]
pub struct Shooter {
    /// Envelopes and Pk per threat class.
    pub envelopes: PerClass<Envelope>,
    /// Rounds per engagement.
    pub shots: u32,
    /// Cost of one round, US dollars.
    pub cost_usd: f64,
    /// Index of its radar in the prepared sky.
    pub eye: usize,
    /// The patrol it flies, if a fighter on CAP.
    pub patrol: Option<usize>,
    /// Its nation.
    pub nation: NationId,
}

/// Rounds ready to fire, in reserve, and reloading.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Magazine {
    /// Ready to fire.
    pub ready: u32,
    /// Ready rounds when full.
    pub capacity: u32,
    /// Rounds one reload brings (a launcher's load).
    pub per_reload: u32,
    /// Rounds held in reserve.
    pub reserve: f64,
    /// Largest reserve.
    pub reserve_cap: f64,
    /// Reserve added per day.
    pub resupply_per_day: f64,
    /// Time one reload takes, s (infinite: no reloads, e.g. at sea).
    pub reload_s: f64,
    /// The reload in progress: when it completes (s) and the rounds it brings.
    pub reloading: Option<(f64, u32)>,
    /// When the reserve was last resupplied, s.
    pub resupplied_s: f64,
}

impl Magazine {
    /// Brings resupply and reloads up to `now_s`. A reload starts when a
    /// launcher's worth of room is free and the reserve has rounds; reloads
    /// that would have finished while no tick ran are completed in turn.
    pub fn catch_up(&mut self, now_s: f64) {
        if self.resupply_per_day > 0.0 && now_s > self.resupplied_s {
            let add = self.resupply_per_day * (now_s - self.resupplied_s) / 86_400.0;
            self.reserve = (self.reserve + add).min(self.reserve_cap);
            self.resupplied_s = now_s;
        }
        loop {
            match self.reloading {
                Some((due, n)) if due <= now_s => {
                    self.ready = (self.ready + n).min(self.capacity);
                    self.reserve -= f64::from(n);
                    self.reloading = None;
                    if !self.start_reload(due) {
                        return;
                    }
                }
                Some(_) => return,
                None => {
                    self.start_reload(now_s);
                    return;
                }
            }
        }
    }

    /// Starts a reload at `from_s` if one is possible; returns whether it did.
    fn start_reload(&mut self, from_s: f64) -> bool {
        if self.reloading.is_some() || !self.reload_s.is_finite() {
            return false;
        }
        if self.capacity - self.ready < self.per_reload.min(self.capacity) {
            return false;
        }
        let n = self.per_reload.min(self.reserve.max(0.0).floor() as u32);
        if n == 0 {
            return false;
        }
        self.reloading = Some((from_s + self.reload_s, n));
        true
    }

    /// Takes up to `n` rounds; returns how many were fired.
    pub fn fire(&mut self, n: u32) -> u32 {
        let fired = n.min(self.ready);
        self.ready -= fired;
        fired
    }
}

/// When each fire channel is free again, s.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct FireChannels(pub Vec<f64>);

/// One engagement.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct Engaged {
    /// The shooter (unit index).
    pub shooter: u32,
    /// Its nation.
    pub nation: NationId,
    /// The threat.
    pub threat: ThreatId,
    /// Its class.
    pub class: ThreatClass,
    /// Rounds fired.
    pub shots: u32,
    /// Their cost, US dollars.
    pub cost_usd: f64,
    /// Whether it killed the threat.
    pub killed: bool,
    /// The threat's first engagement by anyone.
    pub first: bool,
    /// Seconds since the threat's launch.
    pub after_launch_s: f64,
    /// Where the threat was.
    pub at: Xy,
}

/// Who has engaged which threat, how often, and when they may look again.
#[derive(Resource, Debug, Default)]
struct Book {
    engagements: BTreeMap<ThreatId, Vec<(u32, u32, f64)>>,
    armed: bool,
}

/// The run's key for engagement outcomes (see [`keyed_uniform`]).
#[derive(Resource)]
struct AirDefenseKey(u64);

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AirDefenseSystems {
    /// Shooters take their components on the first tick.
    Arm,
    /// Engagements.
    Engage,
}

/// Registers the air-defence domain.
pub fn register(app: &mut SimApp) {
    let key = app.rng_stream("air_defense").next_u64();
    app.add_message::<Engaged>()
        .insert_resource(Book::default())
        .insert_resource(AirDefenseKey(key))
        .add_systems(arm.in_set(TickSet::Spawn).in_set(AirDefenseSystems::Arm))
        .add_systems(engage.in_set(TickSet::Engage).in_set(AirDefenseSystems::Engage));
}

/// True when shooter `unit` of `scenario` is on the coalition's side.
fn blue(scenario: &Scenario, unit: usize) -> bool {
    let u = &scenario.units[unit];
    let n = &scenario.nations[usize::from(u.nation)];
    n.participates && matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates)
}

/// Shooters take their weapons, magazines and fire channels.
fn arm(
    mut commands: Commands,
    mut book: ResMut<Book>,
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    sky: Res<SkyData>,
    units: Query<(Entity, &UnitId)>,
) {
    if book.armed {
        return;
    }
    book.armed = true;
    let s = &scenario.0;
    let d = &s.air_war.doctrine;
    let now = clock.seconds() as f64;
    for (e, id) in units.iter().sort::<&UnitId>() {
        let i = id.0 as usize;
        if !blue(s, i) {
            continue;
        }
        let patrol = s.air_war.patrols.iter().position(|p| p.unit == i);
        let Some(eye) = sky.0.eyes.iter().position(|eye| eye.unit == i) else { continue };
        let nation = s.units[i].nation;
        let (envelopes, shots, cost, channels, capacity, per_reload, reload_s) = match &*s.units[i].system {
            SystemType::AirDefense(t) => (
                t.engagement.clone(),
                t.shots_per_engagement,
                t.cost_per_shot_usd,
                t.fire_channels,
                t.launchers * t.interceptors_per_launcher,
                t.interceptors_per_launcher,
                t.reload_minutes * 60.0,
            ),
            SystemType::Ship(t) if t.interceptors > 0 => (
                t.engagement.clone(),
                t.shots_per_engagement,
                t.cost_per_shot_usd,
                t.fire_channels,
                t.interceptors,
                t.interceptors,
                f64::INFINITY,
            ),
            // ASSUMPTION: a fighter on CAP fires one missile per engagement
            // and each aircraft on station can guide two at once; a relief
            // aircraft arrives with a full load (a reload per sortie).
            SystemType::Aircraft(t) if patrol.is_some() && t.missiles_per_sortie > 0 => {
                let p = &s.air_war.patrols[patrol.unwrap_or(0)];
                let load = t.missiles_per_sortie * p.on_station;
                (
                    t.engagement.clone(),
                    1,
                    t.cost_per_shot_usd,
                    2 * p.on_station,
                    load,
                    load,
                    p.time_on_station_hours * 3600.0,
                )
            }
            _ => continue,
        };
        let sea = f64::from(capacity) * d.reserve_loads;
        let resupply = if reload_s.is_finite() { f64::from(capacity) * d.resupply_loads_per_day } else { 0.0 };
        commands.entity(e).insert((
            Shooter { envelopes, shots, cost_usd: cost, eye, patrol, nation },
            Magazine {
                ready: capacity,
                capacity,
                per_reload: per_reload.max(1),
                reserve: if reload_s.is_finite() { sea } else { 0.0 },
                reserve_cap: if reload_s.is_finite() { sea.max(f64::from(capacity)) } else { 0.0 },
                resupply_per_day: resupply,
                reload_s,
                reloading: None,
                resupplied_s: now,
            },
            FireChannels(vec![f64::NEG_INFINITY; channels.max(1) as usize]),
        ));
    }
}

/// What the engagement system reads of each threat.
type ThreatView =
    (Entity, &'static ThreatId, &'static Threat, &'static Position, Option<&'static Trail>, Option<&'static Tracked>);

/// A threat as the shooters see it this tick.
struct Contact {
    entity: Entity,
    id: ThreatId,
    class: ThreatClass,
    rcs_m2: f64,
    time_to_target_s: f64,
    launched_s: f64,
    /// Start and end of the segment it flew this tick.
    from: Xy,
    to: Xy,
    /// Points along that segment, in time order, that shooters may engage
    /// (after the track has been shared).
    samples: Vec<Sample>,
}

/// A threat at one moment of the tick.
struct Sample {
    xy: Xy,
    cell: Option<(usize, usize)>,
    altitude_m: f64,
    time_s: f64,
}

/// The points of the segment `from`-`to` flown this tick that a shooter may
/// engage: those at or after `engageable_from_s`.
fn sweep(t: &Threat, map: &Map, from: Xy, to: Xy, now_s: f64, dt_s: f64, engageable_from_s: f64) -> Vec<Sample> {
    swept(from, to, now_s, dt_s)
        .filter(|&(_, time_s)| time_s >= engageable_from_s)
        .map(|(xy, time_s)| Sample { xy, cell: map.grid.cell_of(xy), altitude_m: t.altitude_m(time_s), time_s })
        .collect()
}

/// Distance from `p` to the segment `a`-`b`, m.
fn distance_to_segment(p: Xy, a: Xy, b: Xy) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let f = if len2 > 0.0 { (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    p.distance(Xy { x: a.x + dx * f, y: a.y + dy * f })
}

/// True when `e` covers a target `d_km` away at `h_m` above ground.
pub fn in_envelope(e: &Envelope, d_km: f64, h_m: f64) -> bool {
    d_km >= e.min_range_km && d_km <= e.max_range_km && h_m >= e.min_altitude_m && h_m <= e.max_altitude_m
}

fn aircraft_may_be_engaged(scenario: &Scenario, map: &Map, xy: Xy) -> bool {
    match &scenario.air_war.no_fly_zone {
        Some(zone) => zone.contains(xy),
        None => map.grid.cell_of(xy).is_some_and(|(c, r)| *map.control.get(c, r) == Control::Ukraine),
    }
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn engage(
    mut commands: Commands,
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    sky: Res<SkyData>,
    patrols: Res<PatrolStatus>,
    units: (Res<UnitIndex>, Res<StoodDown>),
    mut book: ResMut<Book>,
    key: Res<AirDefenseKey>,
    mut shooters: Query<(&UnitId, &Shooter, &mut Magazine, &mut FireChannels)>,
    positions: Query<&Position>,
    threats: Query<ThreatView>,
    mut out: MessageWriter<Engaged>,
) {
    let now = clock.seconds() as f64;
    let s: &Scenario = &scenario.0;
    let delay = s.air_war.doctrine.track_delay_seconds;
    // Reloads and resupply run even when nothing flies.
    for (_, _, mut mag, _) in &mut shooters {
        mag.catch_up(now);
    }
    if threats.is_empty() {
        if !book.engagements.is_empty() {
            book.engagements.clear();
        }
        return;
    }
    let dt = clock.dt_seconds();
    let mut contacts: Vec<Contact> = threats
        .iter()
        .filter_map(|(entity, id, t, p, trail, tracked)| {
            let tracked = tracked?;
            let from = trail.map_or(p.0, |tr| tr.0);
            let samples = sweep(t, &map.0, from, p.0, now, dt, tracked.since_s + delay);
            (!samples.is_empty()).then(|| Contact {
                entity,
                id: *id,
                class: t.class(),
                rcs_m2: t.kind.rcs_m2,
                time_to_target_s: t.time_to_target_s(now),
                launched_s: t.launched_s,
                from,
                to: p.0,
                samples,
            })
        })
        .collect();
    contacts.sort_by(|a, b| a.time_to_target_s.total_cmp(&b.time_to_target_s).then(a.id.cmp(&b.id)));
    // Aircraft may be engaged only where the rules allow (checked at the
    // segment's end).
    let aircraft_ok: Vec<bool> =
        contacts.iter().map(|c| c.class != ThreatClass::Aircraft || aircraft_may_be_engaged(s, &map.0, c.to)).collect();
    let mut killed = vec![false; contacts.len()];
    let sky: &SkyPicture = &sky.0;
    let per_threat = s.air_war.doctrine.engagements_per_threat;
    let cycle = s.air_war.doctrine.engagement_cycle_seconds;
    let mut shooter_list: Vec<_> = shooters.iter_mut().collect();
    shooter_list.sort_by_key(|(id, ..)| **id);
    for (id, shooter, mut mag, mut channels) in shooter_list {
        if mag.ready == 0 {
            continue;
        }
        let eye = &sky.eyes[shooter.eye];
        let Some(from) = eye_position(eye, &patrols, &units.0, &units.1, &positions) else { continue };
        for (k, c) in contacts.iter().enumerate() {
            if mag.ready == 0 {
                break;
            }
            let Some(free) = channels.0.iter().position(|t| *t <= now) else { break };
            if killed[k] || !aircraft_ok[k] {
                continue;
            }
            let Some(env) = shooter.envelopes.get(c.class) else { continue };
            if distance_to_segment(from, c.from, c.to) > env.max_range_km * 1000.0 {
                continue;
            }
            let Some(at) = c.samples.iter().find(|x| {
                in_envelope(env, from.distance(x.xy) / 1000.0, x.altitude_m)
                    && eye.sees(&map.0, x.xy, x.cell, x.altitude_m, c.rcs_m2, from)
            }) else {
                continue;
            };
            let record = book.engagements.entry(c.id).or_default();
            let first = record.is_empty();
            let mine = record.iter().position(|(u, _, _)| *u == id.0);
            if let Some(m) = mine
                && (record[m].1 >= per_threat || record[m].2 > now)
            {
                continue;
            }
            let shots = mag.fire(shooter.shots);
            // One engagement of `shots` rounds kills with 1 - (1 - Pk)^shots.
            let p = at_least_one(env.pk, shots);
            // The outcome depends only on this threat, this shooter and which
            // of its engagements of the threat this is.
            let nth = mine.map_or(0, |m| u64::from(record[m].1));
            let hit = keyed_uniform(key.0, &[u64::from(c.id.0), u64::from(id.0), nth]) < p;
            match mine {
                Some(m) => {
                    record[m].1 += 1;
                    record[m].2 = now + cycle;
                }
                None => record.push((id.0, 1, now + cycle)),
            }
            channels.0[free] = now + cycle;
            out.write(Engaged {
                shooter: id.0,
                nation: shooter.nation,
                threat: c.id,
                class: c.class,
                shots,
                cost_usd: f64::from(shots) * shooter.cost_usd,
                killed: hit,
                first,
                after_launch_s: at.time_s - c.launched_s,
                at: at.xy,
            });
            if hit {
                killed[k] = true;
                book.engagements.remove(&c.id);
                commands.entity(c.entity).despawn();
            }
        }
    }
}

/// Where unit `unit`'s shooter stands (for reports).
pub fn shooter_position(scenario: &Scenario, unit: usize) -> Xy {
    match scenario.air_war.patrols.iter().find(|p| p.unit == unit) {
        Some(p) => projection::forward(p.station),
        None => scenario.units[unit].xy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn magazine() -> Magazine {
        Magazine {
            ready: 8,
            capacity: 8,
            per_reload: 4,
            reserve: 8.0,
            reserve_cap: 8.0,
            resupply_per_day: 0.0,
            reload_s: 600.0,
            reloading: None,
            resupplied_s: 0.0,
        }
    }

    #[test]
    fn launchers_reload_from_the_reserve_one_at_a_time() {
        let mut m = magazine();
        assert_eq!(m.fire(3), 3);
        m.catch_up(0.0);
        assert_eq!(m.ready, 5, "a launcher's worth of room is not yet free");
        assert_eq!(m.fire(2), 2);
        m.catch_up(100.0);
        assert_eq!((m.ready, m.reloading), (3, Some((700.0, 4))));
        m.catch_up(699.0);
        assert_eq!(m.ready, 3);
        m.catch_up(700.0);
        assert_eq!((m.ready, m.reserve), (7, 4.0));
        // Fire everything; the reserve of 4 refills one launcher 600 s later.
        assert_eq!(m.fire(20), 7);
        m.catch_up(10_000.0);
        assert_eq!(m.ready, 0);
        m.catch_up(10_600.0);
        assert_eq!((m.ready, m.reserve), (4, 0.0), "the reserve is spent, nothing goes negative");
        m.catch_up(100_000.0);
        assert_eq!((m.ready, m.reloading), (4, None));
    }

    proptest::proptest! {
        /// Whatever is fired and whenever time advances, a magazine never
        /// holds fewer than zero rounds or more than it can, never fires more
        /// than it holds, and never creates rounds: what is ready plus what is
        /// in reserve or on the way only falls by what was fired, and grows
        /// only by resupply.
        #[test]
        fn magazines_never_go_negative(
            capacity in 1u32..40,
            per_reload in 1u32..12,
            reserve in 0.0f64..80.0,
            resupply in 0.0f64..30.0,
            reload_s in 1.0f64..7200.0,
            ops in proptest::collection::vec((0u32..20, 0.0f64..20_000.0), 1..60),
        ) {
            let mut m = Magazine {
                ready: capacity,
                capacity,
                per_reload,
                reserve,
                reserve_cap: reserve.max(f64::from(capacity)),
                resupply_per_day: resupply,
                reload_s,
                reloading: None,
                resupplied_s: 0.0,
            };
            let mut now = 0.0;
            let mut fired_total = 0u32;
            for (n, dt) in ops {
                let before = m.ready;
                let fired = m.fire(n);
                proptest::prop_assert!(fired <= n && fired <= before);
                fired_total += fired;
                now += dt;
                m.catch_up(now);
                proptest::prop_assert!(m.ready <= m.capacity);
                proptest::prop_assert!(m.reserve >= -1e-9, "reserve {}", m.reserve);
                proptest::prop_assert!(m.reserve <= m.reserve_cap + 1e-9);
                if let Some((_, k)) = m.reloading {
                    proptest::prop_assert!(f64::from(k) <= m.reserve + 1e-9, "a reload brings rounds the reserve has");
                }
                let held = f64::from(m.ready) + m.reserve;
                let supplied = resupply * now / 86_400.0;
                proptest::prop_assert!(
                    held + f64::from(fired_total) <= f64::from(capacity) + reserve + supplied + 1e-6,
                    "rounds from nowhere: held {held}, fired {fired_total}"
                );
            }
        }
    }

    #[test]
    fn envelopes_and_kill_probabilities() {
        let e =
            Envelope { min_range_km: 3.0, max_range_km: 40.0, min_altitude_m: 30.0, max_altitude_m: 20_000.0, pk: 0.6 };
        assert!(in_envelope(&e, 10.0, 500.0));
        assert!(!in_envelope(&e, 2.0, 500.0) && !in_envelope(&e, 41.0, 500.0) && !in_envelope(&e, 10.0, 20.0));
        assert!((at_least_one(0.6, 2) - 0.84).abs() < 1e-12);
    }
}
