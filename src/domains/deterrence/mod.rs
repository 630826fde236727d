//! deterrence: the strategic layer. Russia decides each day whether and how
//! to breach the ceasefire ([`adversary`]); the coalition detects, attributes
//! and answers breaches on its escalation ladder ([`response`]); ground
//! probes and offensives are fought at the contact line, with the deterrent
//! force reinforcing and the training mission raising Ukrainian brigades
//! ([`ground`]); and each nation's support rises and falls, contingents
//! withdraw and the US offer is approved or not ([`politics`]).
//!
//! Phases: Politics (daily: support, withdrawals, US approval, training),
//! Decide (daily at the decision hour: Russia's choice; a chosen strike or
//! incursion becomes a raid for the threats domain), Respond (follows the
//! raids Russia chose through detection to their end; settles what is due:
//! detections, responses, reinforcements arriving, outcomes; the daily state).
//! Owns: [`Strategic`]. Writes [`StoodDown`] for units whose nation is out.
//! Messages out: [`DeterrenceEvent`] (what happened and what to count) and
//! [`DeterrenceDay`] (the state at each day's end). Reads: the threats',
//! sensing's and air defence's messages for the raids it launched, and
//! military casualties from every impact.
//!
//! Timing: everything that follows a decision (detection, the response after
//! its delays, reinforcements arriving, the outcome) is computed when it
//! becomes known and applied when its time comes, so events and beliefs move
//! in simulated time order. A work probe wakes the run loop for each.

pub mod adversary;
pub mod ground;
pub mod politics;
pub mod response;

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::catalog::{GroundRole, SystemType};
use crate::config::deterrence::{BreachKind, Deterrence, Rung};
use crate::config::file::Side;
use crate::config::{NationId, Scenario};
use crate::coverage::sources::at_least_one;
use crate::domains::air_defense::Engaged;
use crate::domains::patrols::PatrolStatus;
use crate::domains::sensing::{ThreatDetected, eye_position, seen_by};
use crate::domains::threats::plan::{self, Launchers, RaidContext};
use crate::domains::threats::{Raids, ThreatDiverted, ThreatImpact, ThreatLaunched};
use crate::geo::projection::{self, LatLon, Xy};
use crate::sim::clock::SECONDS_PER_DAY;
use crate::sim::components::{MapData, Position, ScenarioData, SkyData, StoodDown, UnitIndex};
use crate::sim::rng::SimRng;
use crate::sim::{Every, Phase, SimApp, SimClock, TickSet};
use adversary::{Tally, Weighing};
use ground::{Battle, Defender, Reserve, Sector};

/// Something that happened in the strategic layer, with what to count.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct DeterrenceEvent {
    /// Event kind for the log (`breach`, `deterred`, `response`, ...).
    pub kind: &'static str,
    /// The nation involved, if any.
    pub nation: Option<NationId>,
    /// Where, if it has a place.
    pub at: Option<Xy>,
    /// What happened, in words.
    pub detail: String,
    /// Metrics to add to.
    pub counts: Vec<(String, f64)>,
}

/// The strategic state at the end of a day.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct DeterrenceDay {
    /// Values by metric name.
    pub values: Vec<(String, f64)>,
}

/// What a breach has come to.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// Option index.
    pub option: usize,
    /// Its kind.
    pub kind: BreachKind,
    /// When it was decided, s.
    pub decided_s: f64,
    /// Where.
    pub at: Xy,
    /// Ground: the sector.
    pub sector: Option<usize>,
    /// When the coalition detected it, s.
    pub detected_s: Option<f64>,
    /// Whether it was attributed to Russia.
    pub attributed: bool,
    /// Whether the coalition acted.
    pub answered: bool,
    /// The rung it acted on.
    pub rung: Rung,
    /// Raids: threats launched, ended, and how many hit.
    pub threats: u32,
    /// Threats that have ended.
    pub ended: u32,
    /// Threats that hit.
    pub impacts: u32,
    /// Whether the outcome is settled.
    pub over: bool,
}

/// Something due at a time.
#[derive(Debug, Clone, PartialEq)]
enum Due {
    Detected(usize),
    Responded(usize),
    Joined { breach: usize, unit: usize },
    Ended { breach: usize, outcome: Outcome },
}

/// A breach's end and its consequences.
#[derive(Debug, Clone, PartialEq, Default)]
struct Outcome {
    succeeded: bool,
    /// (nation, casualties) of the coalition and Ukraine.
    casualties: Vec<(NationId, f64)>,
    territory_km2: f64,
    russian_losses: f64,
    /// Sector power lost by its Ukrainian holders.
    sector_loss: f64,
    /// Power lost by each reserve that fought (reserve index, loss).
    reserve_loss: Vec<(usize, f64)>,
    detail: String,
}

