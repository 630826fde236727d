//! adversary: Russia's daily decision to breach the ceasefire or keep it.
//!
//! Each option k is weighed as
//!
//! U_k = (1 - sincerity) G_k p_s - p_d A_k V_k r - L_k (1 - p_s) - N_k
//!
//! with G_k the gain of success, p_s and p_d Russia's estimates of success and
//! of detection, A_k the chance a detected breach is attributed, V_k the
//! severity of the rung the coalition's rules of engagement promise for it,
//! r Russia's belief in the coalition's resolve (will it do what it says),
//! L_k the cost of failure and N_k the cost of harming a neutral force.
//! Keeping the ceasefire is worth `restraint`. The choice is a logit (quantal
//! response): P(k) ∝ exp(λ U_k). A breach that would have been chosen
//! without the expected response, on the same random draw, but was not, is
//! counted as deterred.
//!
//! Beliefs: p_d and p_s are Beta estimates whose prior mean comes from what
//! Russia can see (the coalition's sensors on station, the force ratio at the
//! line) with `belief_weight` pseudo-observations, updated by each outcome;
//! r moves at `learning_rate` towards what each attributed breach showed:
//! the severity of the rung used over the severity the doctrine promised
//! (1 for a full answer, less for a capped one, 0 for none), and falls with
//! cohesion when a contingent withdraws.
//!
//! The `decide` system runs at the decision hour: it weighs the options
//! against the coalition's state (sensors on station, US monitoring, the
//! ladder, the sectors and the deterrent force), picks, and starts the chosen
//! breach: a raid for the threats domain, or a naval, grey-zone or ground
//! breach whose detection, answer and outcome are scheduled in the state.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::breaches;
use super::ground::{self, arrivals, battle_of};
use super::response::{self};
use super::{Breach, DeterrenceEvent, DeterrenceRng, Strategic, config, event, ru, us_present};
use crate::config::catalog::{GroundRole, SystemType};
use crate::config::deterrence::{BreachKind, Deterrence, Rung};
use crate::config::file::Side;
use crate::config::{NationId, Scenario};
use crate::coverage::sources::at_least_one;
use crate::domains::patrols::PatrolStatus;
use crate::domains::sensing::{eye_position, seen_by};
use crate::domains::threats::Raids;
use crate::domains::threats::plan::{self, RaidContext};
use crate::geo::projection::{self, LatLon, Xy};
use crate::sim::SimClock;
use crate::sim::clock::SECONDS_PER_DAY;
use crate::sim::components::{MapData, Position, ScenarioData, SkyData, StoodDown, UnitIndex};
use crate::sim::rng::SimRng;

/// What Russia weighs for one option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighing {
    /// Gain of success.
    pub gain: f64,
    /// Estimated probability of success.
    pub p_success: f64,
    /// Estimated probability of detection.
    pub p_detect: f64,
    /// Probability a detection is attributed.
    pub attribution: f64,
    /// Severity of the promised response.
    pub severity: f64,
    /// Cost of failure.
    pub losses: f64,
    /// Cost of harming a neutral force.
    pub neutral: f64,
}

impl Weighing {
    /// Expected utility with `sincerity` and believed `resolve`.
    pub fn utility(&self, sincerity: f64, resolve: f64) -> f64 {
        (1.0 - sincerity) * self.gain * self.p_success
            - self.p_detect * self.attribution * self.severity * resolve
            - self.losses * (1.0 - self.p_success)
            - self.neutral
    }

    /// The same without the coalition's response: what the option would be
    /// worth if nobody answered.
    pub fn utility_unanswered(&self, sincerity: f64) -> f64 {
        self.utility(sincerity, 0.0)
    }
}

/// Logit choice probabilities over "keep the ceasefire" (index 0, worth
/// `restraint`) and the options (1..), at `rationality`.
pub fn logit(restraint: f64, utilities: &[f64], rationality: f64) -> Vec<f64> {
    let all: Vec<f64> = std::iter::once(restraint).chain(utilities.iter().copied()).map(|u| rationality * u).collect();
    let top = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = all.iter().map(|x| (x - top).exp()).collect();
    let total: f64 = w.iter().sum();
    w.iter().map(|x| x / total).collect()
}

