//! Errors in scenario input, written for the person who has to fix the file.
//!
//! Every error names the file, line and column, the field path and the value,
//! and says what is allowed: `baseline.ron:41:17: units[2].readiness = 1.5 is
//! not a probability in [0, 1]`. Loading gathers every error it can find
//! before giving up, so one run of `hedgehog validate` lists them all.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::doc::Origin;

/// One problem with the input.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// Where the offending text is.
    pub origin: Origin,
    /// Field path such as `units[3].position.lat`, when the error is about a field.
    pub path: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
    /// An optional hint: the nearest known name, an example.
    pub help: Option<String>,
    /// The source line, filled in when the text is at hand, shown under the message.
    pub snippet: Option<String>,
}

impl ConfigError {
    /// An error at `origin`, about `path` if given.
    pub fn new(origin: Origin, path: Option<String>, message: impl Into<String>) -> Self {
        Self { origin, path, message: message.into(), help: None, snippet: None }
    }

    /// An error about reading a file (no line to point at).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self::new(Origin { file: Arc::from(file), line: 1, col: 1 }, None, message)
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if let Some(path) = &self.path
            && !self.message.starts_with(path.as_str())
        {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(line) = &self.snippet {
            let width = self.origin.line.to_string().len();
            let caret_pad: String = line
                .chars()
                .take(self.origin.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{:width$} |\n{} | {line}\n{:width$} | {caret_pad}^", "", self.origin.line, "")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// All the problems found in one input, in file and line order.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl ConfigErrors {
    /// The errors, sorted by where they are and without duplicates.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.origin.cmp(&b.origin).then_with(|| a.message.cmp(&b.message)));
        self.0.dedup();
        self
    }

    /// Fills in each error's source line from the texts that were read.
    pub fn attach_snippets(&mut self, sources: &BTreeMap<Arc<str>, String>) {
        for e in &mut self.0 {
            if e.snippet.is_none()
                && let Some(text) = sources.get(&e.origin.file)
                && let Some(line) = text.lines().nth(e.origin.line.saturating_sub(1) as usize)
                && !line.trim().is_empty()
                && line.len() <= 300
            {
                e.snippet = Some(line.trim_end().to_string());
            }
        }
    }
}

impl From<ConfigError> for ConfigErrors {
    fn from(e: ConfigError) -> Self {
        Self(vec![e])
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

/// The known name closest to `word`, if one is close enough to be a likely
/// typo (Damerau-Levenshtein distance at most a third of the length, at least 1;
/// case-insensitive).
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (edit_distance(&w, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, k)| (*d, *k))
        .map(|(_, k)| k)
}

/// "did you mean `x`?" when a close name exists, else the list of names.
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match nearest(word, known.clone()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => {
            let all: Vec<&str> = known.into_iter().collect();
            if all.len() <= 40 {
                format!("known names: {}", all.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
            } else {
                format!("{} names are known; see the catalogue in assets/", all.len())
            }
        }
    }
}

/// Optimal-string-alignment edit distance: insertions, deletions,
/// substitutions and swaps of neighbours each cost 1.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_name() {
        let known = ["resolution_km", "duration_days", "seed"];
        assert_eq!(nearest("resolutoin_km", known), Some("resolution_km"));
        assert_eq!(nearest("durations_days", known), Some("duration_days"));
        assert_eq!(nearest("Seed", known), Some("seed"));
        assert_eq!(nearest("xyz", known), None);
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn display_shows_location_path_and_caret() {
        let mut e = ConfigError::new(
            Origin { file: Arc::from("a.ron"), line: 2, col: 9 },
            Some("seed".into()),
            "expected an integer",
        )
        .with_help("seeds are whole numbers");
        e.snippet = Some("  seed: 1.5,".into());
        let s = e.to_string();
        assert!(s.starts_with("a.ron:2:9: seed: expected an integer"), "{s}");
        assert!(s.contains("2 |   seed: 1.5,"), "{s}");
        assert!(s.contains("|         ^"), "{s}");
        assert!(s.ends_with("help: seeds are whole numbers"), "{s}");
    }
}
