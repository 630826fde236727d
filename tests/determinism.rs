//! Same scenario and seed, same bytes: within one process, across processes,
//! and whatever order the schedule gives to systems that do not depend on
//! each other.

use std::fs;
use std::sync::Arc;

use hedgehog::config::{self, ScenarioSource};
use hedgehog::sim::run::{RunOptions, Theatre, run_with};

use crate::common::{files_under, hedgehog};

fn map_of(s: &config::Scenario) -> Theatre {
    Theatre::build(s)
}

fn baseline() -> Arc<config::Scenario> {
    Arc::new(config::load(&ScenarioSource::Builtin("configs/baseline.ron"), &[]).unwrap())
}

#[test]
fn two_runs_in_one_process_are_byte_identical() {
    let s = baseline();
    let opts = RunOptions { seed: 42, replication: 0, shuffle_seed: None };
    let a = run_with(&s, &map_of(&s), opts);
    let b = run_with(&s, &map_of(&s), opts);
    assert_eq!(a.summary_json(), b.summary_json());
    assert_eq!(a.events_csv().unwrap(), b.events_csv().unwrap());
    assert_eq!(a.timeseries_csv().unwrap(), b.timeseries_csv().unwrap());
}

#[test]
fn the_seed_changes_the_draws() {
    // 100 units at readiness 0.5: two seeds agree on every draw with
    // probability 2^-100.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.ron");
    let units = "(type: \"samp_t\", nation: \"FR\", position: \"Lviv\", readiness: 0.5),".repeat(100);
    let text = format!("(name: \"r\", duration_days: 1, nations: {{\"FR\": (side: Coalition)}}, units: [{units}])");
    fs::write(&path, text).unwrap();
    let s = Arc::new(config::load(&ScenarioSource::File(path), &[]).unwrap());
    let a = run_with(&s, &map_of(&s), RunOptions { seed: 42, replication: 0, shuffle_seed: None });
    let b = run_with(&s, &map_of(&s), RunOptions { seed: 43, replication: 0, shuffle_seed: None });
    let c = run_with(&s, &map_of(&s), RunOptions { seed: 42, replication: 1, shuffle_seed: None });
    assert_ne!(a.events_csv().unwrap(), b.events_csv().unwrap());
    assert_ne!(a.events_csv().unwrap(), c.events_csv().unwrap(), "the replication index feeds the streams");
}

#[test]
fn two_processes_write_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let o = hedgehog(dir.path(), &["run", "--seed", "42", "--out", out, "-q"]);
        assert_eq!(o.status.code(), Some(0));
    }
    let a = files_under(&dir.path().join("a"));
    assert_eq!(a, files_under(&dir.path().join("b")));
    assert_eq!(a.len(), 11, "four data files, three figures as PNG and SVG, the report: {a:?}");
    for f in &a {
        assert_eq!(
            fs::read(dir.path().join("a").join(f)).unwrap(),
            fs::read(dir.path().join("b").join(f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

/// Bevy's `shuffle_seed` builds the schedule with unordered systems in a
/// different order; results must not change.
#[cfg(feature = "debug")]
#[test]
fn schedule_shuffles_do_not_change_results() {
    let s = baseline();
    let reference = run_with(&s, &map_of(&s), RunOptions { seed: 7, replication: 0, shuffle_seed: None });
    for k in [1, 2, 3, 11, 12345] {
        let shuffled = run_with(&s, &map_of(&s), RunOptions { seed: 7, replication: 0, shuffle_seed: Some(k) });
        assert_eq!(reference, shuffled, "shuffle seed {k}");
    }
}