/// The index picked by uniform draw `u` in [0, 1) from `probabilities`.
pub fn pick(probabilities: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, p) in probabilities.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    probabilities.len().saturating_sub(1)
}

/// A Beta estimate: prior mean with a weight, plus observed outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Outcomes that came true.
    pub hits: f64,
    /// Outcomes observed.
    pub seen: f64,
}

impl Tally {
    /// The posterior mean given a prior `mean` worth `weight` observations.
    pub fn estimate(&self, mean: f64, weight: f64) -> f64 {
        (mean.clamp(0.0, 1.0) * weight + self.hits) / (weight + self.seen)
    }

    /// Records one outcome.
    pub fn record(&mut self, came_true: bool) {
        self.seen += 1.0;
        if came_true {
            self.hits += 1.0;
        }
    }
}

/// Moves a belief towards an observation by exponential smoothing.
pub fn learn(belief: f64, observation: f64, rate: f64) -> f64 {
    (1.0 - rate) * belief + rate * observation.clamp(0.0, 1.0)
}

/// What the decision reads of the coalition's sensors.
pub(super) type EyeView<'w, 's> =
    (Res<'w, SkyData>, Res<'w, PatrolStatus>, Res<'w, UnitIndex>, Res<'w, StoodDown>, Query<'w, 's, &'static Position>);

/// Daily at the decision hour: Russia weighs its options and picks one or none.
#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
pub(super) fn decide(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    eyes: EyeView,
    mut raids: ResMut<Raids>,
    mut st: ResMut<Strategic>,
    mut rng: ResMut<DeterrenceRng>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let a = &d.file.adversary;
    let now = clock.seconds() as f64;
    let due_s = ((a.decision_hour * 3600.0) as u64).min(SECONDS_PER_DAY - 1);
    let tick = u64::from(clock.tick_seconds);
    let in_day = clock.seconds() % SECONDS_PER_DAY;
    let due_now = in_day <= due_s && due_s < in_day + tick;
    if !due_now || d.options.is_empty() || !raids.planned {
        return;
    }
    let (sky, patrols, units, stood, positions) = eyes;
    let from_xy: Vec<Option<Xy>> =
        sky.0.eyes.iter().map(|e| eye_position(e, &patrols, &units, &stood, &positions)).collect();
    let g = &d.file.ground;
    let resolve = st.resolve;
    let cohesion = st.cohesion();
    // US-led ceasefire monitoring watches the whole line and the sea while
    // the US takes part.
    let us = us_present(&st);
    let us_watch = if us { d.file.response.us_monitoring_pd } else { 0.0 };
    // The cost of harming a neutral force near `p`.
    let neutral_at = |p: Xy| if neutral_near(s, p, a.neutral_radius_km * 1000.0) { a.neutral_cost } else { 0.0 };
    let mut weighings = Vec::new();
    let mut places = Vec::new();
    for (k, o) in a.options.iter().enumerate() {
        let severity =
            d.file.response.severity.of(response::allowed(o.kind.doctrine(), &d.lead, &st.present, &d.caveats));
        let mut place = Place::default();
        let (p_detect, p_success) = match o.kind {
            BreachKind::Strike | BreachKind::Incursion => (o.detection.unwrap_or(0.9), o.success_prior),
            BreachKind::Naval => {
                let at = d.options[k].area.unwrap_or_else(|| projection::forward(LatLon { lat: 45.9, lon: 30.6 }));
                place.seen = seen_by(&map.0, &sky.0, &from_xy, at, SHIP_HEIGHT_M, SHIP_RCS_M2);
                place.at = Some(at);
                (o.detection.unwrap_or(naval_detection(place.seen, us_watch, o.duration_hours)), o.success_prior)
            }
            BreachKind::GreyZone => {
                place.at = Some(hub(s).0);
                (grey_zone_detection(o.detection, us_watch, o.duration_hours), o.success_prior)
            }
            BreachKind::GroundProbe | BreachKind::Offensive => {
                // Russia attacks where the option is worth most to it: its
                // chances as it sees them, less the cost of harming a
                // neutral force there; among equals, where the defence it
                // would meet in the first day is thinnest.
                // A scenario may fix the axis: the sector nearest `area`.
                let axis = d.options[k].area.and_then(|p| ground::nearest(&st.sectors, p));
                let best = (0..st.sectors.len())
                    .filter(|sec| axis.is_none_or(|a| a == *sec))
                    .map(|sec| {
                        let warn = early_warning(s, &sky.0, &from_xy, st.sectors[sec].assembly, g, us_watch);
                        let p = ground_estimate(s, d, &st, sec, o.size, o.frontage_km, warn, resolve, cohesion);
                        let worth =
                            (1.0 - a.sincerity) * o.gain * p - o.losses * (1.0 - p) - neutral_at(st.sectors[sec].xy);
                        (sec, p, warn, worth, defence_margin(s, d, &st, sec, o.frontage_km))
                    })
                    .max_by(|x, y| x.3.total_cmp(&y.3).then(y.4.total_cmp(&x.4)).then(y.0.cmp(&x.0)));
                match best {
                    Some((sec, p, warn, _, _)) => {
                        place = Place { at: Some(st.sectors[sec].xy), sector: Some(sec), warn, ..place };
                        (1.0, p)
                    }
                    None => (1.0, 0.0),
                }
            }
        };
        weighings.push(Weighing {
            gain: o.gain,
            p_success: st.success[k].estimate(p_success, a.belief_weight),
            p_detect: st.detect[k].estimate(p_detect, a.belief_weight),
            attribution: attribution(d, o.attribution, us),
            severity,
            losses: o.losses,
            neutral: place.at.map_or(0.0, neutral_at),
        });
        places.push(place);
    }
    let u: f64 = rng.adversary.random();
    let chosen = pick(
        &logit(
            a.restraint,
            &weighings.iter().map(|w| w.utility(a.sincerity, resolve)).collect::<Vec<_>>(),
            a.rationality,
        ),
        u,
    );
    let unanswered = pick(
        &logit(
            a.restraint,
            &weighings.iter().map(|w| w.utility_unanswered(a.sincerity)).collect::<Vec<_>>(),
            a.rationality,
        ),
        u,
    );
    if unanswered > 0 && unanswered != chosen {
        let o = &a.options[unanswered - 1];
        out.write(DeterrenceEvent {
            counts: vec![("breaches.deterred".into(), 1.0), (format!("breaches.deterred.kind.{}", o.kind.key()), 1.0)],
            ..event(
                "deterred",
                None,
                None,
                format!("{} considered and not chosen: the expected response outweighed its gain", o.name),
            )
        });
    }
    if chosen == 0 {
        return;
    }
    let k = chosen - 1;
    let o = &a.options[k];
    let w = weighings[k];
    let place = places[k];
    let at = place.at.unwrap_or_default();
    let b = st.breaches.len();
    let mut breach = Breach {
        option: k,
        kind: o.kind,
        decided_s: now,
        at,
        sector: place.sector,
        detected_s: None,
        attributed: false,
        answered: false,
        rung: Rung::Observe,
        threats: 0,
        ended: 0,
        impacts: 0,
    };
    let utility = w.utility(a.sincerity, resolve);
    let mut detail = format!(
        "{}: utility {utility:.2} (gain {:.2} x success {:.2}; detection {:.2}, severity {:.2}, resolve {resolve:.2})",
        o.name, w.gain, w.p_success, w.p_detect, w.severity
    );
    let start = breaches::Chosen { s, d, o, b, now, cohesion, us_watch };
    match o.kind {
        BreachKind::Strike | BreachKind::Incursion => {
            let Some((si, stream)) = d.options[k].raid.and_then(|si| s.air_war.raids.get(si).map(|r| (si, r))) else {
                return;
            };
            // The stream's next launch hour.
            let day0 = (now / SECONDS_PER_DAY as f64).floor();
            let mut start_s = (day0 + stream.hour / 24.0) * SECONDS_PER_DAY as f64;
            if start_s < now {
                start_s += SECONDS_PER_DAY as f64;
            }
            let raid_no = raids.raid_count();
            let launchers = std::mem::take(&mut st.launchers);
            let mut ready = std::mem::take(&mut st.raid_ready);
            let ctx =
                RaidContext { scenario: s, map: &map.0, sky: &sky.0, targets: &raids.targets, launchers: &launchers };
            let (launches, record) = plan::plan_raid(&ctx, si, start_s, raid_no, &mut ready, &mut rng.adversary);
            st.launchers = launchers;
            st.raid_ready = ready;
            if launches.is_empty() {
                out.write(event(
                    "breach_aborted",
                    None,
                    None,
                    format!("{}: no launcher ready or no target in range", o.name),
                ));
                return;
            }
            breach.threats = launches.len() as u32;
            breach.at = launches[0].waypoints.last().copied().unwrap_or_default();
            detail.push_str(&format!("; raid {raid_no} of {} threats from {:.1} h", launches.len(), start_s / 3600.0));
            st.raid_breach.insert(raid_no, b);
            raids.insert(launches, record);
            st.breaches.push(breach);
        }
        BreachKind::Naval => breaches::naval(&start, &mut st, &mut rng, breach, place.seen),
        BreachKind::GreyZone => breaches::grey_zone(&start, &mut st, &mut rng, breach),
        BreachKind::GroundProbe | BreachKind::Offensive => {
            let Some(sec) = place.sector else { return };
            let name = breaches::ground(&start, &mut st, &mut rng, breach, sec, place.warn);
            detail.push_str(&format!("; at the {name} sector"));
        }
    }
    out.write(DeterrenceEvent {
        counts: vec![("breaches.attempted".into(), 1.0), (format!("breaches.attempted.kind.{}", o.kind.key()), 1.0)],
        ..event("breach", Some(ru(s)), Some(st.breaches[b].at), detail)
    });
}

/// Where an option would strike, as weighed.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// Where (none for raids, whose targets are drawn when launched).
    at: Option<Xy>,
    /// Ground: the sector chosen.
    sector: Option<usize>,
    /// Naval: platforms that see a warship there.
    seen: u32,
    /// Ground: the chance the assembly is seen in time.
    warn: f64,
}