/// The strategic layer's state for one run.
#[derive(Resource, Debug, Default)]
pub struct Strategic {
    /// Russia's belief in the coalition's resolve, [0, 1].
    pub resolve: f64,
    /// Per option: detections observed.
    pub detect: Vec<Tally>,
    /// Per option: successes observed.
    pub success: Vec<Tally>,
    /// Every breach so far.
    pub breaches: Vec<Breach>,
    /// Per nation: coalition or US nation in the file's laydown.
    pub pledged: Vec<bool>,
    /// Per nation: taking part now.
    pub present: Vec<bool>,
    /// Per nation: personnel deployed.
    pub personnel: Vec<f64>,
    /// Per nation: domestic support.
    pub support: Vec<f64>,
    /// Per nation: killed.
    pub killed: Vec<f64>,
    /// Coalition successes so far (breaches repelled or answered).
    pub successes: f64,
    /// When the US offer is approved, s (`None`: never).
    pub us_approval_s: Option<f64>,
    /// Sectors of the contact line.
    pub sectors: Vec<Sector>,
    /// The deterrent ground force.
    pub reserves: Vec<Reserve>,
    /// Ground Russia has taken, km².
    pub territory_km2: f64,
    /// Russian brigade equivalents lost.
    pub russian_losses: f64,
    /// Ukrainian soldiers trained and not yet formed into a brigade.
    pub trainees: f64,
    /// Day of the first withdrawal.
    pub first_withdrawal_day: Option<f64>,
    /// Indices of the US nations.
    us_nations: Vec<usize>,
    launchers: Launchers,
    raid_ready: BTreeMap<usize, f64>,
    raid_breach: BTreeMap<u32, usize>,
    threat_breach: BTreeMap<u32, usize>,
    due: Vec<(f64, u64, Due)>,
    seq: u64,
    started: bool,
}

impl Strategic {
    /// Share of the pledged coalition's personnel still present, [0, 1].
    pub fn cohesion(&self) -> f64 {
        let pledged: f64 = self.personnel.iter().zip(&self.pledged).filter(|(_, p)| **p).map(|(x, _)| x).sum();
        let present: f64 = self.personnel.iter().zip(&self.present).filter(|(_, p)| **p).map(|(x, _)| x).sum();
        if pledged > 0.0 { present / pledged } else { 0.0 }
    }

    /// Ukrainian strength at the line: brigade equivalents times quality.
    pub fn ukrainian_strength(&self) -> f64 {
        self.sectors.iter().map(|s| s.power * s.quality).sum()
    }

    fn push(&mut self, at_s: f64, due: Due) {
        self.seq += 1;
        self.due.push((at_s, self.seq, due));
    }

    /// The earliest time something is due, s.
    pub fn next_due_s(&self) -> Option<f64> {
        self.due.iter().map(|d| d.0).min_by(f64::total_cmp)
    }
}

#[derive(Resource)]
struct DeterrenceRng {
    adversary: SimRng,
    response: SimRng,
    ground: SimRng,
    politics: SimRng,
}

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeterrenceSystems {
    /// Support, withdrawals, approval, training.
    Politics,
    /// Russia's decision.
    Decide,
    /// Following raids, settling what is due, the day's state.
    Respond,
}

/// Registers the deterrence domain (its systems do nothing when the
/// scenario has no `deterrence` section).
pub fn register(app: &mut SimApp) {
    let rng = DeterrenceRng {
        adversary: app.rng_stream("adversary"),
        response: app.rng_stream("response"),
        ground: app.rng_stream("ground"),
        politics: app.rng_stream("politics"),
    };
    let day_start = app.cadence(Every::Day, Phase::Start);
    let day_end = app.cadence(Every::Day, Phase::End);
    app.add_message::<DeterrenceEvent>()
        .add_message::<DeterrenceDay>()
        .insert_resource(rng)
        .insert_resource(Strategic::default())
        .add_systems(
            (start, daily_politics.run_if(day_start))
                .chain()
                .in_set(TickSet::Politics)
                .in_set(DeterrenceSystems::Politics),
        )
        .add_systems(decide.in_set(TickSet::Decide).in_set(DeterrenceSystems::Decide))
        .add_systems(
            (follow_raids, settle, report_day.run_if(day_end))
                .chain()
                .in_set(TickSet::Respond)
                .in_set(DeterrenceSystems::Respond),
        );
    app.add_work_probe(Box::new(|world, now| {
        let ts = world.resource::<SimClock>().tick_seconds;
        let hour = world.get_resource::<ScenarioData>()?.0.deterrence.as_ref()?.file.adversary.decision_hour;
        let due = world
            .get_resource::<Strategic>()
            .and_then(|s| s.next_due_s())
            .map(|t| (t / f64::from(ts)).floor().max(0.0) as u64);
        let decision = next_decision_tick(now, hour, ts);
        due.into_iter().chain(Some(decision)).min()
    }));
}

/// The first tick after `now` that holds the daily decision at `hour`.
pub fn next_decision_tick(now: u64, hour: f64, tick_seconds: u32) -> u64 {
    let ts = u64::from(tick_seconds.max(1));
    let offset_s = ((hour * 3600.0) as u64).min(SECONDS_PER_DAY - 1);
    let offset = offset_s / ts;
    let period = (SECONDS_PER_DAY / ts).max(1);
    let base = now - now % period + offset;
    if base > now { base } else { base + period }
}

fn config(scenario: &Scenario) -> Option<&Deterrence> {
    scenario.deterrence.as_ref()
}

fn nation_units(scenario: &Scenario, nation: NationId) -> impl Iterator<Item = usize> + '_ {
    scenario.units.iter().enumerate().filter(move |(_, u)| u.nation == nation).map(|(i, _)| i)
}

fn stand_down(scenario: &Scenario, stood: &mut StoodDown, nation: NationId, down: bool) {
    for i in nation_units(scenario, nation) {
        if let Some(s) = stood.0.get_mut(i) {
            *s = down;
        }
    }
}

fn event(kind: &'static str, nation: Option<NationId>, at: Option<Xy>, detail: String) -> DeterrenceEvent {
    DeterrenceEvent { kind, nation, at, detail, counts: Vec::new() }
}

