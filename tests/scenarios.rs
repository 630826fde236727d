//! Scenario composition as users rely on it: includes, `--set` paths,
//! catalogue overrides field by field, per-unit params, the resolved file
//! that reruns the same thing, and nations that stay out.

use std::fs;

use hedgehog::config::catalog::SystemType;
use hedgehog::config::{self, Scenario, ScenarioSource};

use crate::common::{VALID, repo};

fn load_text(text: &str, overrides: &[&str]) -> Result<Scenario, config::ConfigErrors> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    fs::write(&path, text).unwrap();
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    config::load(&ScenarioSource::File(path), &overrides)
}

#[test]
fn the_files_in_configs_are_the_built_in_ones() {
    for (name, text) in config::builtin::CONFIGS {
        assert_eq!(&fs::read_to_string(repo().join(name)).unwrap(), text, "{name}");
        config::load(&ScenarioSource::Builtin(name), &[]).unwrap_or_else(|e| panic!("{name}:\n{e}"));
    }
}

#[test]
fn set_reaches_the_paths_the_issue_names() {
    let s = config::load(
        &ScenarioSource::Builtin("configs/baseline.ron"),
        &[
            "duration_days=10".into(),
            "units[3].position=(lat: 48.5, lon: 35.0)".into(),
            "nations.DE.participates=false".into(),
        ],
    )
    .unwrap();
    assert_eq!(s.duration_days, 10.0);
    assert_eq!((s.units[3].position.lat, s.units[3].position.lon), (48.5, 35.0));
    assert!(!s.nations[usize::from(s.nation_id("DE").unwrap())].participates);
}

#[test]
fn catalogue_overrides_change_one_field_and_keep_the_rest() {
    let base = load_text(VALID, &[]).unwrap();
    let changed = load_text(VALID, &["catalog.samp_t.launchers=4"]).unwrap();
    let (SystemType::AirDefense(a), SystemType::AirDefense(b)) = (&*base.units[0].system, &*changed.units[0].system)
    else {
        panic!("samp_t is an air-defence type")
    };
    assert_eq!(b.launchers, 4);
    assert_ne!(a.launchers, 4);
    assert_eq!(a.radar_range_km, b.radar_range_km);
    assert_eq!(a.engagement, b.engagement);
}

#[test]
fn unit_params_apply_to_that_unit_only() {
    let text = VALID.replacen(
        r#"(type: "iris_t_slm", nation: "UA", position: (lat: 50.45, lon: 30.52)),"#,
        r#"(type: "iris_t_slm", nation: "UA", position: (lat: 50.45, lon: 30.52), params: (launchers: 2)),"#,
        1,
    );
    let s = load_text(&text, &[]).unwrap();
    let launchers = |i: usize| match &*s.units[i].system {
        SystemType::AirDefense(t) => t.launchers,
        _ => panic!(),
    };
    assert_eq!(launchers(1), 2);
    assert_ne!(launchers(2), 2, "the other IRIS-T keeps the catalogue value");
}

#[test]
fn includes_compose_and_the_including_file_wins() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("common")).unwrap();
    fs::write(dir.path().join("common/base.ron"), VALID).unwrap();
    fs::write(dir.path().join("common/longer.ron"), "(duration_days: 9, seed: 5)").unwrap();
    fs::write(
        dir.path().join("top.ron"),
        "Scenario(include: [\"common/base.ron\", \"common/longer.ron\"], seed: 6, nations: {\"DE\": (participates: false)})",
    )
    .unwrap();
    let s = config::load(&ScenarioSource::File(dir.path().join("top.ron")), &[]).unwrap();
    assert_eq!(s.duration_days, 9.0, "later includes override earlier ones");
    assert_eq!(s.seed, 6, "the including file overrides its includes");
    assert_eq!(s.nations.len(), 3);
    assert!(!s.nations[usize::from(s.nation_id("DE").unwrap())].participates);
    assert_eq!(s.units.len(), 3);
}

#[test]
fn the_resolved_file_reruns_exactly_the_same_scenario() {
    let s = config::load(
        &ScenarioSource::Builtin("configs/germany_out.ron"),
        &["catalog.samp_t.launchers=5".into(), "units[0].readiness=0.5".into()],
    )
    .unwrap();
    let resolved = s.resolved_ron();
    assert!(!resolved.contains("include:"), "includes are applied");
    let again = load_text(&resolved, &[]).unwrap_or_else(|e| panic!("{e}\n{resolved}"));
    assert_eq!(again.resolved_ron(), resolved);
    assert_eq!(hedgehog::sim::run(&s, 3), hedgehog::sim::run(&again, 3));
}

#[test]
fn a_nation_that_stays_out_deploys_nothing() {
    let s = config::load(&ScenarioSource::Builtin("configs/germany_out.ron"), &[]).unwrap();
    let r = hedgehog::sim::run(&s, 1);
    let m = &r.summary.metrics;
    let de_units = s.units.iter().filter(|u| s.nations[usize::from(u.nation)].code == "DE").count() as f64;
    assert!(de_units > 0.0);
    assert_eq!(m["units.withheld.nation.DE"], de_units);
    assert_eq!(m["units.deployed.nation.DE"], 0.0);
    assert_eq!(m["units.deployed"] + m["units.withheld"], s.units.len() as f64);
    assert_eq!(r.events.iter().filter(|e| e.kind == "withheld" && e.nation == "DE").count() as f64, de_units);
}

#[test]
fn readiness_is_drawn_per_unit_with_its_probability() {
    // 400 units at readiness 0.7: the ready share must be 0.7 within 5 sigma.
    let mut text =
        String::from("Scenario(name: \"r\", duration_days: 1, nations: {\"FR\": (side: Coalition)}, units: [\n");
    for _ in 0..400 {
        text.push_str("(type: \"samp_t\", nation: \"FR\", position: \"Lviv\", readiness: 0.7),\n");
    }
    text.push_str("])");
    let s = load_text(&text, &[]).unwrap();
    let r = hedgehog::sim::run(&s, 11);
    let share = r.summary.metrics["units.ready"] / 400.0;
    let sigma = (0.7f64 * 0.3 / 400.0).sqrt();
    assert!((share - 0.7).abs() < 5.0 * sigma, "ready share {share}");
}

#[test]
fn the_readme_example_scenario_validates() {
    // Every RON block: scenarios load, sweeps check (beside a copy of the baseline,
    // as configs/sweeps/ sits beside configs/).
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme.split("```ron\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert!(blocks.len() >= 2, "README has a scenario and a sweep example");
    for block in blocks {
        let text: String = block.lines().map(|l| l.trim_start_matches("  ")).collect::<Vec<_>>().join("\n");
        if text.trim_start().starts_with("Sweep(") {
            let dir = tempfile::tempdir().unwrap();
            fs::create_dir(dir.path().join("sweeps")).unwrap();
            fs::copy(repo().join("configs/baseline.ron"), dir.path().join("baseline.ron")).unwrap();
            let path = dir.path().join("sweeps/s.ron");
            fs::write(&path, &text).unwrap();
            hedgehog::batch::plan::sweep_from_file(&path, vec![]).unwrap_or_else(|e| panic!("README sweep:\n{e}"));
        } else {
            load_text(&text, &[]).unwrap_or_else(|e| panic!("README example:\n{e}"));
        }
    }
}
