//! metrics: what happened, counted from messages only.
//!
//! Phase: Measure. Reads: every domain's messages. Owns: [`EventLog`],
//! [`Tallies`], [`DailySeries`]. Nothing else reads these during a run;
//! [`collect`] turns them into the plain data of a `RunResult`.
//!
//! Every metric name a scenario can produce is set to zero at the start, so all
//! runs of one scenario report the same names (batches tabulate them). The
//! daily series holds each day's flows (threats launched, destroyed, leaked,
//! interceptors fired, casualties) and the state at the day's end.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::config::catalog::ThreatClass;
use crate::config::file::Side;
use crate::domains::air_defense::Engaged;
use crate::domains::deterrence::{DeterrenceDay, DeterrenceEvent};
use crate::domains::forces::{UnitDeployed, UnitWithheld};
use crate::domains::patrols::{PatrolChanged, PatrolDay, PatrolPlanned};
use crate::domains::sensing::ThreatDetected;
use crate::domains::threats::targets::TargetClass;
use crate::domains::threats::{RaidBegan, ThreatDiverted, ThreatImpact, ThreatLaunched};
use crate::geo::projection::{self, Xy};
use crate::results::{DayRecord, EventRecord};
use crate::sim::clock::SECONDS_PER_DAY;
use crate::sim::components::{ScenarioData, UnitId};
use crate::sim::{Every, Phase, SimApp, SimClock, TickSet};

/// The event log, in the order events happened.
#[derive(Resource, Debug, Default)]
pub struct EventLog(pub Vec<EventRecord>);

/// Running totals by metric name.
#[derive(Resource, Debug, Default)]
pub struct Tallies(pub BTreeMap<String, f64>);

/// One row per simulated day.
#[derive(Resource, Debug, Default)]
pub struct DailySeries(pub Vec<DayRecord>);

/// Totals at the end of the previous day, for daily flows, and today's
/// patrol averages.
#[derive(Resource, Debug, Default)]
struct DayMarks {
    previous: BTreeMap<String, f64>,
    patrol_day: Option<(f64, f64)>,
    patrol_days: (f64, f64, f64),
    /// The strategic layer's state at the latest day's end.
    strategic: Vec<(String, f64)>,
}

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricsSystems {
    /// Messages become events and tallies.
    Record,
    /// The end-of-day snapshot.
    Snapshot,
}

/// Registers the metrics domain.
pub fn register(app: &mut SimApp) {
    let end_of_day = app.cadence(Every::Day, Phase::End);
    app.insert_resource(EventLog::default())
        .insert_resource(Tallies::default())
        .insert_resource(DailySeries::default())
        .insert_resource(DayMarks::default())
        .add_systems(
            (
                (init_names, record_deployments, record_threats, record_engagements, record_patrols, record_deterrence)
                    .chain()
                    .in_set(MetricsSystems::Record),
                snapshot_day.run_if(end_of_day).in_set(MetricsSystems::Snapshot),
            )
                .chain()
                .in_set(TickSet::Measure),
        );
}

const THREAT_STATS: [&str; 6] = ["launched", "detected", "engaged", "destroyed", "diverted", "leaked"];

/// Flows reported per day in the time series besides the threat counts
/// (which are reported in total and by class).
const DAILY_FLOWS: [&str; 8] = [
    "interceptors.used",
    "interceptors.cost_usd",
    "casualties.civilian",
    "casualties.military",
    "breaches.attempted",
    "breaches.deterred",
    "breaches.succeeded",
    "breaches.repelled",
];

/// The strategic state reported at each day's end (zero without a
/// `deterrence` section).
const DAILY_STATE: [&str; 5] = [
    "deterrence.cohesion",
    "deterrence.credibility",
    "ground.ukrainian_strength",
    "ground.territory_km2_total",
    "politics.first_withdrawal_day",
];

/// The daily series every run reports whatever its scenario: each flow as
/// `day.<flow>` and the airframes and hulls on station. Batches keep these
/// per replication to draw time series with confidence bands.
pub fn daily_series_names() -> Vec<String> {
    let mut out: Vec<String> = daily_flows().into_iter().map(|f| format!("day.{f}")).collect();
    out.push("patrols.airframes_on_station".into());
    out.push("patrols.hulls_on_station".into());
    out.extend(DAILY_STATE.iter().map(|k| k.to_string()));
    out
}

