//! Checks a [`ScenarioFile`] and its catalogue types and builds the
//! [`Scenario`] the simulation runs.
//!
//! Every rule lives here, once, with a message that names the field path, the
//! value and what is allowed. All problems are collected, not just the first,
//! and each is located through the merged document tree, so an error in an
//! included file or a `--set` override points there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::catalog::{Basing, SystemKind, SystemType};
use super::doc::{Node, Origin, format_float};
use super::error::{ConfigError, ConfigErrors, suggest};
use super::file::{Position, SCHEMA_VERSION, ScenarioFile, Side};
use super::path::{FieldPath, Segment, nearest_origin};
use super::scenario::{Nation, Scenario, UnitSpec, slug};
use crate::geo::basemap::Basemap;
use crate::geo::grid::{Grid, RESOLUTION_RANGE_KM};
use crate::geo::map::{Dem, MapSpec};
use crate::geo::places::Gazetteer;
use crate::geo::projection::{self, LatLon};

/// Longest run accepted, days.
pub const MAX_DURATION_DAYS: f64 = 3650.0;
/// Most ticks in one run: beyond this a run would take hours, which is surely a
/// mistake in `tick_seconds` or `duration_days`.
pub const MAX_TICKS: f64 = 50_000_000.0;

/// Finds where a field path was written: in the scenario tree, or for paths
/// under `catalog.NAME` in the merged catalogue tree.
pub struct Locator<'a> {
    /// The scenario after includes and overrides.
    pub root: &'a Node,
    /// The catalogue after the scenario's overrides.
    pub catalog: &'a Node,
}

impl Locator<'_> {
    /// Where the value at `path`, or its nearest written ancestor, is.
    pub fn origin(&self, path: &FieldPath) -> Origin {
        match path.0.first() {
            Some(Segment::Key(k)) if k == "catalog" && path.0.len() > 1 => {
                nearest_origin(self.catalog, &FieldPath(path.0[1..].to_vec()))
            }
            _ => nearest_origin(self.root, path),
        }
    }
}

/// Collects errors with their locations.
pub struct Check<'a> {
    loc: &'a Locator<'a>,
    errors: Vec<ConfigError>,
}

impl<'a> Check<'a> {
    /// An empty checker.
    pub fn new(loc: &'a Locator<'a>) -> Self {
        Self { loc, errors: Vec::new() }
    }

    /// Records a problem with the field at `path`.
    pub fn fail(&mut self, path: &FieldPath, message: String) {
        self.errors.push(ConfigError::new(self.loc.origin(path), Some(path.to_string()), message));
    }

    fn fail_help(&mut self, path: &FieldPath, message: String, help: String) {
        self.errors.push(ConfigError::new(self.loc.origin(path), Some(path.to_string()), message).with_help(help));
    }

    /// Requires a finite number; returns whether it is.
    pub fn finite(&mut self, path: &FieldPath, x: f64) -> bool {
        if x.is_finite() {
            return true;
        }
        self.fail(path, format!("{path} = {} is not a finite number", format_float(x)));
        false
    }

    /// Requires a finite number > 0.
    pub fn positive(&mut self, path: &FieldPath, x: f64) {
        if self.finite(path, x) && x <= 0.0 {
            self.fail(path, format!("{path} = {} must be greater than 0", format_float(x)));
        }
    }

    /// Requires a finite number >= 0.
    pub fn non_negative(&mut self, path: &FieldPath, x: f64) {
        if self.finite(path, x) && x < 0.0 {
            self.fail(path, format!("{path} = {} must not be negative", format_float(x)));
        }
    }

    /// Requires a probability in [0, 1].
    pub fn probability(&mut self, path: &FieldPath, x: f64) {
        if !(0.0..=1.0).contains(&x) {
            self.fail(path, format!("{path} = {} is not a probability in [0, 1]", format_float(x)));
        }
    }

    /// Requires `lo <= x <= hi`; `allowed` says what that means.
    pub fn range(&mut self, path: &FieldPath, x: f64, lo: f64, hi: f64, allowed: &str) {
        if self.finite(path, x) && !(lo..=hi).contains(&x) {
            self.fail(path, format!("{path} = {} is out of range: expected {allowed}", format_float(x)));
        }
    }

    /// Requires a count in `lo..=hi`.
    pub fn count(&mut self, path: &FieldPath, n: u32, lo: u32, hi: u32) {
        if !(lo..=hi).contains(&n) {
            self.fail(path, format!("{path} = {n} is out of range: expected a whole number from {lo} to {hi}"));
        }
    }

