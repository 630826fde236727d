//! Checks of the air and sea war: raids, patrols, zones and doctrine. Part of
//! `validate`; split out to keep each file to one subject.

use std::collections::BTreeMap;

use super::air_war::{AirWarFile, PatrolKind};
use super::catalog::{AircraftRole, Platform, SystemType, ThreatClass};
use super::doc::format_float;
use super::file::{ScenarioFile, Side};
use super::path::FieldPath;
use super::scenario::{AirWar, Patrol, Raid, UnitSpec};
use super::validate::Check;
use crate::geo::basemap::Basemap;
use crate::geo::grid::Grid;
use crate::geo::places::Gazetteer;
use crate::geo::projection::{self, LatLon, great_circle_km};
use crate::geo::vector::Polygon;

/// Black Sea littoral states, not bound by Montreux's 21 days.
pub const LITTORAL: [&str; 6] = ["BG", "GE", "RO", "RU", "TR", "UA"];

/// Checks the air war and builds its checked form.
pub fn air_war(
    file: &ScenarioFile,
    units: &[UnitSpec],
    nations: &[super::Nation],
    catalog: &BTreeMap<String, SystemType>,
    places: &Gazetteer,
    grid: &Grid,
    c: &mut Check<'_>,
) -> AirWar {
    let root = FieldPath::root();
    let doctrine = doctrine(&file.air_war, &root.key("air_war"), c);
    let raids = file
        .raids
        .iter()
        .enumerate()
        .filter_map(|(i, r)| raid(r, &root.key("raids").index(i), units, nations, catalog, places, c))
        .collect();
    let patrols = file
        .patrols
        .iter()
        .enumerate()
        .filter_map(|(i, p)| patrol(p, &root.key("patrols").index(i), units, nations, &doctrine, places, grid, c))
        .collect();
    let zp = root.key("zones").key("no_fly_zone");
    let no_fly_zone = if file.zones.no_fly_zone.is_empty() {
        None
    } else if file.zones.no_fly_zone.len() < 3 {
        c.fail(&zp, format!("no_fly_zone has {} point(s): a zone needs at least 3", file.zones.no_fly_zone.len()));
        None
    } else {
        let pts: Vec<_> = file
            .zones
            .no_fly_zone
            .iter()
            .enumerate()
            .filter_map(|(i, p)| c.position(&zp.index(i), p, places))
            .map(|(p, _)| projection::forward(p))
            .collect();
        (pts.len() == file.zones.no_fly_zone.len()).then(|| Polygon::new(vec![pts])).flatten()
    };
    AirWar { raids, patrols, no_fly_zone, doctrine }
}

fn doctrine(d: &AirWarFile, p: &FieldPath, c: &mut Check<'_>) -> AirWarFile {
    c.probability(&p.key("detection_pd"), d.detection_pd);
    c.range(&p.key("track_delay_seconds"), d.track_delay_seconds, 0.0, 86_400.0, "seconds from 0 to 86400");
    c.count(&p.key("engagements_per_threat"), d.engagements_per_threat, 1, 20);
    c.range(&p.key("engagement_cycle_seconds"), d.engagement_cycle_seconds, 1.0, 86_400.0, "seconds from 1 to 86400");
    c.range(&p.key("reserve_loads"), d.reserve_loads, 0.0, 1000.0, "magazine loads from 0 to 1000");
    c.range(&p.key("resupply_loads_per_day"), d.resupply_loads_per_day, 0.0, 1000.0, "magazine loads from 0 to 1000");
    for class in ThreatClass::ALL {
        if let Some(v) = d.ew_divert.get(class) {
            c.probability(&p.key("ew_divert").key(class.key()), *v);
        }
    }
    c.probability(&p.key("observer_network_pd"), d.observer_network_pd);
    c.positive(&p.key("montreux_days"), d.montreux_days);
    let cp = p.key("casualties_per_100kg");
    c.non_negative(&cp.key("city"), d.casualties_per_100kg.city);
    c.non_negative(&cp.key("infrastructure"), d.casualties_per_100kg.infrastructure);
    c.non_negative(&cp.key("military"), d.casualties_per_100kg.military);
    d.clone()
}