/// A warship's radar-reflecting height, m, and cross-section, m² (a corvette:
/// ASSUMPTIONS).
pub(super) const SHIP_HEIGHT_M: f64 = 10.0;
pub(super) const SHIP_RCS_M2: f64 = 1000.0;

/// Probability a detected breach is attributed: the option's own, raised
/// by the US-led breach commission while the US takes part.
pub(super) fn attribution(d: &Deterrence, own: f64, us: bool) -> f64 {
    if us { 1.0 - (1.0 - own) * (1.0 - d.file.response.us_attribution) } else { own }
}

/// Probability that something seen with probability `base` otherwise is
/// seen at all when US-led monitoring also watches it for `hours`, with
/// `us_watch` per hour.
fn or_monitored(base: f64, us_watch: f64, hours: f64) -> f64 {
    1.0 - (1.0 - base) * (1.0 - us_watch).powf(hours)
}

/// Probability a grey-zone act is detected: its own (0.3 unless set), or
/// by US-led monitoring over its `hours` of preparation.
pub(super) fn grey_zone_detection(own: Option<f64>, us_watch: f64, hours: f64) -> f64 {
    or_monitored(own.unwrap_or(0.3), us_watch, hours)
}

/// Probability that a naval incursion is detected: by any platform whose
/// radar sees a warship there (0.95: ASSUMPTION, a corvette is a large
/// target), else by US monitoring over its hours in the zone, else by
/// chance reports (0.2: ASSUMPTION).
pub(super) fn naval_detection(seen_by: u32, us_watch: f64, hours: f64) -> f64 {
    or_monitored(if seen_by > 0 { 0.95 } else { 0.2 }, us_watch, hours)
}