/// First tick: the state, who takes part, when (if ever) the US approves.
fn start(
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    mut st: ResMut<Strategic>,
    mut stood: ResMut<StoodDown>,
    mut rng: ResMut<DeterrenceRng>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    if st.started {
        return;
    }
    st.started = true;
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let n = s.nations.len();
    st.resolve = d.file.adversary.resolve_prior;
    st.detect = vec![Tally::default(); d.options.len()];
    st.success = vec![Tally::default(); d.options.len()];
    // Pledged: every coalition and US nation in the laydown, whether or not
    // it sends its units, so a nation that stays out lowers cohesion.
    st.pledged = s.nations.iter().map(|x| matches!(x.side, Side::Coalition | Side::UnitedStates)).collect();
    st.present = s.nations.iter().zip(&st.pledged).map(|(x, p)| *p && x.participates).collect();
    st.personnel = vec![0.0; n];
    for u in &s.units {
        st.personnel[usize::from(u.nation)] += f64::from(u.system.personnel());
    }
    st.support = d.politics.iter().map(|p| p.support).collect();
    st.killed = vec![0.0; n];
    st.sectors = ground::sectors(s, &map.0, &d.file.ground);
    st.reserves = ground::reserves(s);
    st.launchers = plan::launchers(s);
    st.us_nations = (0..n).filter(|&i| s.nations[i].side == Side::UnitedStates).collect();
    for (i, nation) in s.nations.iter().enumerate() {
        if !st.present[i] {
            continue;
        }
        let id = i as NationId;
        let p = d.politics[i].participation;
        if p < 1.0 && !rng.politics.random_bool(p.clamp(0.0, 1.0)) {
            st.present[i] = false;
            stand_down(s, &mut stood, id, true);
            out.write(event(
                "stays_out",
                Some(id),
                None,
                format!("{} does not take part (participation probability {p})", nation.name),
            ));
            continue;
        }
        if nation.side == Side::UnitedStates {
            let a = &d.file.politics.us_approval;
            let approved = rng.politics.random_bool(a.probability.clamp(0.0, 1.0));
            st.us_approval_s = approved.then_some(a.delay_days * SECONDS_PER_DAY as f64);
            if st.us_approval_s != Some(0.0) {
                st.present[i] = false;
                stand_down(s, &mut stood, id, true);
                let detail = match st.us_approval_s {
                    Some(t) => format!("US enablers offered; approval comes on day {:.1}", t / SECONDS_PER_DAY as f64),
                    None => "US enablers offered but not approved: US assets stand down".to_string(),
                };
                out.write(event("us_pending", Some(id), None, detail));
            }
        }
    }
}

/// Daily: US approval arriving, support, withdrawals, training.
fn daily_politics(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut stood: ResMut<StoodDown>,
    mut out: MessageWriter<DeterrenceEvent>,
    mut first: Local<bool>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let now = clock.seconds() as f64;
    let day = now / SECONDS_PER_DAY as f64;
    // The US offer approved.
    if let Some(t) = st.us_approval_s
        && t <= now
        && t > 0.0
    {
        st.us_approval_s = Some(0.0);
        for (i, n) in s.nations.iter().enumerate() {
            if n.side == Side::UnitedStates && n.participates && st.pledged[i] && !st.present[i] {
                st.present[i] = true;
                stand_down(s, &mut stood, i as NationId, false);
                out.write(DeterrenceEvent {
                    counts: vec![("politics.us_approved".into(), 1.0)],
                    ..event(
                        "us_approved",
                        Some(i as NationId),
                        None,
                        "the US offer is approved: US enablers join".into(),
                    )
                });
            }
        }
    }
    if !*first {
        *first = true;
        if st.us_approval_s == Some(0.0) {
            out.write(DeterrenceEvent {
                counts: vec![("politics.us_approved".into(), 1.0)],
                ..event("us_approved", None, None, "the US offer is approved from the start".into())
            });
        }
    }
    // Support and withdrawals.
    let pf = &d.file.politics;
    for i in 0..s.nations.len() {
        if !st.pledged[i] {
            continue;
        }
        let p = &d.politics[i];
        let support = politics::support(p, pf.casualty_aversion_scale, pf.success_gain, st.killed[i], st.successes);
        st.support[i] = support;
        if st.present[i] && support < p.withdrawal_threshold {
            let before = st.cohesion();
            st.present[i] = false;
            stand_down(s, &mut stood, i as NationId, true);
            let after = st.cohesion();
            if before > 0.0 {
                st.resolve *= after / before;
            }
            if st.first_withdrawal_day.is_none() {
                st.first_withdrawal_day = Some(day);
            }
            out.write(DeterrenceEvent {
                counts: vec![
                    ("politics.withdrawals".into(), 1.0),
                    (format!("politics.withdrawn.nation.{}", s.nations[i].code), 1.0),
                ],
                ..event(
                    "withdrew",
                    Some(i as NationId),
                    None,
                    format!(
                        "{} withdraws: support {:.2} below {:.2} after {:.0} killed; cohesion {:.2} -> {:.2}",
                        s.nations[i].name, support, p.withdrawal_threshold, st.killed[i], before, after
                    ),
                )
            });
        }
    }
    // Training: each training unit of a nation present adds trainees and
    // quality; enough trainees form a brigade at the weakest sector.
    let t = &d.file.ground.training;
    let trainers = s
        .units
        .iter()
        .filter(|u| st.present[usize::from(u.nation)])
        .filter(|u| matches!(&*u.system, SystemType::Ground(g) if g.role == GroundRole::Training))
        .count() as f64;
    if trainers > 0.0 && day > 0.0 {
        st.trainees += trainers * t.trainees_per_day;
        for sec in &mut st.sectors {
            sec.quality = (sec.quality + trainers * t.quality_per_day).min(t.max_quality.max(sec.quality));
        }
        while st.trainees >= t.brigade_personnel && !st.sectors.is_empty() {
            st.trainees -= t.brigade_personnel;
            let weakest =
                (0..st.sectors.len()).min_by(|a, b| st.sectors[*a].power.total_cmp(&st.sectors[*b].power)).unwrap_or(0);
            let sec = &mut st.sectors[weakest];
            let personnel = sec.power * sec.personnel_per_power + t.brigade_personnel;
            sec.power += 1.0;
            sec.personnel_per_power = personnel / sec.power;
            out.write(DeterrenceEvent {
                counts: vec![("ground.brigades_formed".into(), 1.0)],
                ..event(
                    "brigade_formed",
                    None,
                    Some(sec.xy),
                    format!("a brigade trained by the coalition joins the {} sector", sec.name),
                )
            });
        }
    }
}

