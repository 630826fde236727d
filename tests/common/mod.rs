//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small valid scenario that the bad-input cases mutate.
pub const VALID: &str = r#"Scenario(
    name: "fixture",
    seed: 1,
    duration_days: 2,
    nations: {
        "UA": (side: Ukraine),
        "FR": (side: Coalition),
        "DE": (side: Coalition),
    },
    units: [
        (type: "samp_t", nation: "FR", position: "Odesa"),
        (type: "iris_t_slm", nation: "UA", position: (lat: 50.45, lon: 30.52)),
        (type: "iris_t_slm", nation: "DE", position: "Lviv"),
    ],
)
"#;

/// Runs the hedgehog binary with `args` in `cwd`.
pub fn hedgehog(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hedgehog"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the hedgehog binary runs")
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap_or(&p).to_path_buf());
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