/// Probability that an assembly at `p` is seen before the attack, by
/// ground-surveillance radars (GMTI) in range or by US-led monitoring
/// (`us_watch` per hour).
pub(super) fn early_warning(
    s: &Scenario,
    sky: &crate::coverage::sky::SkyPicture,
    from: &[Option<Xy>],
    p: Xy,
    g: &crate::config::deterrence::GroundFile,
    us_watch: f64,
) -> f64 {
    let n = sky
        .eyes
        .iter()
        .zip(from)
        .filter(|(eye, at)| {
            let range = match &*s.units[eye.unit].system {
                SystemType::Sensor(t) => t.surface_search_km * 1000.0,
                _ => 0.0,
            };
            at.is_some_and(|at| range > 0.0 && at.distance(p) <= range)
        })
        .count() as u32;
    let radar = at_least_one(g.surveillance_pd, n * g.warning_hours.ceil() as u32);
    or_monitored(radar, us_watch, g.warning_hours)
}

/// The defence Russia expects to meet at sector `sec` within a day: the
/// holders on its frontage, and the coalition's formations weighted by how
/// early in the day they could arrive.
pub(super) fn defence_margin(s: &Scenario, d: &Deterrence, st: &Strategic, sec: usize, frontage_km: f64) -> f64 {
    let g = &d.file.ground;
    let x = &st.sectors[sec];
    let holders = x.power * (frontage_km / g.sector_km).min(1.0) * x.quality * x.terrain;
    let reserves: f64 = arrivals(s, d, st, sec, d.file.response.delay_hours())
        .iter()
        .map(|&(i, h)| st.reserves[i].power * g.coalition_quality * (1.0 - h / g.max_hours).max(0.0))
        .sum();
    holders + reserves
}

