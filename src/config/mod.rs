//! Scenario input: RON files -> a checked [`Scenario`].
//!
//! Two stages, as in ripgrep's `LowArgs` -> `HiArgs`: `file` mirrors the RON
//! (`deny_unknown_fields`), `validate` checks every invariant and builds the
//! `Scenario`. Before either, the text is read into a located tree (`doc`) so
//! that includes (`compose`), the shipped catalogue and `--set` overrides
//! (`path`) can be merged and every error still points at the file, line and
//! column that caused it.

pub mod air_war;
pub mod builtin;
pub mod catalog;
pub mod compose;
pub mod de;
pub mod deterrence;
pub mod doc;
pub mod error;
pub mod file;
pub mod path;
pub mod scenario;
pub mod validate;
pub mod validate_air;

use std::collections::{BTreeMap, BTreeSet};

pub use compose::ScenarioSource;
pub use error::{ConfigError, ConfigErrors};
pub use scenario::{AirWar, Nation, NationId, Patrol, Raid, Scenario, UnitSpec};

use catalog::SystemType;
use doc::{Node, Value};
use file::ScenarioFile;
use path::{FieldPath, Override};

use crate::geo::places::Gazetteer;

/// Loads, composes, overrides and checks a scenario. `overrides` are
/// `PATH=VALUE` strings as given to `--set`, applied in order after includes.
pub fn load(source: &ScenarioSource, overrides: &[String]) -> Result<Scenario, ConfigErrors> {
    let mut texts = compose::SourceTexts::new();
    load_inner(source, overrides, &mut texts).map_err(|mut e| {
        e.attach_snippets(&texts);
        e.sorted()
    })
}

fn load_inner(
    source: &ScenarioSource,
    overrides: &[String],
    texts: &mut compose::SourceTexts,
) -> Result<Scenario, ConfigErrors> {
    let mut root = compose::read_scenario(source, texts)?;

    let mut errors = Vec::new();
    for arg in overrides {
        match Override::parse(arg) {
            Ok(o) if o.path.0.first() == Some(&path::Segment::Key("include".into())) => {
                errors.push(ConfigError::new(
                    o.value.origin,
                    Some("include".into()),
                    "includes cannot be set from the command line",
                ));
            }
            Ok(o) => {
                if let Err(e) = path::set(&mut root, &o.path, o.value) {
                    errors.push(e);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }

    // Catalogue overrides and per-unit params are partial types: take them out
    // before reading the scenario, merge them onto full types, then read those.
    let located = root.clone();
    let mut plain = root;
    let catalog_overrides = plain.take_field("catalog");
    let mut unit_params: BTreeMap<usize, Node> = BTreeMap::new();
    if let Some(units) = plain.fields_mut().and_then(|f| f.iter_mut().find(|f| f.name == "units"))
        && let Value::List(items) = &mut units.value.value
    {
        for (i, unit) in items.iter_mut().enumerate() {
            if let Some(params) = unit.take_field("params") {
                unit_params.insert(i, params.value);
            }
        }
    }
    let file: ScenarioFile = de::from_node(&plain, &FieldPath::root())?;

    let mut catalog_node = compose::builtin_catalog(texts)?;
    let mut overridden = BTreeSet::new();
    if let Some(over) = catalog_overrides {
        match &over.value.value {
            Value::Map(entries) => overridden.extend(entries.iter().filter_map(|(k, _)| k.key_text())),
            Value::Struct(None, fields) => overridden.extend(fields.iter().map(|f| f.name.clone())),
            Value::Unit => {}
            other => {
                return Err(ConfigError::new(
                    over.value.origin.clone(),
                    Some("catalog".into()),
                    format!(
                        "expected a map of overrides `{{\"patriot_pac3_mse\": (...)}}`, found {}",
                        other.describe()
                    ),
                )
                .into());
            }
        }
        compose::merge(&mut catalog_node, over.value);
    }
    let catalog = read_catalog(&catalog_node)?;

    let mut unit_types = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, params) in unit_params {
        let Some(type_name) = file.units.get(i).map(|u| u.system.clone()) else {
            continue;
        };
        let Some(base) = catalog_entry(&catalog_node, &type_name) else {
            continue;
        };
        let mut merged = base.clone();
        compose::merge(&mut merged, params);
        match de::from_node::<SystemType>(&merged, &FieldPath::root().key("units").index(i).key("params")) {
            Ok(t) if t.kind() == catalog.get(&type_name).map_or(t.kind(), SystemType::kind) => {
                unit_types.insert(i, t);
            }
            Ok(t) => errors.push(ConfigError::new(
                merged.origin.clone(),
                Some(format!("units[{i}].params")),
                format!("params change the kind of `{type_name}` to {:?}; params may only change fields", t.kind()),
            )),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }

    let loc = validate::Locator { root: &located, catalog: &catalog_node };
    validate::scenario(
        validate::Inputs { file, catalog: &catalog, overridden, unit_types, places: Gazetteer::builtin() },
        &loc,
    )
}

fn catalog_entry<'a>(catalog: &'a Node, name: &str) -> Option<&'a Node> {
    match &catalog.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.key_text().as_deref() == Some(name)).map(|(_, v)| v),
        _ => None,
    }
}

/// Reads every catalogue entry (the shipped ones with the scenario's
/// overrides and additions merged in), collecting all errors.
pub fn read_catalog(catalog: &Node) -> Result<BTreeMap<String, SystemType>, ConfigErrors> {
    let Value::Map(entries) = &catalog.value else {
        return Ok(BTreeMap::new());
    };
    let base = FieldPath::root().key("catalog");
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (k, node) in entries {
        let Some(name) = k.key_text() else { continue };
        match de::from_node::<SystemType>(node, &base.key(name.clone())) {
            Ok(t) => {
                out.insert(name, t);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(ConfigErrors(errors)) }
}

/// The shipped catalogue, read and checked on its own (for tests and tools).
pub fn builtin_catalog() -> Result<BTreeMap<String, SystemType>, ConfigErrors> {
    let mut texts = compose::SourceTexts::new();
    let node = compose::builtin_catalog(&mut texts)?;
    let catalog = read_catalog(&node)?;
    let root = Node { value: Value::Unit, origin: node.origin.clone() };
    let loc = validate::Locator { root: &root, catalog: &node };
    let mut check = validate::Check::new(&loc);
    for (name, t) in &catalog {
        t.check(&FieldPath::root().key("catalog").key(name.clone()), &catalog, &mut check);
    }
    check.finish()?;
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_is_valid() {
        match builtin_catalog() {
            Ok(c) => assert!(!c.is_empty()),
            Err(e) => panic!("{e}"),
        }
    }
}