fn raid(
    r: &super::air_war::RaidFile,
    p: &FieldPath,
    units: &[UnitSpec],
    nations: &[super::Nation],
    catalog: &BTreeMap<String, SystemType>,
    places: &Gazetteer,
    c: &mut Check<'_>,
) -> Option<Raid> {
    c.range(&p.key("per_day"), r.per_day, 0.0, 1000.0, "raids per day from 0 to 1000");
    c.non_negative(&p.key("from_day"), r.from_day);
    c.range(&p.key("hour"), r.hour, 0.0, 24.0, "an hour of the day from 0 to 24");
    c.range(&p.key("spread_hours"), r.spread_hours, 0.0, 24.0, "hours from 0 to 24");
    c.range(&p.key("size").key("mean"), r.size.mean, 0.0, 100_000.0, "a mean number of threats from 0 to 100000");
    if r.size.mean.is_finite() && r.size.mean <= 0.0 {
        c.fail(&p.key("size").key("mean"), "size.mean must be greater than 0: a raid launches something".into());
    }
    c.positive(&p.key("size").key("shape"), r.size.shape);
    if r.mix.is_empty() {
        c.fail(
            &p.key("mix"),
            "mix is empty: name at least one threat type and its share, e.g. {\"shahed_136\": 1.0}".into(),
        );
        return None;
    }
    let threat_names: Vec<&str> =
        catalog.iter().filter(|(_, t)| matches!(t, SystemType::Threat(_))).map(|(k, _)| k.as_str()).collect();
    // Threat types Russia's participating launchers carry.
    let mut carried: BTreeMap<&str, u32> = BTreeMap::new();
    for u in units {
        let n = &nations[usize::from(u.nation)];
        if n.side == Side::Russia
            && n.participates
            && let SystemType::Launcher(l) = &*u.system
        {
            for (m, count) in &l.munitions {
                *carried.entry(m.as_str()).or_default() += count;
            }
        }
    }
    let mut total = 0.0;
    let mut mix = Vec::new();
    for (name, share) in &r.mix {
        let mp = p.key("mix").key(name.clone());
        if !matches!(catalog.get(name), Some(SystemType::Threat(_))) {
            c.unknown_name(&mp, name, "threat type", threat_names.clone());
            continue;
        }
        c.non_negative(&mp, *share);
        if *share > 0.0 && !carried.contains_key(name.as_str()) {
            c.fail(&mp, format!("no participating Russian launcher unit carries {name:?}: add a `Launcher` unit whose munitions include it"));
        }
        if share.is_finite() && *share > 0.0 {
            total += share;
            mix.push((name.clone(), *share));
        }
    }
    if total <= 0.0 && !r.mix.is_empty() {
        c.fail(&p.key("mix"), "every share in mix is 0: give at least one threat type a positive share".into());
        return None;
    }
    for m in &mut mix {
        m.1 /= total;
    }
    let t = &r.targets;
    let tp = p.key("targets");
    for (k, v) in
        [("city", t.city), ("energy", t.energy), ("port", t.port), ("airbase", t.airbase), ("military", t.military)]
    {
        c.non_negative(&tp.key(k), v);
    }
    let mut target_places = Vec::new();
    for (i, name) in t.places.iter().enumerate() {
        match places.find(name) {
            Some(pl) => target_places.push(pl.position),
            None => c.unknown_name(&tp.key("places").index(i), name, "place in assets/geo/places.csv", places.names()),
        }
    }
    if t.places.is_empty() && t.city + t.energy + t.port + t.airbase + t.military <= 0.0 {
        c.fail(&tp, "every target weight is 0: give at least one class a positive weight".into());
    }
    Some(Raid {
        name: r.name.clone(),
        per_day: r.per_day,
        from_day: r.from_day,
        hour: r.hour,
        spread_hours: r.spread_hours,
        size_mean: r.size.mean,
        size_shape: r.size.shape,
        mix,
        targets: t.clone(),
        target_places,
        avoid_coverage: r.avoid_coverage,
    })
}

/// Where warships from outside enter the Black Sea: the Bosporus's northern mouth.
const BOSPORUS: LatLon = LatLon { lat: 41.23, lon: 29.12 };