/// Russia's estimate of a ground option's success at sector `sec`: the
/// battle fought at sixteen strata of its effectiveness, with the coalition
/// reinforcing (as Russia believes it will, with probability `resolve`
/// times cohesion) or not.
#[expect(clippy::too_many_arguments, reason = "the estimate's inputs")]
pub(super) fn ground_estimate(
    s: &Scenario,
    d: &Deterrence,
    st: &Strategic,
    sec: usize,
    size: f64,
    frontage_km: f64,
    warning: f64,
    resolve: f64,
    cohesion: f64,
) -> f64 {
    let g = &d.file.ground;
    let r = &d.file.response;
    // Expected head start from early warning (detection at a uniform time
    // during assembly when seen).
    let decided_h = r.delay_hours() - warning * g.warning_hours / 2.0;
    let joins = arrivals(s, d, st, sec, decided_h);
    let rung = response::allowed(Rung::SupportCounterattack, &d.lead, &st.present, &d.caveats);
    let helped = if rung >= Rung::SupportCounterattack { joins } else { Vec::new() };
    // A stronger attacker breaks through whenever a weaker one does, so the
    // share of strata that break through is found by bisection.
    let share = |warned_h: f64, joins: &[(usize, f64)]| {
        let breaks = |z: f64| {
            let q = g.russian_quality * (g.effectiveness_sd * z).exp();
            ground::fight(&battle_of(d, st, sec, size, frontage_km, q, warned_h, joins), g).breakthrough
        };
        let strata = &ground::NORMAL_STRATA;
        let first = strata.partition_point(|z| !breaks(*z));
        (strata.len() - first) as f64 / strata.len() as f64
    };
    let believed = (resolve * cohesion * r.answer_probability).clamp(0.0, 1.0);
    // Seen while assembling (at a uniform time, so warned half the assembly
    // on average) or not.
    let either = |warned_h: f64| {
        let alone = share(warned_h, &[]);
        let with_help = if helped.is_empty() { alone } else { share(warned_h, &helped) };
        believed * with_help + (1.0 - believed) * alone
    };
    warning * either(g.warning_hours / 2.0) + (1.0 - warning) * either(0.0)
}

