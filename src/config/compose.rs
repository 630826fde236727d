//! Reading scenario files from disk or from the binary, following `include`s,
//! and merging located trees.
//!
//! Merge rules (the same for includes, the catalogue and `params`): structs
//! and maps merge key by key, recursively; anything else, lists included, is
//! replaced by the later value. Includes are applied in the order listed, then
//! the including file on top, so a file overrides what it includes.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::builtin;
use super::doc::{self, Node, Value};
use super::error::{ConfigError, ConfigErrors};

/// Longest chain of includes followed before giving up.
const MAX_INCLUDE_DEPTH: usize = 32;

/// Where the top-level scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioSource {
    /// A file on disk; includes are read from disk relative to it.
    File(PathBuf),
    /// A scenario built into the binary (`configs/*.ron`); includes are read
    /// from the built-in set.
    Builtin(&'static str),
}

impl ScenarioSource {
    /// Resolves what a user typed: an existing file, else a built-in scenario
    /// by name (`baseline`, `baseline.ron` or `configs/baseline.ron`).
    pub fn resolve(arg: &str) -> Result<Self, ConfigError> {
        let path = PathBuf::from(arg);
        if path.exists() {
            return Ok(Self::File(path));
        }
        if let Some(name) = builtin::find_config(arg) {
            return Ok(Self::Builtin(name));
        }
        let known: Vec<&str> = builtin::CONFIGS.iter().map(|(n, _)| builtin::short_name(n)).collect();
        Err(ConfigError::file(arg, "no such file, and no built-in scenario has this name")
            .with_help(format!("built-in scenarios: {}", known.join(", "))))
    }

    /// The name to show for this source.
    pub fn display(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Builtin(name) => (*name).to_string(),
        }
    }
}

/// The texts read so far, by the file name used in origins (for snippets).
pub type SourceTexts = BTreeMap<Arc<str>, String>;

/// Reads `source` and everything it includes into one merged tree.
pub fn read_scenario(source: &ScenarioSource, texts: &mut SourceTexts) -> Result<Node, ConfigErrors> {
    let (display, builtin) = match source {
        ScenarioSource::File(p) => (p.display().to_string(), false),
        ScenarioSource::Builtin(n) => ((*n).to_string(), true),
    };
    let mut stack = Vec::new();
    read_with_includes(&display, builtin, None, &mut stack, texts)
}

fn read_with_includes(
    display: &str,
    builtin: bool,
    included_from: Option<&Node>,
    stack: &mut Vec<String>,
    texts: &mut SourceTexts,
) -> Result<Node, ConfigErrors> {
    let at_include = |msg: String| match included_from {
        Some(node) => ConfigError::new(node.origin.clone(), Some("include".into()), msg),
        None => ConfigError::file(display, msg),
    };
    let key = if builtin { display.to_string() } else { canonical_key(display) };
    if let Some(first) = stack.iter().position(|k| *k == key) {
        let mut chain: Vec<&str> = stack[first..].iter().map(String::as_str).collect();
        chain.push(&key);
        return Err(at_include(format!("include cycle: {}", chain.join(" -> "))).into());
    }
    if stack.len() >= MAX_INCLUDE_DEPTH {
        return Err(at_include(format!("includes nest more than {MAX_INCLUDE_DEPTH} deep")).into());
    }
    let bytes = if builtin {
        builtin::config_text(display)
            .map(|t| t.as_bytes().to_vec())
            .ok_or_else(|| at_include(format!("no built-in file `{display}`")))?
    } else {
        std::fs::read(display).map_err(|e| at_include(format!("cannot read `{display}`: {}", io_reason(&e))))?
    };
    let file: Arc<str> = Arc::from(display);
    let text = decode(&file, bytes)?;
    texts.insert(Arc::clone(&file), text.clone());
    let mut root = doc::parse(&file, &text)?;
    if root.fields().is_none() {
        if matches!(root.value, Value::Unit) {
            root.value = Value::Struct(None, Vec::new());
        } else {
            return Err(ConfigError::new(
                root.origin.clone(),
                None,
                format!("a scenario file holds one struct `Scenario(name: ..., ...)`, found {}", root.value.describe()),
            )
            .into());
        }
    }
    let includes = root.take_field("include");
    let Some(include) = includes else {
        return Ok(root);
    };

    let items = match &include.value.value {
        Value::List(items) => items.clone(),
        other => {
            return Err(ConfigError::new(
                include.value.origin.clone(),
                Some("include".into()),
                format!("expected a list of file names `[\"other.ron\"]`, found {}", other.describe()),
            )
            .into());
        }
    };
    stack.push(key);
    let mut merged: Option<Node> = None;
    for item in &items {
        let Value::Str(rel) = &item.value else {
            stack.pop();
            return Err(ConfigError::new(
                item.origin.clone(),
                Some("include".into()),
                format!("expected a file name in double quotes, found {}", item.value.describe()),
            )
            .into());
        };
        let child = join_relative(display, rel);
        let result = read_with_includes(&child, builtin, Some(item), stack, texts);
        let node = match result {
            Ok(node) => node,
            Err(e) => {
                stack.pop();
                return Err(e);
            }
        };
        match &mut merged {
            None => merged = Some(node),
            Some(base) => merge(base, node),
        }
    }
    stack.pop();
    let Some(mut base) = merged else {
        return Ok(root);
    };
    // Keep the including file's struct name and origin on top.
    let origin = root.origin.clone();
    merge(&mut base, root);
    base.origin = origin;
    Ok(base)
}