/// What the decision reads of the coalition's sensors.
type EyeView<'w, 's> =
    (Res<'w, SkyData>, Res<'w, PatrolStatus>, Res<'w, UnitIndex>, Res<'w, StoodDown>, Query<'w, 's, &'static Position>);

/// Daily at the decision hour: Russia weighs its options and picks one or none.
#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn decide(
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
    let us = us_present(s, &st);
    let us_watch = if us { d.file.response.us_monitoring_pd } else { 0.0 };
    let mut weighings = Vec::new();
    let mut places: Vec<(Xy, Option<usize>)> = Vec::new();
    for (k, o) in a.options.iter().enumerate() {
        let severity =
            d.file.response.severity.of(response::allowed(o.kind.doctrine(), &d.lead, &st.present, &d.caveats));
        let (at, sector, p_detect, p_success) = match o.kind {
            BreachKind::Strike | BreachKind::Incursion => (None, None, o.detection.unwrap_or(0.9), o.success_prior),
            BreachKind::Naval => {
                let at = d.options[k].area.unwrap_or_else(|| projection::forward(LatLon { lat: 45.9, lon: 30.6 }));
                let n = seen_by(&map.0, &sky.0, &from_xy, at, SHIP_HEIGHT_M, SHIP_RCS_M2);
                (Some(at), None, o.detection.unwrap_or(naval_detection(n, us_watch, o.duration_hours)), o.success_prior)
            }
            BreachKind::GreyZone => {
                (Some(hub(s).0), None, grey_zone_detection(o.detection, us_watch, o.duration_hours), o.success_prior)
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
                        let neutral = if neutral_near(s, st.sectors[sec].xy, a.neutral_radius_km * 1000.0) {
                            a.neutral_cost
                        } else {
                            0.0
                        };
                        let worth = (1.0 - a.sincerity) * o.gain * p - o.losses * (1.0 - p) - neutral;
                        (sec, p, worth, defence_margin(s, d, &st, sec, o.frontage_km))
                    })
                    .max_by(|x, y| x.2.total_cmp(&y.2).then(y.3.total_cmp(&x.3)).then(y.0.cmp(&x.0)))
                    .map(|(sec, p, _, _)| (sec, p));
                match best {
                    Some((sec, p)) => (Some(st.sectors[sec].xy), Some(sec), 1.0, p),
                    None => (None, None, 1.0, 0.0),
                }
            }
        };
        let neutral = at.is_some_and(|p| neutral_near(s, p, a.neutral_radius_km * 1000.0));
        weighings.push(Weighing {
            gain: o.gain,
            p_success: st.success[k].estimate(p_success, a.belief_weight),
            p_detect: st.detect[k].estimate(p_detect, a.belief_weight),
            attribution: attribution(d, o.attribution, us),
            severity,
            losses: o.losses,
            neutral: if neutral { a.neutral_cost } else { 0.0 },
        });
        places.push((at.unwrap_or_default(), sector));
    }
    let u: f64 = rng.adversary.random();
    let chosen = adversary::pick(
        &adversary::logit(
            a.restraint,
            &weighings.iter().map(|w| w.utility(a.sincerity, resolve)).collect::<Vec<_>>(),
            a.rationality,
        ),
        u,
    );
    let unanswered = adversary::pick(
        &adversary::logit(
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
    let (at, sector) = places[k];
    let b = st.breaches.len();
    let mut breach = Breach {
        option: k,
        kind: o.kind,
        decided_s: now,
        at,
        sector,
        detected_s: None,
        attributed: false,
        answered: false,
        rung: Rung::Observe,
        threats: 0,
        ended: 0,
        impacts: 0,
        over: false,
    };
    let utility = w.utility(a.sincerity, resolve);
    let mut detail = format!(
        "{}: utility {utility:.2} (gain {:.2} x success {:.2}; detection {:.2}, severity {:.2}, resolve {resolve:.2})",
        o.name, w.gain, w.p_success, w.p_detect, w.severity
    );
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
        BreachKind::Naval => {
            let hour_draw: f64 = rng.ground.random();
            let true_p = {
                let n = seen_by(&map.0, &sky.0, &from_xy, at, SHIP_HEIGHT_M, SHIP_RCS_M2);
                o.detection.unwrap_or(naval_detection(n, us_watch, o.duration_hours))
            };
            let detected_s = (rng.ground.random::<f64>() < true_p).then_some(now + hour_draw * 3600.0);
            let end_s = now + o.duration_hours * 3600.0;
            st.breaches.push(breach);
            let response_s = detected_s.map(|t| respond(&mut st, d, &mut rng.response, b, t, cohesion));
            let br = &st.breaches[b];
            let repelled = response_s.is_some_and(|t| br.answered && br.rung >= Rung::Intercept && t < end_s);
            let ended = if repelled { response_s.unwrap_or(end_s) } else { end_s };
            if let Some(t) = detected_s {
                st.push(t, Due::Detected(b));
            }
            let outcome = Outcome {
                succeeded: !repelled,
                detail: if repelled { "intercepted and escorted out".into() } else { "stayed in the zone".into() },
                ..Outcome::default()
            };
            st.push(ended, Due::Ended { breach: b, outcome });
        }
        BreachKind::GreyZone => {
            let (hub_xy, hub_nation) = hub(s);
            let true_p = grey_zone_detection(o.detection, us_watch, o.duration_hours);
            let detected_s = (rng.ground.random::<f64>() < true_p).then_some(now + 3600.0);
            let casualties = f64::from(plan::poisson(&mut rng.ground, o.casualties));
            st.breaches.push(breach);
            st.breaches[b].at = hub_xy;
            if let Some(t) = detected_s {
                st.push(t, Due::Detected(b));
                respond(&mut st, d, &mut rng.response, b, t, cohesion);
            }
            let outcome = Outcome {
                succeeded: true,
                casualties: hub_nation.map(|n| vec![(n, casualties)]).unwrap_or_default(),
                detail: format!("sabotage at the hub: {casualties:.0} casualties"),
                ..Outcome::default()
            };
            st.push(now + 3600.0, Due::Ended { breach: b, outcome });
        }
        BreachKind::GroundProbe | BreachKind::Offensive => {
            let Some(sec) = sector else { return };
            let warn = early_warning(s, &sky.0, &from_xy, st.sectors[sec].assembly, g, us_watch);
            let battle_s = now + g.warning_hours * 3600.0;
            let detected_s = if rng.ground.random::<f64>() < warn {
                now + rng.ground.random::<f64>() * g.warning_hours * 3600.0
            } else {
                battle_s
            };
            st.breaches.push(breach);
            st.push(detected_s, Due::Detected(b));
            let response_s = respond(&mut st, d, &mut rng.response, b, detected_s, cohesion);
            let reinforce = st.breaches[b].answered && st.breaches[b].rung >= Rung::SupportCounterattack;
            let joins = if reinforce { arrivals(s, d, &st, sec, (response_s - battle_s) / 3600.0) } else { Vec::new() };
            let effectiveness = (g.effectiveness_sd * standard_normal(&mut rng.ground)).exp();
            let warned_h = (battle_s - detected_s) / 3600.0;
            let battle =
                battle_of(d, &st, sec, o.size, o.frontage_km, g.russian_quality * effectiveness, warned_h, &joins);
            let r = ground::fight(&battle, g);
            let mut outcome = Outcome { succeeded: r.breakthrough, ..Outcome::default() };
            let holders_per_power = st.sectors[sec].personnel_per_power;
            for (i, def) in battle.defenders.iter().enumerate() {
                let lost = r.defender_lost[i];
                match def.reserve {
                    None => {
                        outcome.sector_loss += lost;
                        outcome.casualties.push((ukraine(s), lost * holders_per_power));
                    }
                    Some(ri) => {
                        let (unit, nation, per_power) =
                            (st.reserves[ri].unit, st.reserves[ri].nation, st.reserves[ri].personnel_per_power);
                        if def.joins_h < r.over_h {
                            st.push(battle_s + def.joins_h * 3600.0, Due::Joined { breach: b, unit });
                        }
                        outcome.casualties.push((nation, lost * per_power));
                        outcome.reserve_loss.push((ri, lost));
                    }
                }
            }
            // Preparatory fires reach the coalition's formations near the
            // attacked sector, whether or not they join the fight.
            let sector_xy = st.sectors[sec].xy;
            let exposed: Vec<NationId> = st
                .reserves
                .iter()
                .filter(|r| st.present[usize::from(r.nation)] && r.xy.distance(sector_xy) <= g.fires_reach_km * 1000.0)
                .map(|r| r.nation)
                .collect();
            for nation in exposed {
                let n = f64::from(plan::poisson(&mut rng.ground, g.fires_casualties));
                outcome.casualties.push((nation, n));
            }
            outcome.russian_losses = r.attacker_lost;
            outcome.territory_km2 = if r.breakthrough {
                o.frontage_km * (r.advance_h * g.advance_kmh).min(MAX_PENETRATION_KM)
            } else {
                0.0
            };
            outcome.detail = format!(
                "{} sector: {:.1} h of fighting, {}; Russian losses {:.2} brigade eq.",
                st.sectors[sec].name,
                r.hours,
                if r.breakthrough {
                    format!("the line broke, {:.0} km² lost", outcome.territory_km2)
                } else {
                    "the attack was turned back".into()
                },
                r.attacker_lost
            );
            detail.push_str(&format!("; at the {} sector", st.sectors[sec].name));
            st.push(battle_s + r.over_h * 3600.0, Due::Ended { breach: b, outcome });
        }
    }
    out.write(DeterrenceEvent {
        counts: vec![("breaches.attempted".into(), 1.0), (format!("breaches.attempted.kind.{}", o.kind.key()), 1.0)],
        ..event("breach", Some(ru(s)), Some(st.breaches[b].at), detail)
    });
}

