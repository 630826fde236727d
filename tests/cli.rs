//! The command line as a new user meets it: the default run from any
//! directory, the output layout, refusing to overwrite, `new`, help and version.

use std::fs;

use crate::common::{VALID, files_under, hedgehog, repo, text};

#[test]
fn no_arguments_runs_the_built_in_baseline_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &[]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("scenario \"baseline\""), "{stdout}");
    assert!(stdout.contains("results: output/baseline/seed-"), "{stdout}");
    let files = files_under(&dir.path().join("output"));
    let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "air_war.png",
            "air_war.svg",
            "daily.png",
            "daily.svg",
            "deterrence.png",
            "deterrence.svg",
            "events.csv",
            "report.html",
            "scenario.resolved.ron",
            "summary.json",
            "timeseries.csv"
        ],
        "{files:?}"
    );
    assert!(files.iter().all(|p| p.starts_with("baseline")), "{files:?}");

    // The outputs are what other tools read: JSON parses, CSVs have headers and rows.
    let run_dir = dir.path().join("output").join(files[0].parent().unwrap());
    // The figures are real images a browser opens.
    assert!(fs::read(run_dir.join("air_war.png")).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(fs::read_to_string(run_dir.join("daily.svg")).unwrap().contains("<svg"));
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(run_dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["scenario"], "baseline");
    assert!(summary["metrics"]["units.deployed"].as_f64().unwrap() > 20.0, "{summary}");
    let events = fs::read_to_string(run_dir.join("events.csv")).unwrap();
    assert!(events.starts_with("time_s,day,kind,unit,unit_type,nation,side,lat,lon,detail\n"));
    assert!(events.lines().count() > 20);
    let series = fs::read_to_string(run_dir.join("timeseries.csv")).unwrap();
    assert_eq!(series.lines().count(), 31, "a header and 30 days");
}

#[test]
fn an_existing_run_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.ron"), VALID).unwrap();
    assert_eq!(hedgehog(dir.path(), &["run", "s.ron", "-q"]).status.code(), Some(0));
    let files = files_under(dir.path());
    let summary = files.iter().find(|p| p.ends_with("summary.json")).unwrap().clone();
    fs::write(dir.path().join(&summary), "sentinel").unwrap();

    let o = hedgehog(dir.path(), &["run", "s.ron"]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("already exists") && stderr.contains("--force"), "{stderr}");
    assert_eq!(fs::read_to_string(dir.path().join(&summary)).unwrap(), "sentinel");

    let o = hedgehog(dir.path(), &["run", "s.ron", "--force", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "--quiet prints nothing");
    assert!(fs::read_to_string(dir.path().join(&summary)).unwrap().starts_with('{'));

    // A different seed or override is a different run directory.
    assert_eq!(hedgehog(dir.path(), &["run", "s.ron", "--seed", "2", "-q"]).status.code(), Some(0));
    assert_eq!(hedgehog(dir.path(), &["run", "s.ron", "--days", "1", "-q"]).status.code(), Some(0));
    let runs: Vec<_> = fs::read_dir(dir.path().join("output/fixture")).unwrap().collect();
    assert_eq!(runs.len(), 3);
}

#[test]
fn a_scenario_name_cannot_write_outside_the_output_directory() {
    for name in ["../../escape", "/etc/hedgehog-test", "..", "a/../../b"] {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("work");
        fs::create_dir(&inner).unwrap();
        fs::write(inner.join("s.ron"), VALID.replacen("\"fixture\"", &format!("{name:?}"), 1)).unwrap();
        let o = hedgehog(&inner, &["run", "s.ron", "--out", "results", "-q"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o).1);
        let all = files_under(dir.path());
        assert!(
            all.iter().all(|p| p.starts_with("work/results") || p == std::path::Path::new("work/s.ron")),
            "{name}: {all:?}"
        );
        assert_eq!(all.len(), 6, "{name}: the scenario, four data files and the report: {all:?}");
    }
}

#[test]
fn new_writes_a_starter_that_validates_and_runs_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &["new", "trial"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let starter = fs::read_to_string(dir.path().join("trial.ron")).unwrap();
    assert!(starter.contains("name: \"trial\""));
    assert!(starter.lines().filter(|l| l.trim_start().starts_with("//")).count() > 20, "commented");
    let o = hedgehog(dir.path(), &["validate", "trial.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    assert_eq!(hedgehog(dir.path(), &["run", "trial.ron", "-q"]).status.code(), Some(0));
    let o = hedgehog(dir.path(), &["new", "trial"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_to_string(dir.path().join("trial.ron")).unwrap(), starter);
}

#[test]
fn every_command_has_help_with_an_example_and_there_is_a_version() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [&[][..], &["run"], &["validate"], &["new"], &["bench"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let o = hedgehog(dir.path(), &args);
        let (stdout, _) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout.contains("Examples:") && stdout.contains("hedgehog "), "{args:?}:\n{stdout}");
    }
    let o = hedgehog(dir.path(), &["--version"]);
    assert_eq!(text(&o).0.trim(), format!("hedgehog {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn validate_accepts_every_shipped_scenario() {
    // Scenarios and, under configs/sweeps/, sweep files.
    let configs = repo().join("configs");
    let files: Vec<_> =
        files_under(&configs).into_iter().filter(|f| f.extension().is_some_and(|e| e == "ron")).collect();
    assert!(files.iter().any(|f| f.starts_with("sweeps")), "{files:?}");
    for f in files {
        let path = configs.join(&f);
        let o = hedgehog(&repo(), &["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", path.display(), text(&o).1);
        assert!(text(&o).0.starts_with("ok: "), "{:?}", text(&o));
    }
}

#[test]
fn set_and_days_change_what_runs() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(
        dir.path(),
        &["run", "--days", "3", "--set", "nations.DE.participates=false", "--set", "name=\"no germans\"", "--out", "o"],
    );
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("scenario \"no germans\""), "{stdout}");
    let files = files_under(&dir.path().join("o"));
    let resolved = files.iter().find(|p| p.ends_with("scenario.resolved.ron")).unwrap();
    let text = fs::read_to_string(dir.path().join("o").join(resolved)).unwrap();
    assert!(text.contains("duration_days: 3.0"), "{text}");
    assert!(text.contains("participates: false"), "{text}");
    let series = files.iter().find(|p| p.ends_with("timeseries.csv")).unwrap();
    assert_eq!(fs::read_to_string(dir.path().join("o").join(series)).unwrap().lines().count(), 4);
}
