//! Writing results: one directory per run, complete or absent.
//!
//! A run's files are written into a hidden temporary directory beside the
//! destination and renamed into place in one step, so a crash, a full disk or
//! Ctrl-C never leaves a half-written run directory. An existing run directory
//! is replaced only with `force`. Every path is built from `--out` plus the
//! scenario's slug and a run id made of safe characters only, so nothing a
//! scenario says can place a file outside `--out`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Scenario;
use crate::results::RunResult;
use crate::sim::rng::fnv1a;

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The run directory exists and `force` was not given.
    #[error("{} already exists (same scenario, overrides and seed); use --force to replace it or --out DIR to write elsewhere", .0.display())]
    Exists(PathBuf),
    /// A file system operation failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// The run id: the seed plus a short hash of the resolved scenario, so that a
/// run with different overrides gets its own directory and the same run
/// lands in the same one.
pub fn run_id(scenario: &Scenario, seed: u64) -> String {
    format!("seed-{seed}-{:08x}", fnv1a(&scenario.resolved_ron()) as u32)
}

/// Where the run of `scenario` with `seed` is written under `out`.
pub fn run_dir(out: &Path, scenario: &Scenario, seed: u64) -> PathBuf {
    out.join(&scenario.slug).join(run_id(scenario, seed))
}

/// The files of one run, by name.
pub fn run_files(scenario: &Scenario, result: &RunResult) -> Result<Vec<(&'static str, Vec<u8>)>, csv::Error> {
    Ok(vec![
        ("scenario.resolved.ron", scenario.resolved_ron().into_bytes()),
        ("summary.json", result.summary_json().into_bytes()),
        ("events.csv", result.events_csv()?),
        ("timeseries.csv", result.timeseries_csv()?),
    ])
}

/// A directory being written: files go into a hidden temporary sibling of the
/// destination, and [`StagedDir::commit`] renames it into place in one step.
/// Dropped without a commit, the temporary directory is removed, so a failed
/// or interrupted write leaves nothing behind.
#[derive(Debug)]
pub struct StagedDir {
    tmp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Starts writing `dest`; refuses an existing `dest` unless `force`.
    pub fn new(dest: &Path, force: bool) -> Result<Self, OutputError> {
        if dest.exists() && !force {
            return Err(OutputError::Exists(dest.to_path_buf()));
        }
        let parent = dest.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        Ok(Self { tmp, dest: dest.to_path_buf(), committed: false })
    }

    /// The temporary directory to write into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file into the directory.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        write_file(&self.tmp.join(name), bytes)
    }

    /// Moves the finished directory into place, replacing any old one.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let parent = self.dest.parent().unwrap_or(Path::new(".")).to_path_buf();
        if self.dest.exists() {
            let name = self.dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let old = parent.join(format!(".{name}.old-{}", std::process::id()));
            fs::rename(&self.dest, &old).map_err(io_err(&self.dest))?;
            fs::rename(&self.tmp, &self.dest).map_err(io_err(&self.dest))?;
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        } else {
            fs::rename(&self.tmp, &self.dest).map_err(io_err(&self.dest))?;
        }
        self.committed = true;
        Ok(self.dest.clone())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes `files` as the directory `dest`, atomically.
pub fn write_dir_atomically(dest: &Path, files: &[(&str, Vec<u8>)], force: bool) -> Result<(), OutputError> {
    let staged = StagedDir::new(dest, force)?;
    for (file, bytes) in files {
        staged.write(file, bytes)?;
    }
    staged.commit().map(|_| ())
}

/// Writes one file via a temporary sibling and a rename, flushed to disk first.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    let mut f = fs::File::create(&tmp).map_err(io_err(&tmp))?;
    f.write_all(bytes).map_err(io_err(&tmp))?;
    f.sync_all().map_err(io_err(&tmp))?;
    drop(f);
    fs::rename(&tmp, path).map_err(io_err(path))
}

/// Writes the run of `scenario` under `out` and returns its directory.
pub fn write_run(out: &Path, scenario: &Scenario, result: &RunResult, force: bool) -> Result<PathBuf, OutputError> {
    let dest = run_dir(out, scenario, result.summary.seed);
    let files = run_files(scenario, result)
        .map_err(|e| OutputError::Io { path: dest.clone(), source: std::io::Error::other(e.to_string()) })?;
    write_dir_atomically(&dest, &files, force)?;
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_appears_whole_and_is_not_replaced_without_force() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("s").join("run");
        write_dir_atomically(&dest, &[("a.txt", b"one".to_vec())], false).unwrap();
        assert_eq!(fs::read(dest.join("a.txt")).unwrap(), b"one");
        let e = write_dir_atomically(&dest, &[("a.txt", b"two".to_vec())], false).unwrap_err();
        assert!(matches!(e, OutputError::Exists(_)));
        assert_eq!(fs::read(dest.join("a.txt")).unwrap(), b"one");
        write_dir_atomically(&dest, &[("b.txt", b"two".to_vec())], true).unwrap();
        assert!(!dest.join("a.txt").exists() && dest.join("b.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path().join("s")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("run")], "no temporary files remain");
    }
}