/// Deepest advance after a breakthrough, km (ASSUMPTION: a brigade's reach
/// before it outruns its supply).
const MAX_PENETRATION_KM: f64 = 30.0;
/// A warship's radar-reflecting height, m, and cross-section, m² (a corvette:
/// ASSUMPTIONS).
const SHIP_HEIGHT_M: f64 = 10.0;
const SHIP_RCS_M2: f64 = 1000.0;

/// The coalition decides its answer to breach `b` detected at `detected_s`
/// and schedules it. Returns when the action happens.
fn respond(st: &mut Strategic, d: &Deterrence, rng: &mut SimRng, b: usize, detected_s: f64, cohesion: f64) -> f64 {
    let r = &d.file.response;
    let o = &d.file.adversary.options[st.breaches[b].option];
    let attributed = rng.random::<f64>() < attribution(d, o.attribution, us_present_now(st));
    let answered = attributed && rng.random::<f64>() < r.answer_probability * cohesion;
    let rung =
        if answered { response::allowed(o.kind.doctrine(), &d.lead, &st.present, &d.caveats) } else { Rung::Observe };
    let br = &mut st.breaches[b];
    br.detected_s = Some(detected_s);
    br.attributed = attributed;
    br.answered = answered && rung > Rung::Observe;
    br.rung = rung;
    let at = detected_s + (r.attribution_hours + r.decision_hours + r.action_hours) * 3600.0;
    st.push(at, Due::Responded(b));
    at
}