pub(super) fn standard_normal(rng: &mut SimRng) -> f64 {
    // Box-Muller.
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

pub(super) fn neutral_near(s: &Scenario, p: Xy, radius_m: f64) -> bool {
    s.units.iter().any(|u| {
        let n = &s.nations[usize::from(u.nation)];
        n.side == Side::ThirdParty && n.participates && u.xy.distance(p) <= radius_m
    })
}

/// The coalition's main hub (its headquarters, else its largest ground
/// formation) and its nation: where grey-zone sabotage strikes.
pub(super) fn hub(s: &Scenario) -> (Xy, Option<NationId>) {
    let coalition = |u: &&crate::config::UnitSpec| {
        let n = &s.nations[usize::from(u.nation)];
        n.side == Side::Coalition && n.participates
    };
    let hq = s
        .units
        .iter()
        .filter(coalition)
        .find(|u| matches!(&*u.system, SystemType::Ground(g) if g.role == GroundRole::Headquarters));
    let any = s
        .units
        .iter()
        .filter(coalition)
        .filter(|u| matches!(&*u.system, SystemType::Ground(_)))
        .max_by_key(|u| u.system.personnel());
    match hq.or(any) {
        Some(u) => (u.xy, Some(u.nation)),
        None => (projection::forward(LatLon { lat: 50.45, lon: 30.52 }), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> Weighing {
        Weighing {
            gain: 1.0,
            p_success: 0.8,
            p_detect: 0.9,
            attribution: 1.0,
            severity: 0.7,
            losses: 0.2,
            neutral: 0.0,
        }
    }

    #[test]
    fn sincerity_and_resolve_make_breaching_less_attractive() {
        let o = w();
        assert!(o.utility(0.8, 0.5) < o.utility(0.2, 0.5));
        assert!(o.utility(0.5, 0.9) < o.utility(0.5, 0.1));
        assert_eq!(o.utility_unanswered(0.5), o.utility(0.5, 0.0));
        // By hand: 0.5 * 1 * 0.8 - 0.9 * 1 * 0.7 * 0.5 - 0.2 * 0.2 = 0.4 - 0.315 - 0.04.
        assert!((o.utility(0.5, 0.5) - 0.045).abs() < 1e-12);
    }

    #[test]
    fn logit_is_a_distribution_that_sharpens_with_rationality() {
        let u = [0.5, -0.5];
        for lambda in [0.0, 1.0, 10.0] {
            let p = logit(0.0, &u, lambda);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert!(logit(0.0, &u, 0.0).iter().all(|p| (p - 1.0 / 3.0).abs() < 1e-12), "0: uniform");
        assert!(logit(0.0, &u, 50.0)[1] > 0.999, "large: the best option");
        // By hand: exp(0), exp(0.5), exp(-0.5) normalised.
        let p = logit(0.0, &u, 1.0);
        let z = 1.0 + 0.5f64.exp() + (-0.5f64).exp();
        assert!((p[1] - 0.5f64.exp() / z).abs() < 1e-12);
        assert_eq!(pick(&p, 0.0), 0);
        assert_eq!(pick(&p, 0.999_999), 2);
        assert!(logit(1.0, &u, 3.0)[0] > p[0], "a quiet day worth more: fewer breaches");
    }

    #[test]
    fn beliefs_move_with_what_is_seen() {
        let mut t = Tally::default();
        assert_eq!(t.estimate(0.9, 4.0), 0.9);
        for _ in 0..4 {
            t.record(false);
        }
        assert!((t.estimate(0.9, 4.0) - 0.45).abs() < 1e-12);
        assert!((learn(0.5, 0.0, 0.25) - 0.375).abs() < 1e-12);
        assert!((learn(0.5, 1.0, 0.25) - 0.625).abs() < 1e-12);
    }
}