    /// Resolves a position: checks coordinates, looks up a place name.
    pub fn position(
        &mut self,
        path: &FieldPath,
        pos: &Position,
        places: &Gazetteer,
    ) -> Option<(LatLon, Option<String>)> {
        match pos {
            Position::LatLon { lat, lon } => {
                let ok_lat = self.finite(&path.key("lat"), *lat);
                let ok_lon = self.finite(&path.key("lon"), *lon);
                let mut ok = ok_lat && ok_lon;
                if ok_lat && !(-90.0..=90.0).contains(lat) {
                    self.fail(&path.key("lat"), format!("lat = {} is not a latitude in [-90, 90]", format_float(*lat)));
                    ok = false;
                }
                if ok_lon && !(-180.0..=180.0).contains(lon) {
                    self.fail(
                        &path.key("lon"),
                        format!("lon = {} is not a longitude in [-180, 180]", format_float(*lon)),
                    );
                    ok = false;
                }
                ok.then_some((LatLon { lat: *lat, lon: *lon }, None))
            }
            Position::Place(name) => match places.find(name) {
                Some(place) => Some((place.position, Some(place.name.clone()))),
                None => {
                    self.unknown_name(path, name, "place in assets/geo/places.csv", places.names());
                    None
                }
            },
        }
    }

    /// Records an unknown name with a suggestion.
    pub fn unknown_name(&mut self, path: &FieldPath, name: &str, what: &str, known: Vec<&str>) {
        let help = suggest(name, known.iter().copied());
        self.fail_help(path, format!("{path} = {name:?}: there is no {what} with this name"), help);
    }

    /// Ok when nothing failed, else every error found.
    pub fn finish(self) -> Result<(), ConfigErrors> {
        if self.errors.is_empty() { Ok(()) } else { Err(ConfigErrors(self.errors)) }
    }
}

/// The checked inputs to [`scenario`].
pub struct Inputs<'a> {
    /// The scenario as read.
    pub file: ScenarioFile,
    /// The whole catalogue after the scenario's overrides.
    pub catalog: &'a BTreeMap<String, SystemType>,
    /// Types named in the scenario's own `catalog` section (checked even if unused).
    pub overridden: BTreeSet<String>,
    /// Per-unit types where a unit has `params`, by unit index.
    pub unit_types: BTreeMap<usize, SystemType>,
    /// The gazetteer for named places.
    pub places: &'a Gazetteer,
}

