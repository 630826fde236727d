//! Placement through the real CLI: the proposal is a scenario that loads and
//! runs, keeps the constraints it was given, beats the scenario's own laydown
//! on the surrogate, comes out byte for byte the same for the same seed, and
//! bad flags are refused with exit code 2, the value named and nothing
//! written.

use std::fs;
use std::path::{Path, PathBuf};

use hedgehog::geo::projection::{LatLon, great_circle_km};

use crate::common::{hedgehog, text};

/// The one directory under `out/<slug>/`.
fn only_dir(out: &Path, slug: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(out.join(slug)).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.remove(0)
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn moves(dir: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir.join("moves.csv")).unwrap();
    r.records().map(Result::unwrap).collect()
}

/// One air-defence optimisation, shared by the tests that read it.
fn air_defense(cwd: &Path, out: &str) -> PathBuf {
    let o = hedgehog(
        cwd,
        &[
            "optimize",
            "--place",
            "air_defense",
            "--anneal",
            "5000",
            "--runs",
            "4",
            "--set",
            "duration_days=2",
            "--min-spacing-km",
            "25",
            "--out",
            out,
        ],
    );
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("upper bound") && stdout.contains("judged by Monte Carlo"), "{stdout}");
    only_dir(&cwd.join(out), "baseline")
}

#[test]
fn the_air_defence_proposal_runs_keeps_its_constraints_and_beats_the_laydown() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = air_defense(tmp.path(), "out");
    for f in [
        "optimized.ron",
        "moves.csv",
        "pareto.csv",
        "summary.json",
        "moves.png",
        "moves.svg",
        "pareto.png",
        "coverage_before.png",
        "coverage_after.png",
        "report.html",
        "montecarlo/comparison/comparison.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f} is missing");
    }
    // The objective: greedy <= swap <= best <= bound, and better than the laydown.
    let s = summary(&dir);
    let o = &s["objective"];
    let v = |k: &str| o[k].as_f64().unwrap();
    assert!(v("greedy") <= v("swap") + 1e-12 && v("swap") <= v("best") + 1e-12, "{o}");
    assert!(v("best") <= v("upper_bound") + 1e-12, "{o}");
    assert!(v("best") > v("scenario_laydown"), "the proposal does not beat the baseline laydown: {o}");
    assert!(s["candidate_sites"].as_u64().unwrap() >= 1000, "{s}");
    // The constraints: every placed battery at least 15 km (point defence) or
    // 40 km (area) from the line, and 25 km from every other.
    let rows = moves(&dir);
    assert_eq!(rows.len() as u64, s["units"].as_u64().unwrap());
    let area =
        ["samp_t", "patriot_pac2_gemt", "patriot_pac3_mse", "iris_t_slm", "nasams", "s300_ua", "buk_m1_ua", "hawk"];
    let mut at = Vec::new();
    for r in &rows {
        let line_after: f64 = r[11].parse().unwrap();
        let least = if area.contains(&&r[1]) { 40.0 } else { 15.0 };
        assert!(line_after >= least - 5.0, "{} stands {line_after} km from the line", &r[0]);
        at.push((r[6].parse::<f64>().unwrap(), r[7].parse::<f64>().unwrap()));
    }
    for (i, a) in at.iter().enumerate() {
        for b in &at[i + 1..] {
            let km = great_circle_km(LatLon { lat: a.0, lon: a.1 }, LatLon { lat: b.0, lon: b.1 });
            assert!(km >= 24.0, "two batteries {km:.1} km apart: {a:?} {b:?}");
        }
    }
    // The proposal is a scenario: it validates and runs.
    let ron = dir.join("optimized.ron");
    let o = hedgehog(tmp.path(), &["validate", ron.to_str().unwrap()]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = hedgehog(tmp.path(), &["run", ron.to_str().unwrap(), "--days", "1", "--out", "runs", "-q"]);
    assert!(o.status.success(), "{:?}", text(&o));
    // Every unit stands where moves.csv says, and the moved ones have moved.
    let proposed =
        hedgehog::config::load(&hedgehog::config::ScenarioSource::File(ron.clone()), &[]).expect("optimized.ron loads");
    let mut moved = 0;
    for r in &rows {
        let unit = proposed.units.iter().find(|u| u.id == r[0]).unwrap_or_else(|| panic!("{} is gone", &r[0]));
        let (lat, lon): (f64, f64) = (r[6].parse().unwrap(), r[7].parse().unwrap());
        assert!(
            (unit.position.lat - lat).abs() < 1e-4 && (unit.position.lon - lon).abs() < 1e-4,
            "{} stands at {:?}, moves.csv says {lat}, {lon}",
            &r[0],
            unit.position
        );
        moved += usize::from(r[9].parse::<f64>().unwrap() > 0.5);
    }
    assert!(moved > 0, "the proposal moves nothing");
    // The report embeds its figures and the moves.
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("data:image/png;base64,") && html.contains("Moves") && html.contains("Judged by Monte Carlo")
    );
}