/// Merges `over` onto `base`: structs and maps key by key, anything else replaced.
pub fn merge(base: &mut Node, over: Node) {
    match (&mut base.value, over.value) {
        (Value::Map(base_entries), Value::Map(over_entries)) => {
            for (k, v) in over_entries {
                let text = k.key_text();
                match base_entries.iter_mut().find(|(bk, _)| text.is_some() && bk.key_text() == text) {
                    Some((_, bv)) => merge(bv, v),
                    None => base_entries.push((k, v)),
                }
            }
        }
        // Struct fields given as a map (from `--set` into a map section) or the reverse.
        (Value::Map(base_entries), Value::Struct(None, fields)) => {
            for f in fields {
                let key = Node { value: Value::Str(f.name.clone()), origin: f.name_origin.clone() };
                match base_entries.iter_mut().find(|(bk, _)| bk.key_text().as_deref() == Some(&f.name)) {
                    Some((_, bv)) => merge(bv, f.value),
                    None => base_entries.push((key, f.value)),
                }
            }
        }
        (_, over_value) => {
            let over = Node { value: over_value, origin: over.origin };
            if !merge_fields(base, &over) {
                *base = over;
            }
        }
    }
}

/// Merges struct fields when both sides are structs of the same name (or the
/// overlay is anonymous); returns false when the overlay should replace.
fn merge_fields(base: &mut Node, over: &Node) -> bool {
    let same_name = match (&base.value, &over.value) {
        (Value::Struct(bn, _), Value::Struct(on, _)) => on.is_none() || bn == on,
        (Value::Named(bn, bi), Value::Struct(on, _)) => bi.len() == 1 && (on.is_none() || on.as_ref() == Some(bn)),
        (Value::Struct(Some(bn), _), Value::Named(on, oi)) => oi.len() == 1 && bn == on,
        (Value::Named(bn, bi), Value::Named(on, oi)) => bi.len() == 1 && oi.len() == 1 && bn == on,
        _ => false,
    };
    if !same_name || base.fields().is_none() || over.fields().is_none() {
        return false;
    }
    let over_fields = over.fields().cloned().unwrap_or_default();
    let base_fields = base.fields_mut().expect("checked above");
    for f in over_fields {
        match base_fields.iter_mut().find(|b| b.name == f.name) {
            Some(b) => merge(&mut b.value, f.value),
            None => base_fields.push(f),
        }
    }
    true
}