/// True while the US takes part.
fn us_present(s: &Scenario, st: &Strategic) -> bool {
    s.nations
        .iter()
        .enumerate()
        .any(|(i, n)| n.side == Side::UnitedStates && st.present.get(i).copied().unwrap_or(false))
}

/// The same, from the state alone (the US nations are recorded at the start).
fn us_present_now(st: &Strategic) -> bool {
    st.us_nations.iter().any(|&i| st.present.get(i).copied().unwrap_or(false))
}

/// Probability a detected breach is attributed: the option's own, raised
/// by the US-led breach commission while the US takes part.
fn attribution(d: &Deterrence, own: f64, us: bool) -> f64 {
    if us { 1.0 - (1.0 - own) * (1.0 - d.file.response.us_attribution) } else { own }
}

/// Probability a grey-zone act is detected: its own (0.3 unless set), or
/// by US-led monitoring over its `hours` of preparation.
fn grey_zone_detection(own: Option<f64>, us_watch: f64, hours: f64) -> f64 {
    1.0 - (1.0 - own.unwrap_or(0.3)) * (1.0 - us_watch).powf(hours)
}

/// Probability that a naval incursion is detected: by any platform whose
/// radar sees a warship there (0.95: ASSUMPTION, a corvette is a large
/// target), else by US monitoring over its hours in the zone, else by
/// chance reports (0.2: ASSUMPTION).
fn naval_detection(seen_by: u32, us_watch: f64, hours: f64) -> f64 {
    let base = if seen_by > 0 { 0.95 } else { 0.2 };
    1.0 - (1.0 - base) * (1.0 - us_watch).powf(hours)
}

/// Probability that an assembly at `p` is seen before the attack, by
/// ground-surveillance radars (GMTI) in range or by US-led monitoring
/// (`us_watch` per hour).
fn early_warning(
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
    1.0 - (1.0 - radar) * (1.0 - us_watch).powf(g.warning_hours)
}

/// Reserves that may reinforce sector `sec`, with the hours after the
/// battle starts that each joins, `decided_h` being when the order is given.
fn arrivals(s: &Scenario, d: &Deterrence, st: &Strategic, sec: usize, decided_h: f64) -> Vec<(usize, f64)> {
    let g = &d.file.ground;
    let to = st.sectors[sec].xy;
    st.reserves
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            st.present[usize::from(r.nation)] && d.caveats[usize::from(r.nation)] >= Rung::SupportCounterattack
        })
        .filter(|(_, r)| s.units[r.unit].nation == r.nation)
        .map(|(i, r)| {
            let km = r.xy.distance(to) / 1000.0 * g.road_factor;
            (i, (decided_h + g.notice_hours + km / r.speed_kmh.max(1.0)).max(0.0))
        })
        .filter(|(_, h)| *h < g.max_hours)
        .collect()
}

/// The battle a ground option would fight at sector `sec`.
/// `warned_h` is how long before the attack the defence was warned.
#[expect(clippy::too_many_arguments, reason = "the battle's inputs")]
fn battle_of(
    d: &Deterrence,
    st: &Strategic,
    sec: usize,
    size: f64,
    frontage_km: f64,
    attacker_quality: f64,
    warned_h: f64,
    joins: &[(usize, f64)],
) -> Battle {
    let g = &d.file.ground;
    let s = &st.sectors[sec];
    let lead = if g.warning_hours > 0.0 { (warned_h / g.warning_hours).clamp(0.0, 1.0) } else { 0.0 };
    let engaged = (frontage_km / g.sector_km * (1.0 + (g.warned_concentration - 1.0) * lead)).min(1.0);
    let mut defenders = vec![Defender { reserve: None, power: s.power * engaged, quality: s.quality, joins_h: 0.0 }];
    defenders.extend(joins.iter().map(|&(i, h)| Defender {
        reserve: Some(i),
        power: st.reserves[i].power,
        quality: g.coalition_quality,
        joins_h: h,
    }));
    Battle { attacker: size, attacker_quality, terrain: s.terrain, defenders }
}