/// Every flow of the time series: the threat counts in total and by class,
/// then [`DAILY_FLOWS`].
fn daily_flows() -> Vec<String> {
    let mut out = Vec::new();
    for stat in THREAT_STATS {
        out.push(format!("threats.{stat}"));
        out.extend(ThreatClass::ALL.iter().map(|c| format!("threats.{stat}.{}", c.key())));
    }
    out.extend(DAILY_FLOWS.iter().map(|f| f.to_string()));
    out
}

fn blue(scenario: &Scenario) -> Vec<&str> {
    scenario
        .nations
        .iter()
        .filter(|n| matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates))
        .map(|n| n.code.as_str())
        .collect()
}

/// The names every run of `scenario` reports, all zero.
pub fn metric_names(scenario: &Scenario) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    let mut put = |k: String| {
        m.insert(k, 0.0);
    };
    for base in ["units.deployed", "units.ready", "units.withheld", "personnel.deployed"] {
        put(base.to_string());
        for n in &scenario.nations {
            put(format!("{base}.side.{}", n.side.key()));
            put(format!("{base}.nation.{}", n.code));
        }
    }
    for u in &scenario.units {
        put(format!("units.deployed.kind.{}", u.system.kind().key()));
    }
    for stat in THREAT_STATS {
        put(format!("threats.{stat}"));
        for class in ThreatClass::ALL {
            put(format!("threats.{stat}.{}", class.key()));
        }
    }
    for k in [
        "threats.unlaunched",
        "threats.in_flight_at_end",
        "raids",
        "interceptors.used",
        "interceptors.cost_usd",
        "casualties.civilian",
        "casualties.military",
    ] {
        put(k.to_string());
    }
    for code in blue(scenario) {
        put(format!("interceptors.used.nation.{code}"));
        put(format!("interceptors.cost_usd.nation.{code}"));
        put(format!("casualties.military.nation.{code}"));
    }
    for t in TargetClass::ALL {
        put(format!("damage.hits.{}", t.key()));
        put(format!("damage.warhead_kg.{}", t.key()));
    }
    for k in [
        "time.launch_to_detection_s.mean",
        "time.launch_to_detection_s.count",
        "time.launch_to_engagement_s.mean",
        "time.launch_to_engagement_s.count",
        "patrols.airframes_required",
        "patrols.airframes_available",
        "patrols.hulls_required",
        "patrols.hulls_available",
        "patrols.airframes_on_station.mean",
        "patrols.hulls_on_station.mean",
    ] {
        put(k.to_string());
    }
    for k in crate::domains::deterrence::metric_names(scenario) {
        put(k);
    }
    m
}

fn init_names(scenario: Res<ScenarioData>, mut tallies: ResMut<Tallies>, mut done: Local<bool>) {
    if !*done {
        *done = true;
        tallies.0 = metric_names(&scenario.0);
    }
}

fn add(t: &mut Tallies, key: &str, by: f64) {
    *t.0.entry(key.to_string()).or_default() += by;
}

fn add_split(t: &mut Tallies, base: &str, side: &str, code: &str, by: f64) {
    add(t, base, by);
    add(t, &format!("{base}.side.{side}"), by);
    add(t, &format!("{base}.nation.{code}"), by);
}

fn add_class(t: &mut Tallies, stat: &str, class: ThreatClass) {
    add(t, &format!("threats.{stat}"), 1.0);
    add(t, &format!("threats.{stat}.{}", class.key()), 1.0);
}