/// Checks everything and builds the [`Scenario`].
pub fn scenario(inputs: Inputs<'_>, loc: &Locator<'_>) -> Result<Scenario, ConfigErrors> {
    let Inputs { mut file, catalog, overridden, unit_types, places } = inputs;
    let mut c = Check::new(loc);
    let root = FieldPath::root();
    let p = |f: &str| root.key(f);

    if file.schema != SCHEMA_VERSION {
        c.fail(&p("schema"), format!("schema = {}: this hedgehog reads schema {SCHEMA_VERSION} only", file.schema));
    }
    let name = file.name.trim();
    if name.is_empty() {
        c.fail(&p("name"), "name is empty: give the scenario a short name, e.g. \"baseline\"".into());
    } else if name.chars().count() > 120 {
        c.fail(&p("name"), format!("name is {} characters long: keep it to 120", name.chars().count()));
    } else if name.chars().any(char::is_control) {
        c.fail(&p("name"), format!("name = {name:?} contains control characters"));
    }

    if c.finite(&p("duration_days"), file.duration_days)
        && !(file.duration_days > 0.0 && file.duration_days <= MAX_DURATION_DAYS)
    {
        c.fail(
            &p("duration_days"),
            format!(
                "duration_days = {} is out of range: expected more than 0 and at most {MAX_DURATION_DAYS} days",
                format_float(file.duration_days)
            ),
        );
    }
    let tick_ok = c.finite(&p("tick_seconds"), file.tick_seconds);
    if tick_ok && !(file.tick_seconds >= 1.0 && file.tick_seconds <= 86_400.0 && file.tick_seconds.fract() == 0.0) {
        c.fail(
            &p("tick_seconds"),
            format!(
                "tick_seconds = {} is out of range: expected a whole number of seconds from 1 to 86400",
                format_float(file.tick_seconds)
            ),
        );
    } else if tick_ok && file.duration_days.is_finite() && file.duration_days > 0.0 {
        let ticks = file.duration_days * 86_400.0 / file.tick_seconds;
        if ticks > MAX_TICKS {
            c.fail(
                &p("tick_seconds"),
                format!(
                    "{} days at {} s per tick is {ticks:.0} ticks, more than the {MAX_TICKS:.0} allowed: use longer ticks",
                    format_float(file.duration_days),
                    format_float(file.tick_seconds)
                ),
            );
        }
    }
    let res = file.map.resolution_km;
    let res_path = p("map").key("resolution_km");
    c.range(
        &res_path,
        res,
        RESOLUTION_RANGE_KM.0,
        RESOLUTION_RANGE_KM.1,
        &format!("a cell size from {} to {} km", RESOLUTION_RANGE_KM.0, RESOLUTION_RANGE_KM.1),
    );
    let grid =
        Grid::default_map(if (RESOLUTION_RANGE_KM.0..=RESOLUTION_RANGE_KM.1).contains(&res) { res } else { 5.0 });
    let dem = file.map.dem.as_ref().and_then(|name| read_dem(name, &p("map").key("dem"), &grid, &mut c));

    // Nations.
    let mut nations = Vec::new();
    if file.nations.is_empty() {
        c.fail(&p("nations"), "nations is empty: list at least the nations whose units you place".into());
    }
    let mut single_sides: BTreeMap<Side, &str> = BTreeMap::new();
    for (code, n) in &file.nations {
        let np = p("nations").key(code.clone());
        if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_uppercase()) {
            c.fail(&np, format!("nation code {code:?} must be 2 or 3 capital letters, e.g. \"UK\", \"FR\", \"UA\""));
        }
        // Ukraine and the US are one nation each; Russia may have allies
        // (Belarus as a launch area).
        if matches!(n.side, Side::Ukraine | Side::UnitedStates) {
            if let Some(other) = single_sides.get(&n.side) {
                c.fail(
                    &np.key("side"),
                    format!("side {:?} is already taken by {other}: at most one nation has this side", n.side),
                );
            } else {
                single_sides.insert(n.side, code);
            }
        }
        let display = if n.name.trim().is_empty() { code.clone() } else { n.name.trim().to_string() };
        nations.push(Nation { code: code.clone(), name: display, side: n.side, participates: n.participates });
    }

    // Types used by units, plus those the scenario itself overrides or defines.
    let mut used: BTreeSet<String> = overridden.clone();
    for u in &file.units {
        if catalog.contains_key(&u.system) {
            used.insert(u.system.clone());
        }
    }
    let mut with_munitions = used.clone();
    for t in &used {
        if let Some(SystemType::Launcher(l)) = catalog.get(t) {
            with_munitions.extend(l.munitions.keys().filter(|m| catalog.contains_key(*m)).cloned());
        }
    }
    for t in &with_munitions {
        if let Some(ty) = catalog.get(t) {
            ty.check(&p("catalog").key(t.clone()), catalog, &mut c);
        }
    }

    // Units.
    if file.units.is_empty() {
        c.fail(&p("units"), "units is empty: a scenario needs at least one unit".into());
    }
    let type_names: Vec<&str> = catalog.keys().map(String::as_str).collect();
    let nation_codes: Vec<&str> = file.nations.keys().map(String::as_str).collect();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_type_count: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut units = Vec::new();
    for (i, u) in file.units.iter().enumerate() {
        let up = p("units").index(i);
        let system = match unit_types.get(&i) {
            Some(t) => {
                t.check(&up.key("params"), catalog, &mut c);
                Some(t.clone())
            }
            None => catalog.get(&u.system).cloned(),
        };
        if system.is_none() {
            c.unknown_name(&up.key("type"), &u.system, "catalogue type", type_names.clone());
        }
        if let Some(SystemType::Threat(_)) = &system {
            c.fail(
                &up.key("type"),
                format!("{:?} is a threat: threats are fired by `Launcher` units, not placed", u.system),
            );
        }
        let nation = nations.iter().position(|n| n.code == u.nation);
        if nation.is_none() {
            c.unknown_name(&up.key("nation"), &u.nation, "nation in `nations`", nation_codes.clone());
        }
        c.probability(&up.key("readiness"), u.readiness);

        let n = per_type_count.entry((u.nation.clone(), u.system.clone())).or_insert(0);
        *n += 1;
        let id = match &u.id {
            Some(id) => id.trim().to_string(),
            None => format!("{}-{}-{}", u.nation, u.system, n),
        };
        if id.is_empty() || id.chars().any(char::is_control) || id.len() > 80 {
            c.fail(&up.key("id"), format!("id = {id:?} must be 1 to 80 printable characters"));
        }
        if let Some(first) = ids.get(&id) {
            c.fail(&up.key("id"), format!("id {id:?} is already used by units[{first}]"));
        } else {
            ids.insert(id.clone(), i);
        }

        let pos_path = up.key("position");
        let (position, place) = match c.position(&pos_path, &u.position, places) {
            Some((p, place)) => (Some(p), place),
            None => (None, None),
        };
        let (Some(system), Some(nation), Some(position)) = (system, nation, position) else {
            continue;
        };
        if !position.lat.is_finite() || !position.lon.is_finite() {
            continue;
        }
        let xy = projection::forward(position);
        let basing = system.basing();
        let on_map = grid.contains(xy);
        if on_map && basing != Basing::Air {
            let land = Basemap::builtin().is_land(position);
            let at = describe_position(position, place.as_deref());
            if basing == Basing::Land && !land {
                c.fail(
                    &pos_path,
                    format!(
                        "{} at {at} is at sea; a {} unit must stand on land",
                        u.system,
                        kind_text(system.kind(), basing)
                    ),
                );
            } else if basing == Basing::Sea && land {
                c.fail_help(
                    &pos_path,
                    format!("{} at {at} is on land; a ship must be at sea", u.system),
                    "port and city coordinates are on land: give the ship a point offshore, e.g. (lat: 46.35, lon: 30.95) off Odesa".into(),
                );
            }
        }
        if basing != Basing::Air && !on_map {
            c.fail_help(
                &pos_path,
                format!(
                    "{} at {} is outside the map ({}); a {} unit must stand on the map",
                    u.system,
                    describe_position(position, place.as_deref()),
                    crate::geo::grid::EXTENT_TEXT,
                    kind_text(system.kind(), basing),
                ),
                "aircraft and airborne sensors may be based off the map; ground units and ships may not".into(),
            );
        }
        units.push(UnitSpec {
            id,
            type_name: u.system.clone(),
            system: Arc::new(system),
            nation: nation as u16,
            position,
            xy,
            place,
            readiness: u.readiness,
        });
    }

    let air_war = super::validate_air::air_war(&file, &units, &nations, catalog, places, &grid, &mut c);
    let raid_names: Vec<&str> = file.raids.iter().map(|r| r.name.as_str()).collect();
    let deterrence =
        file.deterrence.as_ref().map(|d| super::deterrence::check(d, &nations, &units, &raid_names, places, &mut c));
    c.finish()?;

    // The resolved file: no includes, full types for everything used, full
    // per-unit params.
    file.include.clear();
    file.catalog = used
        .iter()
        .chain(with_munitions.iter())
        .filter_map(|t| catalog.get(t).map(|ty| (t.clone(), ty.clone())))
        .collect();
    for (i, t) in unit_types {
        file.units[i].params = Some(t);
    }
    let map = MapSpec { resolution_km: file.map.resolution_km, terrain_seed: file.map.terrain_seed, dem };
    Ok(Scenario {
        air_war,
        deterrence,
        map,
        name: file.name.trim().to_string(),
        slug: slug(&file.name),
        description: file.description.clone(),
        seed: file.seed,
        duration_days: file.duration_days,
        tick_seconds: file.tick_seconds as u32,
        grid,
        nations,
        units,
        resolved: file,
    })
}