#[test]
fn the_same_seed_gives_the_same_proposal_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let args =
        |out: &'static str| ["optimize", "--place", "cap", "--anneal", "20000", "--runs", "0", "--out", out, "-q"];
    for out in ["a", "b"] {
        let o = hedgehog(tmp.path(), &args(out));
        assert!(o.status.success(), "{:?}", text(&o));
    }
    let (a, b) = (only_dir(&tmp.path().join("a"), "baseline"), only_dir(&tmp.path().join("b"), "baseline"));
    for f in ["optimized.ron", "moves.csv", "pareto.csv", "summary.json"] {
        assert!(fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(), "{f} differs");
    }
}

#[test]
fn ground_hubs_stay_back_from_the_line_and_the_exact_mode_proves_the_heuristic() {
    let tmp = tempfile::tempdir().unwrap();
    let o = hedgehog(tmp.path(), &["optimize", "--place", "ground", "--exact", "--runs", "0", "--out", "out"]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("proven optimal"), "{stdout}");
    let dir = only_dir(&tmp.path().join("out"), "baseline");
    let s = summary(&dir);
    let e = &s["exact"];
    assert_eq!(e["proven"], true, "{s}");
    let best = s["objective"]["best"].as_f64().unwrap();
    assert!(best >= 0.98 * e["bound"].as_f64().unwrap(), "the heuristics are more than 2 % below the exact bound: {s}");
    for r in moves(&dir) {
        assert!(r[11].parse::<f64>().unwrap() >= 100.0 - 5.0, "a ground hub stands {} km from the line", &r[11]);
        assert!(!r[1].contains("training"), "the training mission is not a reaction force: {:?}", r);
    }
}

#[test]
fn a_distance_rule_per_type_overrides_the_rule_for_all() {
    let tmp = tempfile::tempdir().unwrap();
    let o = hedgehog(
        tmp.path(),
        &[
            "optimize",
            "--place",
            "ground",
            "--min-line-km",
            "150",
            "--min-line-km",
            "light_battlegroup=60",
            "--runs",
            "0",
            "--out",
            "out",
            "-q",
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let rows = moves(&only_dir(&tmp.path().join("out"), "baseline"));
    assert!(rows.iter().any(|r| &r[1] == "light_battlegroup"), "the battlegroup is not placed");
    for r in rows {
        let km: f64 = r[11].parse().unwrap();
        let least = if &r[1] == "light_battlegroup" { 60.0 } else { 150.0 };
        assert!(km >= least - 5.0, "{} stands {km} km from the line (rule {least})", &r[1]);
    }
}

#[test]
fn bad_flags_are_refused_with_the_value_named_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--place", "air_defense", "--budget", "0"], "--budget 0"),
        (&["--place", "air_defense", "--objective", "population=-1"], "population=-1"),
        (&["--place", "air_defense", "--objective", "beauty=2"], "allowed: population, infrastructure"),
        (&["--place", "ground", "--min-line-km", "2000"], "2000 km"),
        (&["--place", "air_defense", "--min-line-km", "600", "--min-spacing-km", "400"], "--min-spacing-km"),
        (&["--place", "air_defense", "--cap", "XX=1"], "no nation \"XX\""),
        (&["--place", "air_defense", "--cap", "UA=0,DE=0,FR=0,NL=0,NO=0,SE=0,UK=0,US=0,RO=0,TR=0"], "caps"),
        (&["--place", "air_defense", "--min-spacing-km", "-3"], "-3"),
        (&["--place", "air_defense", "--sites", "0"], "--sites 0"),
        (
            &["--place", "air_defense", "--min-line-km", "640", "--sites", "30", "--min-spacing-km", "0"],
            "48 units to place but only",
        ),
        (&["--place", "air_defense", "--min-line-km", "nope=3"], "no unit to place is of type \"nope\""),
        (&["--place", "air_defense", "--min-line-km", "samp_t=far"], "samp_t=far"),
        (&["--place", "orbit"], "possible values"),
    ];
    for (args, needle) in cases {
        let mut all = vec!["optimize"];
        all.extend_from_slice(args);
        all.extend(["--runs", "0", "--anneal", "0", "--out", "out"]);
        let o = hedgehog(tmp.path(), &all);
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: expected {needle:?} in:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!tmp.path().join("out").exists(), "{args:?} wrote output");
    }
}