#[expect(clippy::too_many_arguments, reason = "one check with its context; a struct would only rename them")]
fn patrol(
    pf: &super::air_war::PatrolFile,
    p: &FieldPath,
    units: &[UnitSpec],
    nations: &[super::Nation],
    doctrine: &AirWarFile,
    places: &Gazetteer,
    grid: &Grid,
    c: &mut Check<'_>,
) -> Option<Patrol> {
    let Some(unit) = units.iter().position(|u| u.id == pf.unit) else {
        let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        c.unknown_name(&p.key("unit"), &pf.unit, "unit with this id", ids);
        return None;
    };
    let u = &units[unit];
    c.count(&p.key("on_station"), pf.on_station, 1, 100);
    c.range(&p.key("turnaround_hours"), pf.turnaround_hours, 0.0, 1440.0, "hours from 0 to 1440 (60 days)");
    // What the unit is and what it can do.
    let (speed_kmh, endurance_h, ceiling_m, available) = match (&*u.system, pf.kind) {
        (SystemType::Aircraft(a), PatrolKind::Cap) if a.role == AircraftRole::Fighter => {
            (a.cruise_speed_kmh, a.endurance_hours, a.ceiling_m, a.aircraft_per_unit)
        }
        (SystemType::Sensor(s), PatrolKind::Orbit) if s.platform == Platform::Airborne => {
            (s.speed_kmh, s.endurance_hours, s.altitude_m.max(1000.0) * 1.5, 1)
        }
        (SystemType::Ship(s), PatrolKind::Naval) => (s.speed_kmh, s.endurance_days * 24.0, 0.0, 1),
        (t, kind) => {
            c.fail(
                &p.key("kind"),
                format!(
                    "{kind:?} does not fit unit {:?}, a {:?} ({}): Cap needs a fighter, Orbit an airborne sensor, Naval a ship",
                    pf.unit,
                    t.kind(),
                    t.name()
                ),
            );
            return None;
        }
    };
    let base = u.position;
    let (station, route) = if pf.kind == PatrolKind::Naval {
        if pf.route.len() < 2 {
            c.fail(
                &p.key("route"),
                format!("a naval patrol needs a route of at least 2 points, found {}", pf.route.len()),
            );
            return None;
        }
        let mut pts = Vec::new();
        for (i, pos) in pf.route.iter().enumerate() {
            let ip = p.key("route").index(i);
            let (ll, place) = c.position(&ip, pos, places)?;
            let xy = projection::forward(ll);
            if !grid.contains(xy) {
                c.fail(
                    &ip,
                    format!(
                        "route point {:.3}°N {:.3}°E is outside the map ({})",
                        ll.lat,
                        ll.lon,
                        crate::geo::grid::EXTENT_TEXT
                    ),
                );
            } else if Basemap::builtin().is_land(ll) {
                c.fail(
                    &ip,
                    format!(
                        "route point {} is on land; a ship's route runs at sea",
                        place.unwrap_or_else(|| format!("{:.3}°N {:.3}°E", ll.lat, ll.lon))
                    ),
                );
            }
            pts.push(ll);
        }
        (pts[0], pts)
    } else {
        let Some(pos) = &pf.station else {
            c.fail(
                &p.key("station"),
                format!("a {:?} patrol needs a station: its orbit's centre, e.g. (lat: 48.5, lon: 32.0)", pf.kind),
            );
            return None;
        };
        let (ll, _) = c.position(&p.key("station"), pos, places)?;
        if !grid.contains(projection::forward(ll)) {
            c.fail(
                &p.key("station"),
                format!(
                    "the orbit at {:.3}°N {:.3}°E is outside the map ({})",
                    ll.lat,
                    ll.lon,
                    crate::geo::grid::EXTENT_TEXT
                ),
            );
            return None;
        }
        (ll, vec![ll])
    };
    let altitude_m = match (pf.kind, pf.altitude_m) {
        (PatrolKind::Naval, _) => 0.0,
        (_, Some(a)) => {
            c.range(
                &p.key("altitude_m"),
                a,
                100.0,
                ceiling_m.max(100.0),
                &format!("an altitude from 100 m to the type's ceiling, {} m", format_float(ceiling_m)),
            );
            a
        }
        (PatrolKind::Cap, None) => (ceiling_m * 0.6).min(9000.0),
        (_, None) => match &*u.system {
            SystemType::Sensor(s) => s.altitude_m,
            _ => 9000.0,
        },
    };
    let code = nations[usize::from(u.nation)].code.as_str();
    let montreux = pf.kind == PatrolKind::Naval && !is_littoral(code);
    // Warships from outside the Black Sea count their days from the Bosporus
    // and may stay montreux_days; the others sail from their base.
    let from = if montreux { BOSPORUS } else { base };
    let transit_hours = if speed_kmh > 0.0 { great_circle_km(from, station) / speed_kmh } else { f64::INFINITY };
    let endurance_h = if montreux { endurance_h.min(doctrine.montreux_days * 24.0) } else { endurance_h };
    let time_on_station_hours = endurance_h - 2.0 * transit_hours;
    if time_on_station_hours.is_nan() || time_on_station_hours <= 0.0 {
        c.fail(
            &p.key("unit"),
            format!(
                "{} has an endurance of {:.1} h but the transit from its base to the station takes {:.1} h each way: \
                 it could never stay on station; base it nearer or choose a nearer station",
                pf.unit, endurance_h, transit_hours
            ),
        );
        return None;
    }
    let cycle_hours = endurance_h + pf.turnaround_hours;
    let per_station = (cycle_hours / time_on_station_hours).ceil() as u32;
    // Checked like any other, but a nation that stays out flies no patrols.
    if !nations[usize::from(u.nation)].participates {
        return None;
    }
    Some(Patrol {
        unit,
        kind: pf.kind,
        station,
        route,
        altitude_m,
        on_station: pf.on_station,
        transit_hours,
        time_on_station_hours,
        cycle_hours,
        required: per_station * pf.on_station,
        available,
    })
}

/// True when a nation is a Black Sea littoral state.
pub fn is_littoral(code: &str) -> bool {
    LITTORAL.contains(&code)
}
