//! metrics: what happened, counted from messages only.
//!
//! Phase: Measure. Reads: every domain's messages. Owns: [`EventLog`],
//! [`Tallies`], [`DailySeries`]. Nothing else reads these during a run;
//! [`collect`] turns them into the plain data of a `RunResult`.
//!
//! Every metric name a scenario can produce is set to zero at the start, so all
//! runs of one scenario report the same names (batches tabulate them).

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::domains::forces::{UnitDeployed, UnitWithheld};
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
        .add_systems(
            (
                (init_names, record_deployments).chain().in_set(MetricsSystems::Record),
                snapshot_day.run_if(end_of_day).in_set(MetricsSystems::Snapshot),
            )
                .chain()
                .in_set(TickSet::Measure),
        );
}

/// The names every run of `scenario` reports, all zero.
pub fn metric_names(scenario: &Scenario) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    for base in ["units.deployed", "units.ready", "units.withheld", "personnel.deployed"] {
        m.insert(base.to_string(), 0.0);
        for n in &scenario.nations {
            m.insert(format!("{base}.side.{}", n.side.key()), 0.0);
            m.insert(format!("{base}.nation.{}", n.code), 0.0);
        }
    }
    for u in &scenario.units {
        m.insert(format!("units.deployed.kind.{}", u.system.kind().key()), 0.0);
    }
    m
}

fn init_names(scenario: Res<ScenarioData>, mut tallies: ResMut<Tallies>, mut done: Local<bool>) {
    if !*done {
        *done = true;
        tallies.0 = metric_names(&scenario.0);
    }
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
        log.0.push(unit_event(&clock, s, m.unit, "deployed", detail));
        add(&mut tallies, "units.deployed", &side, &code, 1.0);
        add(&mut tallies, "personnel.deployed", &side, &code, personnel);
        *tallies.0.entry(format!("units.deployed.kind.{kind}")).or_default() += 1.0;
        if m.ready {
            add(&mut tallies, "units.ready", &side, &code, 1.0);
        }
    }
    for m in withheld.read() {
        let (side, code, _, _) = unit_keys(s, m.unit);
        log.0.push(unit_event(&clock, s, m.unit, "withheld", "nation does not participate"));
        add(&mut tallies, "units.withheld", &side, &code, 1.0);
    }
}

fn add(t: &mut Tallies, base: &str, side: &str, code: &str, by: f64) {
    *t.0.entry(base.to_string()).or_default() += by;
    *t.0.entry(format!("{base}.side.{side}")).or_default() += by;
    *t.0.entry(format!("{base}.nation.{code}")).or_default() += by;
}

fn unit_keys(s: &Scenario, id: UnitId) -> (String, String, &'static str, f64) {
    let u = &s.units[id.0 as usize];
    let n = &s.nations[usize::from(u.nation)];
    (n.side.key().to_string(), n.code.clone(), u.system.kind().key(), f64::from(u.system.personnel()))
}

fn unit_event(clock: &SimClock, s: &Scenario, id: UnitId, kind: &str, detail: &str) -> EventRecord {
    let u = &s.units[id.0 as usize];
    let n = &s.nations[usize::from(u.nation)];
    EventRecord {
        time_s: clock.seconds(),
        day: clock.day(),
        kind: kind.to_string(),
        unit: u.id.clone(),
        unit_type: u.type_name.clone(),
        nation: n.code.clone(),
        side: n.side.key().to_string(),
        lat: Some(u.position.lat),
        lon: Some(u.position.lon),
        detail: detail.to_string(),
    }
}

fn snapshot_day(clock: Res<SimClock>, tallies: Res<Tallies>, mut series: ResMut<DailySeries>) {
    let day = clock.seconds() / SECONDS_PER_DAY + 1;
    let values = tallies
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("units.deployed") || k.starts_with("units.ready") || k.starts_with("personnel"))
        .filter(|(k, _)| !k.contains(".nation."))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    series.0.push(DayRecord { day, values });
}

/// Takes the run's metrics, events and daily series out of the world.
pub fn collect(world: &mut World) -> (BTreeMap<String, f64>, Vec<EventRecord>, Vec<DayRecord>) {
    let tallies = std::mem::take(&mut world.resource_mut::<Tallies>().0);
    let events = std::mem::take(&mut world.resource_mut::<EventLog>().0);
    let series = std::mem::take(&mut world.resource_mut::<DailySeries>().0);
    (tallies, events, series)
}