fn record_deployments(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut deployed: MessageReader<UnitDeployed>,
    mut withheld: MessageReader<UnitWithheld>,
    mut log: ResMut<EventLog>,
    mut tallies: ResMut<Tallies>,
) {
    let s = &scenario.0;
    for m in deployed.read() {
        let (side, code, kind, personnel) = unit_keys(s, m.unit);
        let detail = if m.ready { "ready" } else { "not ready" };
        log.0.push(unit_event(&clock, s, m.unit.0 as usize, "deployed", detail.into(), None));
        add_split(&mut tallies, "units.deployed", &side, &code, 1.0);
        add_split(&mut tallies, "personnel.deployed", &side, &code, personnel);
        add(&mut tallies, &format!("units.deployed.kind.{kind}"), 1.0);
        if m.ready {
            add_split(&mut tallies, "units.ready", &side, &code, 1.0);
        }
    }
    for m in withheld.read() {
        let (side, code, _, _) = unit_keys(s, m.unit);
        log.0.push(unit_event(&clock, s, m.unit.0 as usize, "withheld", "nation does not participate".into(), None));
        add_split(&mut tallies, "units.withheld", &side, &code, 1.0);
    }
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn record_threats(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut raids: MessageReader<RaidBegan>,
    mut launched: MessageReader<ThreatLaunched>,
    mut detected: MessageReader<ThreatDetected>,
    mut diverted: MessageReader<ThreatDiverted>,
    mut impacts: MessageReader<ThreatImpact>,
    mut log: ResMut<EventLog>,
    mut tallies: ResMut<Tallies>,
) {
    let s = &scenario.0;
    for r in raids.read() {
        add(&mut tallies, "raids", 1.0);
        add(&mut tallies, "threats.unlaunched", f64::from(r.unlaunched));
        let detail = format!(
            "raid {} ({}): {} threats drawn, {} without launcher or target",
            r.raid, r.stream, r.size, r.unlaunched
        );
        log.0.push(threat_event(&clock, "raid", "", "", None, detail));
    }
    for m in launched.read() {
        add_class(&mut tallies, "launched", m.class);
        let launcher = &s.units[m.launcher as usize].id;
        let detail = format!("{} from {launcher}, raid {}", m.type_name, m.raid);
        log.0.push(threat_event(
            &clock,
            "launched",
            &format!("threat-{}", m.threat.0),
            &m.type_name,
            Some(m.at),
            detail,
        ));
    }
    for m in detected.read() {
        add_class(&mut tallies, "detected", m.class);
        add(&mut tallies, "time.launch_to_detection_s.sum", m.after_launch_s);
        add(&mut tallies, "time.launch_to_detection_s.count", 1.0);
        let detail = format!("{:.0} min after launch, seen by {}", m.after_launch_s / 60.0, m.seen_by);
        log.0.push(threat_event(
            &clock,
            "detected",
            &format!("threat-{}", m.threat.0),
            m.class.key(),
            Some(m.at),
            detail,
        ));
    }
    for m in diverted.read() {
        add_class(&mut tallies, "diverted", m.class);
        log.0.push(threat_event(
            &clock,
            "diverted",
            &format!("threat-{}", m.threat.0),
            m.class.key(),
            Some(m.at),
            "lost to electronic warfare".into(),
        ));
    }
    for m in impacts.read() {
        add_class(&mut tallies, "leaked", m.class);
        add(&mut tallies, &format!("damage.hits.{}", m.target_class.key()), 1.0);
        add(&mut tallies, &format!("damage.warhead_kg.{}", m.target_class.key()), m.warhead_kg);
        add(&mut tallies, "casualties.civilian", f64::from(m.civilian_casualties));
        let mut detail =
            format!("hit {} ({}): {} civilian casualties", m.target_name, m.target_class.key(), m.civilian_casualties);
        if let Some((nation, n)) = m.military_casualties {
            let code = &s.nations[usize::from(nation)].code;
            add(&mut tallies, "casualties.military", f64::from(n));
            add(&mut tallies, &format!("casualties.military.nation.{code}"), f64::from(n));
            detail.push_str(&format!(", {n} military casualties ({code})"));
        }
        log.0.push(threat_event(
            &clock,
            "impact",
            &format!("threat-{}", m.threat.0),
            m.class.key(),
            Some(m.at),
            detail,
        ));
    }
}

fn record_engagements(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut engaged: MessageReader<Engaged>,
    mut log: ResMut<EventLog>,
    mut tallies: ResMut<Tallies>,
) {
    let s = &scenario.0;
    for m in engaged.read() {
        let code = &s.nations[usize::from(m.nation)].code;
        add(&mut tallies, "interceptors.used", f64::from(m.shots));
        add(&mut tallies, "interceptors.cost_usd", m.cost_usd);
        add(&mut tallies, &format!("interceptors.used.nation.{code}"), f64::from(m.shots));
        add(&mut tallies, &format!("interceptors.cost_usd.nation.{code}"), m.cost_usd);
        if m.first {
            add_class(&mut tallies, "engaged", m.class);
            add(&mut tallies, "time.launch_to_engagement_s.sum", m.after_launch_s);
            add(&mut tallies, "time.launch_to_engagement_s.count", 1.0);
        }
        if m.killed {
            add_class(&mut tallies, "destroyed", m.class);
        }
        let detail = format!(
            "threat-{} ({}): {} shot(s), {}",
            m.threat.0,
            m.class.key(),
            m.shots,
            if m.killed { "destroyed" } else { "missed" }
        );
        log.0.push(unit_event(&clock, s, m.shooter as usize, "engaged", detail, Some(m.at)));
    }
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
fn record_patrols(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut planned: MessageReader<PatrolPlanned>,
    mut changed: MessageReader<PatrolChanged>,
    mut days: MessageReader<PatrolDay>,
    mut marks: ResMut<DayMarks>,
    mut log: ResMut<EventLog>,
    mut tallies: ResMut<Tallies>,
) {
    let s = &scenario.0;
    for p in planned.read() {
        let (req, avail) = if p.kind == crate::config::air_war::PatrolKind::Naval {
            ("patrols.hulls_required", "patrols.hulls_available")
        } else {
            ("patrols.airframes_required", "patrols.airframes_available")
        };
        add(&mut tallies, req, f64::from(p.required));
        add(&mut tallies, avail, f64::from(p.available));
        let detail = format!(
            "{:?} patrol: continuous cover needs {} platform(s), {} available, station filled {:.0} % of the time",
            p.kind,
            p.required,
            p.available,
            p.duty * 100.0
        );
        log.0.push(unit_event(&clock, s, p.unit, "patrol_planned", detail, None));
    }
    for c in changed.read() {
        let kind = if c.on { "on_station" } else { "off_station" };
        log.0.push(unit_event(&clock, s, c.unit, kind, String::new(), None));
    }
    for d in days.read() {
        marks.patrol_day = Some((d.airframes, d.hulls));
        marks.patrol_days.0 += d.airframes;
        marks.patrol_days.1 += d.hulls;
        marks.patrol_days.2 += 1.0;
    }
}

fn record_deterrence(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut events: MessageReader<DeterrenceEvent>,
    mut days: MessageReader<DeterrenceDay>,
    mut marks: ResMut<DayMarks>,
    mut log: ResMut<EventLog>,
    mut tallies: ResMut<Tallies>,
) {
    let s = &scenario.0;
    for e in events.read() {
        for (k, v) in &e.counts {
            add(&mut tallies, k, *v);
        }
        let nation = e.nation.map(|n| &s.nations[usize::from(n)]);
        let p = e.at.map(projection::inverse);
        log.0.push(EventRecord {
            time_s: clock.seconds(),
            day: clock.day(),
            kind: e.kind.to_string(),
            unit: String::new(),
            unit_type: String::new(),
            nation: nation.map(|n| n.code.clone()).unwrap_or_default(),
            side: nation.map(|n| n.side.key().to_string()).unwrap_or_default(),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
            detail: e.detail.clone(),
        });
    }
    for d in days.read() {
        marks.strategic = d.values.clone();
        for (k, v) in &d.values {
            tallies.0.insert(k.clone(), *v);
        }
    }
}

fn unit_keys(s: &Scenario, id: UnitId) -> (String, String, &'static str, f64) {
    let u = &s.units[id.0 as usize];
    let n = &s.nations[usize::from(u.nation)];
    (n.side.key().to_string(), n.code.clone(), u.system.kind().key(), f64::from(u.system.personnel()))
}

fn unit_event(clock: &SimClock, s: &Scenario, unit: usize, kind: &str, detail: String, at: Option<Xy>) -> EventRecord {
    let u = &s.units[unit];
    let n = &s.nations[usize::from(u.nation)];
    let p = at.map(projection::inverse).unwrap_or(u.position);
    EventRecord {
        time_s: clock.seconds(),
        day: clock.day(),
        kind: kind.to_string(),
        unit: u.id.clone(),
        unit_type: u.type_name.clone(),
        nation: n.code.clone(),
        side: n.side.key().to_string(),
        lat: Some(p.lat),
        lon: Some(p.lon),
        detail,
    }
}

fn threat_event(
    clock: &SimClock,
    kind: &str,
    unit: &str,
    unit_type: &str,
    at: Option<Xy>,
    detail: String,
) -> EventRecord {
    let p = at.map(projection::inverse);
    EventRecord {
        time_s: clock.seconds(),
        day: clock.day(),
        kind: kind.to_string(),
        unit: unit.to_string(),
        unit_type: unit_type.to_string(),
        nation: if unit.is_empty() { String::new() } else { "RU".into() },
        side: if unit.is_empty() { String::new() } else { Side::Russia.key().into() },
        lat: p.map(|p| p.lat),
        lon: p.map(|p| p.lon),
        detail,
    }
}

fn snapshot_day(
    clock: Res<SimClock>,
    tallies: Res<Tallies>,
    mut marks: ResMut<DayMarks>,
    mut series: ResMut<DailySeries>,
) {
    let day = clock.seconds() / SECONDS_PER_DAY + 1;
    let mut values: BTreeMap<String, f64> = tallies
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("units.deployed") || k.starts_with("units.ready") || k.starts_with("personnel"))
        .filter(|(k, _)| !k.contains(".nation."))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    for flow in daily_flows() {
        let now = tallies.0.get(&flow).copied().unwrap_or(0.0);
        let before = marks.previous.insert(flow.clone(), now).unwrap_or(0.0);
        values.insert(format!("day.{flow}"), now - before);
    }
    let (air, sea) = marks.patrol_day.take().unwrap_or((0.0, 0.0));
    values.insert("patrols.airframes_on_station".into(), air);
    values.insert("patrols.hulls_on_station".into(), sea);
    for (k, v) in &marks.strategic {
        values.insert(k.clone(), *v);
    }
    series.0.push(DayRecord { day, values });
}

/// Takes the run's metrics, events and daily series out of the world.
pub fn collect(world: &mut World) -> (BTreeMap<String, f64>, Vec<EventRecord>, Vec<DayRecord>) {
    let mut tallies = std::mem::take(&mut world.resource_mut::<Tallies>().0);
    let events = std::mem::take(&mut world.resource_mut::<EventLog>().0);
    let series = std::mem::take(&mut world.resource_mut::<DailySeries>().0);
    let (air, sea, days) = world.resource::<DayMarks>().patrol_days;
    // Means from sums; the sums themselves are not reported.
    for base in ["time.launch_to_detection_s", "time.launch_to_engagement_s"] {
        let sum = tallies.remove(&format!("{base}.sum")).unwrap_or(0.0);
        let n = tallies.get(&format!("{base}.count")).copied().unwrap_or(0.0);
        tallies.insert(format!("{base}.mean"), if n > 0.0 { sum / n } else { 0.0 });
    }
    for (base, count) in [
        ("breaches.time_to_detection_h", "breaches.detected"),
        ("response.time_h", "breaches.answered"),
        ("response.reinforcement_h", "response.reinforcements"),
    ] {
        if let Some(sum) = tallies.remove(&format!("{base}.sum")) {
            let n = tallies.get(count).copied().unwrap_or(0.0);
            tallies.insert(format!("{base}.mean"), if n > 0.0 { sum / n } else { 0.0 });
        }
    }
    // Launched but neither destroyed, diverted nor arrived when the run ended.
    let mut flying = world.query_filtered::<(), With<crate::domains::threats::ThreatId>>();
    tallies.insert("threats.in_flight_at_end".into(), flying.iter(world).count() as f64);
    if days > 0.0 {
        tallies.insert("patrols.airframes_on_station.mean".into(), air / days);
        tallies.insert("patrols.hulls_on_station.mean".into(), sea / days);
    }
    (tallies, events, series)
}