/// The defence Russia expects to meet at sector `sec` within a day: the
/// holders on its frontage, and the coalition's formations weighted by how
/// early in the day they could arrive.
fn defence_margin(s: &Scenario, d: &Deterrence, st: &Strategic, sec: usize, frontage_km: f64) -> f64 {
    let g = &d.file.ground;
    let r = &d.file.response;
    let x = &st.sectors[sec];
    let holders = x.power * (frontage_km / g.sector_km).min(1.0) * x.quality * x.terrain;
    let delays = r.attribution_hours + r.decision_hours + r.action_hours;
    let reserves: f64 = arrivals(s, d, st, sec, delays)
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
fn ground_estimate(
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
    let delays = r.attribution_hours + r.decision_hours + r.action_hours;
    // Expected head start from early warning (detection at a uniform time
    // during assembly when seen).
    let decided_h = delays - warning * g.warning_hours / 2.0;
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

fn standard_normal(rng: &mut SimRng) -> f64 {
    // Box-Muller.
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn neutral_near(s: &Scenario, p: Xy, radius_m: f64) -> bool {
    s.units.iter().any(|u| {
        let n = &s.nations[usize::from(u.nation)];
        n.side == Side::ThirdParty && n.participates && u.xy.distance(p) <= radius_m
    })
}

/// The coalition's main hub (its headquarters, else its largest ground
/// formation) and its nation: where grey-zone sabotage strikes.
fn hub(s: &Scenario) -> (Xy, Option<NationId>) {
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

fn ukraine(s: &Scenario) -> NationId {
    s.nations.iter().position(|n| n.side == Side::Ukraine).unwrap_or(0) as NationId
}

fn ru(s: &Scenario) -> NationId {
    let russia = |n: &&crate::config::Nation| n.side == Side::Russia && n.participates;
    let i = s
        .nations
        .iter()
        .position(|n| russia(&n) && n.code == "RU")
        .or_else(|| s.nations.iter().position(|n| russia(&n)));
    i.unwrap_or(0) as NationId
}

/// Follows the raids Russia chose: which threats are theirs, the first
/// detection, and when the last threat has ended. Also takes military
/// casualties from every impact for domestic politics.
#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn follow_raids(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut rng: ResMut<DeterrenceRng>,
    mut launched: MessageReader<ThreatLaunched>,
    mut detected: MessageReader<ThreatDetected>,
    mut engaged: MessageReader<Engaged>,
    mut diverted: MessageReader<ThreatDiverted>,
    mut impacts: MessageReader<ThreatImpact>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else {
        // Keep the readers' cursors moving; nothing to follow.
        launched.clear();
        detected.clear();
        engaged.clear();
        diverted.clear();
        impacts.clear();
        return;
    };
    let now = clock.seconds() as f64;
    let cohesion = st.cohesion();
    for m in launched.read() {
        if let Some(&b) = st.raid_breach.get(&m.raid) {
            st.threat_breach.insert(m.threat.0, b);
        }
    }
    for m in detected.read() {
        if let Some(&b) = st.threat_breach.get(&m.threat.0)
            && st.breaches[b].detected_s.is_none()
        {
            st.push(now, Due::Detected(b));
            respond(&mut st, d, &mut rng.response, b, now, cohesion);
        }
    }
    let mut ends: Vec<(u32, bool)> = Vec::new();
    ends.extend(engaged.read().filter(|m| m.killed).map(|m| (m.threat.0, false)));
    ends.extend(diverted.read().map(|m| (m.threat.0, false)));
    for m in impacts.read() {
        ends.push((m.threat.0, true));
        if let Some((nation, n)) = m.military_casualties {
            st.killed[usize::from(nation)] += f64::from(n) * d.file.ground.killed_share;
        }
    }
    for (threat, hit) in ends {
        let Some(b) = st.threat_breach.remove(&threat) else { continue };
        let br = &mut st.breaches[b];
        br.ended += 1;
        br.impacts += u32::from(hit);
        if br.ended >= br.threats && !br.over {
            br.over = true;
            let succeeded = br.impacts > 0;
            let detail = format!("{} of {} threats hit", br.impacts, br.threats);
            st.push(now, Due::Ended { breach: b, outcome: Outcome { succeeded, detail, ..Outcome::default() } });
        }
    }
}

/// Applies what is due: detections, responses (and what Russia learns from
/// them), reinforcements arriving, and outcomes.
fn settle(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let end_s = (clock.seconds() + u64::from(clock.tick_seconds)) as f64;
    let mut due: Vec<(f64, u64, Due)> = Vec::new();
    let mut keep = Vec::new();
    for x in std::mem::take(&mut st.due) {
        if x.0 < end_s { due.push(x) } else { keep.push(x) }
    }
    st.due = keep;
    due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let a = &d.file.adversary;
    for (at_s, _, what) in due {
        match what {
            Due::Detected(b) => {
                let br = &st.breaches[b];
                let o = &a.options[br.option];
                let hours = (at_s - br.decided_s) / 3600.0;
                out.write(DeterrenceEvent {
                    counts: vec![
                        ("breaches.detected".into(), 1.0),
                        ("breaches.time_to_detection_h.sum".into(), hours.max(0.0)),
                    ],
                    ..event(
                        "breach_detected",
                        None,
                        Some(br.at),
                        format!("{} detected {hours:.1} h after the decision", o.name),
                    )
                });
            }
            Due::Responded(b) => {
                let br = st.breaches[b].clone();
                let o = &a.options[br.option];
                // Did the coalition do what its doctrine promised? A full
                // answer is 1, a capped one less, none 0.
                let severity = d.file.response.severity.of(br.rung);
                let promised = d.file.response.severity.of(o.kind.doctrine()).max(1e-9);
                if br.attributed {
                    let seen = if br.answered { (severity / promised).min(1.0) } else { 0.0 };
                    st.resolve = adversary::learn(st.resolve, seen, a.learning_rate);
                }
                if br.answered {
                    st.successes += 1.0;
                }
                let hours = (at_s - br.detected_s.unwrap_or(at_s)) / 3600.0;
                let (kind, counts, detail) = if br.answered {
                    (
                        "response",
                        vec![("breaches.answered".into(), 1.0), ("response.time_h.sum".into(), hours)],
                        format!("{}: the coalition answers ({}), {hours:.1} h after detection", o.name, br.rung.key()),
                    )
                } else {
                    let why = if br.attributed { "attributed but left unanswered" } else { "not attributed" };
                    ("unanswered", vec![("breaches.unanswered".into(), 1.0)], format!("{}: {why}", o.name))
                };
                out.write(DeterrenceEvent { counts, ..event(kind, d.lead.first().copied(), Some(br.at), detail) });
            }
            Due::Joined { breach, unit } => {
                let u = &s.units[unit];
                let br = &st.breaches[breach];
                let hours = (at_s - br.detected_s.unwrap_or(br.decided_s)) / 3600.0;
                out.write(DeterrenceEvent {
                    counts: vec![
                        ("response.reinforcements".into(), 1.0),
                        ("response.reinforcement_h.sum".into(), hours),
                    ],
                    ..event(
                        "reinforcement",
                        Some(u.nation),
                        Some(st.breaches[breach].at),
                        format!("{} joins the fight, {hours:.1} h after detection", u.id),
                    )
                });
            }
            Due::Ended { breach, outcome } => {
                let br = st.breaches[breach].clone();
                let o = &a.options[br.option];
                st.breaches[breach].over = true;
                st.detect[br.option].record(br.detected_s.is_some());
                st.success[br.option].record(outcome.succeeded);
                if !outcome.succeeded {
                    st.successes += 1.0;
                }
                let state = if outcome.succeeded { "succeeded" } else { "repelled" };
                let mut counts = vec![
                    (format!("breaches.{state}"), 1.0),
                    (format!("breaches.{state}.kind.{}", o.kind.key()), 1.0),
                    ("ground.territory_km2".into(), outcome.territory_km2),
                    ("ground.russian_losses".into(), outcome.russian_losses),
                ];
                let killed_share = d.file.ground.killed_share;
                for &(nation, n) in &outcome.casualties {
                    let n = n.round();
                    if n <= 0.0 {
                        continue;
                    }
                    let code = &s.nations[usize::from(nation)].code;
                    st.killed[usize::from(nation)] += n * killed_share;
                    counts.push(("casualties.military".into(), n));
                    counts.push((format!("casualties.military.nation.{code}"), n));
                }
                st.territory_km2 += outcome.territory_km2;
                st.russian_losses += outcome.russian_losses;
                if let Some(sec) = br.sector {
                    st.sectors[sec].power = (st.sectors[sec].power - outcome.sector_loss).max(0.0);
                }
                for &(ri, lost) in &outcome.reserve_loss {
                    st.reserves[ri].power = (st.reserves[ri].power - lost).max(0.0);
                }
                out.write(DeterrenceEvent {
                    counts,
                    ..event(
                        if outcome.succeeded { "breach_succeeded" } else { "breach_repelled" },
                        None,
                        Some(br.at),
                        format!("{}: {}", o.name, outcome.detail),
                    )
                });
            }
        }
    }
}

/// The day's state: cohesion, credibility, support, Ukrainian strength.
fn report_day(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    st: Res<Strategic>,
    mut out: MessageWriter<DeterrenceDay>,
) {
    let s = &scenario.0;
    if config(s).is_none() {
        return;
    }
    let mut values = vec![
        ("deterrence.cohesion".to_string(), st.cohesion()),
        ("deterrence.credibility".to_string(), st.resolve * st.cohesion()),
        ("deterrence.resolve_belief".to_string(), st.resolve),
        ("ground.ukrainian_strength".to_string(), st.ukrainian_strength()),
        ("ground.territory_km2_total".to_string(), st.territory_km2),
        (
            "politics.first_withdrawal_day".to_string(),
            st.first_withdrawal_day
                .unwrap_or((clock.seconds() + u64::from(clock.tick_seconds)) as f64 / SECONDS_PER_DAY as f64),
        ),
    ];
    for (i, n) in s.nations.iter().enumerate() {
        if st.pledged.get(i).copied().unwrap_or(false) {
            values.push((format!("politics.support.nation.{}", n.code), st.support[i]));
        }
        if killed_reported(n.side) {
            // Every source: raids, ground fighting, sabotage (what support reads).
            values.push((format!("casualties.killed.nation.{}", n.code), st.killed.get(i).copied().unwrap_or(0.0)));
        }
    }
    out.write(DeterrenceDay { values });
}

/// Sides whose killed the run reports.
fn killed_reported(side: Side) -> bool {
    matches!(side, Side::Coalition | Side::UnitedStates | Side::Ukraine)
}

/// Every metric name the strategic layer reports for `scenario`.
pub fn metric_names(scenario: &Scenario) -> Vec<String> {
    let Some(_) = config(scenario) else { return Vec::new() };
    let mut out = Vec::new();
    for stat in ["attempted", "deterred", "succeeded", "repelled"] {
        out.push(format!("breaches.{stat}"));
        out.extend(BreachKind::ALL.iter().map(|k| format!("breaches.{stat}.kind.{}", k.key())));
    }
    for k in [
        "breaches.detected",
        "breaches.answered",
        "breaches.unanswered",
        "breaches.time_to_detection_h.mean",
        "response.time_h.mean",
        "response.reinforcements",
        "response.reinforcement_h.mean",
        "deterrence.cohesion",
        "deterrence.credibility",
        "deterrence.resolve_belief",
        "politics.withdrawals",
        "politics.first_withdrawal_day",
        "politics.us_approved",
        "ground.ukrainian_strength",
        "ground.brigades_formed",
        "ground.territory_km2",
        "ground.territory_km2_total",
        "ground.russian_losses",
    ] {
        out.push(k.to_string());
    }
    for n in &scenario.nations {
        if matches!(n.side, Side::Coalition | Side::UnitedStates) {
            out.push(format!("politics.support.nation.{}", n.code));
            out.push(format!("politics.withdrawn.nation.{}", n.code));
        }
        if killed_reported(n.side) {
            out.push(format!("casualties.killed.nation.{}", n.code));
        }
    }
    out
}