/// Checks that `bytes` are UTF-8, pointing at the first bad byte if not.
pub fn decode(file: &Arc<str>, bytes: Vec<u8>) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(good);
        let line = text.matches('\n').count() as u32 + 1;
        let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        ConfigError::new(
            doc::Origin::new(file, line, col),
            None,
            format!(
                "the file is not UTF-8 text (byte 0x{:02x} at offset {}); save it as UTF-8",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// `rel` resolved against the directory of `from`, normalised (`a/../b` -> `b`).
pub fn join_relative(from: &str, rel: &str) -> String {
    let rel_path = Path::new(rel);
    let joined = if rel_path.is_absolute() {
        rel_path.to_path_buf()
    } else {
        Path::new(from).parent().unwrap_or(Path::new("")).join(rel_path)
    };
    normalise(&joined).to_string_lossy().into_owned()
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn canonical_key(display: &str) -> String {
    std::fs::canonicalize(display)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| normalise(Path::new(display)).to_string_lossy().into_owned())
}

/// The shipped catalogue as one map node, every entry located in its asset file.
pub fn builtin_catalog(texts: &mut SourceTexts) -> Result<Node, ConfigErrors> {
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in builtin::CATALOG {
        let file: Arc<str> = Arc::from(*name);
        texts.insert(Arc::clone(&file), (*text).to_string());
        let root = match doc::parse(&file, text) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let Value::Map(items) = root.value else {
            errors.push(ConfigError::new(root.origin, None, "a catalogue file holds one map `{\"name\": Kind(...)}`"));
            continue;
        };
        for (k, v) in items {
            let text = k.key_text();
            if let Some((prev, _)) = entries.iter().find(|(pk, _)| pk.key_text() == text) {
                errors.push(ConfigError::new(
                    k.origin.clone(),
                    None,
                    format!("catalogue name {:?} is also defined at {}", text.unwrap_or_default(), prev.origin),
                ));
                continue;
            }
            entries.push((k, v));
        }
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }
    let origin = doc::Origin::new(&Arc::from("assets/catalog"), 1, 1);
    Ok(Node { value: Value::Map(entries), origin })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        doc::parse(&Arc::from("t.ron"), text).unwrap()
    }

    #[test]
    fn merges_structs_and_maps_and_replaces_lists() {
        let mut base = node(r#"Scenario(a: 1, m: {"x": (p: 1, q: 2)}, l: [1, 2], s: (k: 1))"#);
        merge(&mut base, node(r#"(a: 2, m: {"x": (q: 3), "y": (p: 4)}, l: [9], s: (j: 2))"#));
        let text = |n: &Node| n.value.scalar_text().unwrap();
        assert_eq!(text(base.field("a").unwrap()), "2");
        let Value::Map(m) = &base.field("m").unwrap().value else { panic!() };
        assert_eq!(m.len(), 2);
        assert_eq!(text(m[0].1.field("p").unwrap()), "1");
        assert_eq!(text(m[0].1.field("q").unwrap()), "3");
        let Value::List(l) = &base.field("l").unwrap().value else { panic!() };
        assert_eq!(l.len(), 1);
        assert!(base.field("s").unwrap().field("k").is_some() && base.field("s").unwrap().field("j").is_some());
    }

    #[test]
    fn merges_anonymous_overrides_into_enum_variants() {
        let mut base = node(r#"{"p": AirDefense(name: "P", launchers: 8)}"#);
        merge(&mut base, node(r#"{"p": (launchers: 6)}"#));
        let Value::Map(m) = &base.value else { panic!() };
        assert!(matches!(&m[0].1.value, Value::Struct(Some(n), _) if n == "AirDefense"));
        assert_eq!(m[0].1.field("launchers").unwrap().value, Value::Int(6));
        assert!(m[0].1.field("name").is_some());
    }

    #[test]
    fn relative_includes_resolve_against_the_including_file() {
        assert_eq!(join_relative("configs/a.ron", "b.ron"), "configs/b.ron");
        assert_eq!(join_relative("configs/a.ron", "../x/b.ron"), "x/b.ron");
        assert_eq!(join_relative("a.ron", "b.ron"), "b.ron");
    }

    #[test]
    fn non_utf8_is_reported_at_the_bad_byte() {
        let e = decode(&Arc::from("t.ron"), b"(name:\n \"a\xff\")".to_vec()).unwrap_err();
        assert_eq!((e.origin.line, e.origin.col), (2, 4));
        assert!(e.message.contains("not UTF-8"));
    }
}