/// Reads the DEM named at `path`, relative to the file that names it.
fn read_dem(name: &str, path: &FieldPath, grid: &Grid, c: &mut Check<'_>) -> Option<Arc<Dem>> {
    let origin = c.loc.origin(path);
    let file =
        if origin.is_command_line() { name.to_string() } else { super::compose::join_relative(&origin.file, name) };
    match crate::geo::raster_io::read(std::path::Path::new(&file)) {
        Ok(raster) => {
            let dem = Dem { name: file, raster };
            if dem.overlaps(grid) {
                Some(Arc::new(dem))
            } else {
                c.fail(
                    path,
                    format!("map.dem = {name:?}: the DEM does not overlap the map (Ukraine and the Black Sea)"),
                );
                None
            }
        }
        Err(e) => {
            c.fail(path, format!("map.dem = {name:?}: {e}"));
            None
        }
    }
}

fn describe_position(p: LatLon, place: Option<&str>) -> String {
    match place {
        Some(name) => format!("{name} ({:.4}°N {:.4}°E)", p.lat, p.lon),
        None => format!("{:.4}°N {:.4}°E", p.lat, p.lon),
    }
}

fn kind_text(kind: SystemKind, basing: Basing) -> &'static str {
    match (kind, basing) {
        (_, Basing::Sea) => "sea-going",
        (SystemKind::Ground, _) => "ground",
        (SystemKind::AirDefense, _) => "ground-based air-defence",
        _ => "land-based",
    }
}
