//! Batches and sweeps through the real CLI, as analysts and clusters use
//! them: the same files whatever the thread count, sharding and merging give
//! exactly the unsharded files, a batch killed with SIGKILL resumes to the
//! same files, and bad sweeps, shards and merges are refused with exit code 2
//! and nothing written over.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{files_under, hedgehog, text};

/// The one directory under `out/<slug>/`.
fn only_dir(out: &Path, slug: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(out.join(slug)).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.remove(0)
}

/// Asserts two result directories hold the same files, byte for byte.
fn same_files(a: &Path, b: &Path) {
    let fa = files_under(a);
    assert_eq!(fa, files_under(b), "different file lists");
    assert!(fa.iter().any(|f| f.ends_with("summary.csv") || f.ends_with("points.csv")), "{fa:?}");
    for f in fa {
        assert!(fs::read(a.join(&f)).unwrap() == fs::read(b.join(&f)).unwrap(), "{} differs", f.display());
    }
}

const BATCH: &[&str] = &["batch", "--runs", "24", "--days", "2", "-q"];

#[test]
fn the_thread_count_does_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    for (out, threads) in [("one", "1"), ("two", "2")] {
        let mut args = BATCH.to_vec();
        args.extend(["--out", out, "--threads", threads]);
        let o = hedgehog(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    }
    let one = only_dir(&dir.path().join("one"), "baseline");
    same_files(&one, &only_dir(&dir.path().join("two"), "baseline"));
    // One row per replication, each with its own seed; every metric summarised.
    let runs = fs::read_to_string(one.join("runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 25);
    assert!(runs.starts_with("replication,seed,"));
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(one.join("summary.json")).unwrap()).unwrap();
    let launched = &summary["metrics"]["threats.launched"];
    assert_eq!(launched["n"], 24);
    assert!(launched["ci95_lo"].as_f64().unwrap() <= launched["mean"].as_f64().unwrap());
}

#[test]
fn shards_merged_are_byte_identical_to_one_run_for_batches_and_sweeps() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &[BATCH, &["--out", "whole"]].concat());
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    for k in ["0/3", "1/3", "2/3"] {
        let o = hedgehog(dir.path(), &[BATCH, &["--out", "parts", "--shard", k]].concat());
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    }
    let parts = only_dir(&dir.path().join("parts"), "baseline");
    let shards: Vec<String> =
        ["0", "1", "2"].iter().map(|k| parts.join(format!("shard-{k}-of-3")).display().to_string()).collect();
    // Incomplete sets and mixed batches are refused before anything is written.
    let o = hedgehog(dir.path(), &["merge", &shards[0], &shards[2]]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("shard 1/3 is missing"), "{:?}", text(&o));
    assert!(!parts.join("summary.csv").exists());
    let o = hedgehog(dir.path(), &["merge", &shards[0], &shards[1], &shards[2], "-q"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let merged: Vec<PathBuf> = files_under(&parts).into_iter().filter(|f| f.components().count() == 1).collect();
    let whole = only_dir(&dir.path().join("whole"), "baseline");
    assert_eq!(merged, files_under(&whole));
    for f in merged {
        assert!(fs::read(parts.join(&f)).unwrap() == fs::read(whole.join(&f)).unwrap(), "{} differs", f.display());
    }

    // A sweep, sharded the same way.
    fs::write(dir.path().join("s.ron"), SWEEP).unwrap();
    let sweep = |extra: &[&str]| {
        let o = hedgehog(dir.path(), &[&["sweep", "s.ron", "-q"], extra].concat());
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    };
    sweep(&["--out", "sw-whole"]);
    sweep(&["--out", "sw-parts", "--shard", "0/2"]);
    sweep(&["--out", "sw-parts", "--shard", "1/2"]);
    let sp = only_dir(&dir.path().join("sw-parts"), "s");
    let o = hedgehog(
        dir.path(),
        &["merge", &format!("{}/shard-0-of-2", sp.display()), &format!("{}/shard-1-of-2", sp.display()), "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let sw = only_dir(&dir.path().join("sw-whole"), "s");
    for f in ["results.csv", "results_daily.csv", "points.csv", "effects.csv", "timeseries.csv", "manifest.json"] {
        assert!(fs::read(sp.join(f)).unwrap() == fs::read(sw.join(f)).unwrap(), "{f} differs");
    }
    // Shards of different work do not merge.
    let o = hedgehog(dir.path(), &["merge", &shards[0], &format!("{}/shard-1-of-2", sp.display())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("cannot be merged"), "{:?}", text(&o));
}

/// A small sweep of the baseline: two factors, a full factorial of 2 x 2
/// points, 3 replications each, 2 simulated days.
const SWEEP: &str = r#"Sweep(
    scenario: "baseline",
    replications: 3,
    design: FullFactorial,
    factors: [
        (path: "air_war.detection_pd", levels: [0.6, 0.9]),
        (path: "nations.DE.participates", levels: [true, false]),
        (path: "duration_days", levels: [2.0]),
    ],
    outputs: ["threats.leaked"],
)
"#;

#[test]
fn a_batch_killed_mid_way_resumes_to_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["batch", "--runs", "120", "--days", "4", "-q", "--threads", "1"];
    let o = hedgehog(dir.path(), &[&args[..], &["--out", "calm"]].concat());
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    // Start the same batch and kill it (SIGKILL) once some rows are on disk.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hedgehog"))
        .args([&args[..], &["--out", "killed"]].concat())
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let rows = || -> usize {
        let Ok(d) = fs::read_dir(dir.path().join("killed/baseline")) else { return 0 };
        d.flatten().map(|e| fs::read_to_string(e.path().join("runs.csv")).map_or(0, |t| t.lines().count())).sum()
    };
    while rows() < 40 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let cut = rows();
    assert!(cut > 1 && cut < 121, "killed at {cut} rows: the test did not interrupt the batch");
    let o = hedgehog(dir.path(), &[&args[..], &["--out", "killed"]].concat());
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    same_files(&only_dir(&dir.path().join("calm"), "baseline"), &only_dir(&dir.path().join("killed"), "baseline"));
    // Started again once complete, it runs nothing and changes nothing.
    let o = hedgehog(dir.path(), &["batch", "--runs", "120", "--days", "4", "--threads", "1", "--out", "killed"]);
    assert!(text(&o).0.contains("already complete"), "{:?}", text(&o));
}

#[test]
fn bad_sweeps_shards_and_merges_get_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            SWEEP.replace("air_war.detection_pd", "air_war.detection_p"),
            "s.ron:6:16: factors[0].path",
            "unknown field `detection_p`",
        ),
        (
            SWEEP.replace("levels: [true, false]", "levels: [true, \"no\"]"),
            "s.ron:7:58: factors[1].levels[1]",
            "expected `true` or `false`",
        ),
        (SWEEP.replace("levels: [0.6, 0.9]", "range: (0.9, 0.6)"), "s.ron:6:47: factors[0].range", "low < high"),
        (
            SWEEP.replace("FullFactorial", "Nolh").replace("replications: 3", "replications: 0"),
            "replications = 0",
            "give from 1",
        ),
        (SWEEP.replace("design: FullFactorial,", "design: Factorial,"), "s.ron:4:13", "FullFactorial"),
    ];
    for (text_in, at, what) in cases {
        fs::write(dir.path().join("s.ron"), &text_in).unwrap();
        let o = hedgehog(dir.path(), &["sweep", "s.ron"]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(at) && err.contains(what), "wanted {at:?} and {what:?} in:\n{err}");
    }
    for shard in ["3/3", "1/0", "two/3"] {
        let o = hedgehog(dir.path(), &["batch", "--runs", "4", "--shard", shard]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).1.contains("--shard"), "{:?}", text(&o));
    }
    let o = hedgehog(dir.path(), &["merge", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(files_under(dir.path()).iter().all(|f| f.ends_with("s.ron")), "{:?}", files_under(dir.path()));
}

#[test]
fn the_shipped_slurm_script_and_kubernetes_manifest_shard_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let script = crate::common::repo().join("docs/cluster/slurm_array.sh");
    // Two array tasks, numbered from 5 as `--array=5-6` would.
    for id in ["5", "6"] {
        let o = Command::new("bash")
            .arg(&script)
            .current_dir(dir.path())
            .env("HEDGEHOG", env!("CARGO_BIN_EXE_hedgehog"))
            .env("RUNS", "6")
            .env("SCENARIO", "baseline")
            .env("SLURM_ARRAY_TASK_ID", id)
            .env("SLURM_ARRAY_TASK_MIN", "5")
            .env("SLURM_ARRAY_TASK_COUNT", "2")
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let batch = only_dir(&dir.path().join("output"), "baseline");
    for k in 0..2 {
        assert!(batch.join(format!("shard-{k}-of-2/manifest.json")).exists(), "{:?}", files_under(&batch));
    }
    // A Kubernetes pod: JOB_COMPLETION_INDEX with HEDGEHOG_SHARDS, as the manifest sets.
    let manifest = fs::read_to_string(crate::common::repo().join("docs/cluster/k8s_indexed_job.yaml")).unwrap();
    assert!(manifest.contains("completionMode: Indexed") && manifest.contains("completions: 8"));
    assert!(manifest.contains("name: HEDGEHOG_SHARDS") && manifest.contains("value: \"8\""));
    let o = Command::new(env!("CARGO_BIN_EXE_hedgehog"))
        .args(["batch", "--runs", "6", "--days", "1", "--out", "k8s", "-q"])
        .current_dir(dir.path())
        .env("JOB_COMPLETION_INDEX", "7")
        .env("HEDGEHOG_SHARDS", "8")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let k8s = only_dir(&dir.path().join("k8s"), "baseline");
    assert!(k8s.join("shard-7-of-8/runs.csv").exists(), "{:?}", files_under(&k8s));
}
