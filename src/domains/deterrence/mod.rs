//! deterrence: the strategic layer. Russia decides each day whether and how
//! to breach the ceasefire ([`adversary`]; what each kind of breach then does
//! is in `breaches`); the coalition detects, attributes
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
mod breaches;
pub mod ground;
pub mod politics;
pub mod response;

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use crate::config::deterrence::{BreachKind, Deterrence, Rung};
use crate::config::file::Side;
use crate::config::{NationId, Scenario};
use crate::domains::threats::plan::Launchers;
use crate::geo::projection::Xy;
use crate::sim::clock::SECONDS_PER_DAY;
use crate::sim::components::{ScenarioData, StoodDown};
use crate::sim::rng::SimRng;
use crate::sim::{Every, Phase, SimApp, SimClock, TickSet};
use adversary::{Tally, decide};
use ground::{Reserve, Sector};
use politics::{daily_politics, start};
use response::{follow_raids, settle};

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
    /// When the pending US offer is approved, s (`None`: nothing pending,
    /// either approved already or never).
    pub us_pending_s: Option<f64>,
    /// Sectors of the contact line.
    pub sectors: Vec<Sector>,
    /// The deterrent ground force.
    pub reserves: Vec<Reserve>,
    /// Ground Russia has taken, km².
    pub territory_km2: f64,
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

/// True while the US takes part (the US nations are recorded at the start).
fn us_present(st: &Strategic) -> bool {
    st.us_nations.iter().any(|&i| st.present.get(i).copied().unwrap_or(false))
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
