//! Golden files of whole fixed-seed runs. A change in any output is visible
//! in review: regenerate on purpose with `UPDATE_GOLDEN=1 cargo test --release
//! golden`, which writes the new files and then fails so it is never left on.

use std::path::PathBuf;

use hedgehog::config::{self, ScenarioSource};

/// Compares `actual` with the golden file `name`; under UPDATE_GOLDEN writes
/// it instead and returns true.
fn check(name: &str, actual: &str) -> bool {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return true;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1 once", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {}\n  actual: {}\n(if the change is intended: UPDATE_GOLDEN=1 cargo test --release golden)",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
    false
}

#[test]
fn golden_baseline_seed_42() {
    let s = config::load(&ScenarioSource::Builtin("configs/baseline.ron"), &[]).unwrap();
    let r = hedgehog::sim::run(&s, 42);
    let updated = [
        check("baseline_seed42.summary.json", &r.summary_json()),
        check("baseline_seed42.events.csv", &String::from_utf8(r.events_csv().unwrap()).unwrap()),
        check("baseline_seed42.timeseries.csv", &String::from_utf8(r.timeseries_csv().unwrap()).unwrap()),
    ];
    assert!(
        !updated.contains(&true),
        "golden files rewritten; unset UPDATE_GOLDEN and read the diff (git diff tests/golden) before committing"
    );
}
