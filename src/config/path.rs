//! Field paths such as `units[3].position` or `nations.DE.participates`: how
//! errors name a field, how `--set PATH=VALUE` reaches one, and how sweeps
//! (the batch issue) will name their factors.
//!
//! A path walks a [`Node`] tree: `.name` enters a struct field or a map key
//! (map keys compare by their text, so `nations.DE` reaches `{"DE": ...}`),
//! `[i]` enters a list or tuple element.

use std::fmt;
use std::sync::Arc;

use super::doc::{Field, Node, Origin, Value};
use super::error::{ConfigError, suggest};

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A struct field or map key.
    Key(String),
    /// A list or tuple element.
    Index(usize),
}

/// A path from the document root to one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The root.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by a key.
    pub fn key(&self, k: impl Into<String>) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(k.into()));
        p
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// Parses `a.b[2].c` or `nations."Côte d'Ivoire".x`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut segs = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut expect_key = true;
        while i < chars.len() {
            let c = chars[i];
            if c == '[' {
                let close = chars[i..].iter().position(|&c| c == ']').ok_or("`[` without `]`")? + i;
                let digits: String = chars[i + 1..close].iter().collect();
                let n = digits
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("`[{digits}]` is not a list index (a whole number from 0)"))?;
                segs.push(Segment::Index(n));
                i = close + 1;
                expect_key = false;
            } else if c == '.' {
                if expect_key {
                    return Err("empty name between dots".into());
                }
                i += 1;
                expect_key = true;
            } else if c == '"' {
                let close = chars[i + 1..].iter().position(|&c| c == '"').ok_or("unclosed `\"` in path")? + i + 1;
                segs.push(Segment::Key(chars[i + 1..close].iter().collect()));
                i = close + 1;
                expect_key = false;
            } else if c.is_alphanumeric() || c == '_' || c == '-' {
                if !expect_key {
                    return Err(format!("expected `.` or `[` before `{c}`"));
                }
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
                    i += 1;
                }
                segs.push(Segment::Key(chars[start..i].iter().collect()));
                expect_key = false;
            } else {
                return Err(format!("unexpected `{c}` in path"));
            }
        }
        if segs.is_empty() {
            return Err("the path is empty".into());
        }
        if expect_key {
            return Err("the path ends with `.`".into());
        }
        Ok(Self(segs))
    }

    /// True for the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Segment::Key(k) if is_plain(k) => {
                    if i > 0 {
                        write!(f, ".")?;
                    }
                    write!(f, "{k}")?;
                }
                Segment::Key(k) => {
                    if i > 0 {
                        write!(f, ".")?;
                    }
                    write!(f, "\"{k}\"")?;
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

fn is_plain(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The node at `path`, if it exists.
pub fn get<'a>(root: &'a Node, path: &FieldPath) -> Option<&'a Node> {
    let mut node = root;
    for seg in &path.0 {
        node = child(node, seg)?;
    }
    Some(node)
}

/// The origin of the value at `path`, or of its nearest ancestor that exists
/// (a defaulted field was never written, so its parent is the place to point).
pub fn nearest_origin(root: &Node, path: &FieldPath) -> Origin {
    let mut node = root;
    for seg in &path.0 {
        match child(node, seg) {
            Some(n) => node = n,
            None => break,
        }
    }
    node.origin.clone()
}

fn child<'a>(node: &'a Node, seg: &Segment) -> Option<&'a Node> {
    match (seg, &node.value) {
        (Segment::Key(k), Value::Map(entries)) => {
            entries.iter().find(|(key, _)| key.key_text().as_deref() == Some(k)).map(|(_, v)| v)
        }
        (Segment::Key(k), _) => node.field(k),
        (Segment::Index(i), Value::List(items) | Value::Tuple(items)) => items.get(*i),
        (Segment::Index(i), Value::Named(_, items)) => items.get(*i),
        _ => None,
    }
}

/// Sets the value at `path` to `value`, creating missing struct fields on the
/// way (a field the file left to its default). Lists must already have the
/// index, and a map key deeper than the last step must already exist, so a
/// typo in `nations.DR.participates` is an error rather than a new nation.
pub fn set(root: &mut Node, path: &FieldPath, value: Node) -> Result<(), ConfigError> {
    let origin = value.origin.clone();
    let fail = |done: &FieldPath, msg: String| ConfigError::new(origin.clone(), Some(done.to_string()), msg);
    let mut node = root;
    let mut done = FieldPath::root();
    let last = path.0.len() - 1;
    for (depth, seg) in path.0.iter().enumerate() {
        let is_last = depth == last;
        let here = done.clone();
        match seg {
            Segment::Index(i) => {
                let items = match &mut node.value {
                    Value::List(items) | Value::Tuple(items) | Value::Named(_, items) => items,
                    other => {
                        return Err(fail(
                            &here,
                            format!("`[{i}]` needs a list here, but this is {}", other.describe()),
                        ));
                    }
                };
                let len = items.len();
                node = items.get_mut(*i).ok_or_else(|| {
                    fail(
                        &here,
                        format!("has {len} element(s), so index {i} is out of range (0 to {})", len.saturating_sub(1)),
                    )
                })?;
                done = done.index(*i);
            }
            Segment::Key(k) => {
                done = done.key(k.clone());
                let is_map = matches!(node.value, Value::Map(_));
                let is_struct = node.fields().is_some() || matches!(node.value, Value::Unit);
                if !is_map && !is_struct {
                    return Err(fail(
                        &here,
                        format!("`.{k}` needs a struct or map here, but this is {}", node.value.describe()),
                    ));
                }
                if is_map {
                    let Value::Map(entries) = &mut node.value else {
                        return Err(fail(&here, "internal: not a map".into()));
                    };
                    let at = entries.iter().position(|(key, _)| key.key_text().as_deref() == Some(k));
                    let at = match at {
                        Some(at) => at,
                        None if is_last => {
                            let key = Node { value: Value::Str(k.clone()), origin: origin.clone() };
                            entries.push((key, empty_struct(&origin)));
                            entries.len() - 1
                        }
                        None => {
                            let keys: Vec<String> = entries.iter().filter_map(|(k, _)| k.key_text()).collect();
                            return Err(fail(
                                &here,
                                format!("has no key `{k}`; {}", suggest(k, keys.iter().map(String::as_str))),
                            ));
                        }
                    };
                    node = &mut entries[at].1;
                } else {
                    if matches!(node.value, Value::Unit) {
                        node.value = Value::Struct(None, Vec::new());
                    }
                    let Some(fields) = node.fields_mut() else {
                        return Err(fail(&here, "internal: not a struct".into()));
                    };
                    let at = match fields.iter().position(|f| f.name == *k) {
                        Some(at) => at,
                        None => {
                            fields.push(Field {
                                name: k.clone(),
                                name_origin: origin.clone(),
                                value: empty_struct(&origin),
                            });
                            fields.len() - 1
                        }
                    };
                    node = &mut fields[at].value;
                }
            }
        }
    }
    *node = value;
    Ok(())
}

fn empty_struct(origin: &Origin) -> Node {
    Node { value: Value::Struct(None, Vec::new()), origin: origin.clone() }
}

/// One `--set PATH=VALUE` override, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Where the value goes.
    pub path: FieldPath,
    /// The value, with an origin naming the override.
    pub value: Node,
}

impl Override {
    /// Parses `PATH=VALUE`. VALUE is RON (`10`, `false`, `(lat: 48.5, lon: 35.0)`,
    /// `"Kyiv"`); text that is not RON at all is taken as a string, so
    /// `--set name=my run` works without quoting.
    pub fn parse(arg: &str) -> Result<Self, ConfigError> {
        let file: Arc<str> = Arc::from(format!("--set {arg}"));
        let at = |col: usize, msg: String| ConfigError::new(Origin::new(&file, 1, col as u32), None, msg);
        let Some((path_text, value_text)) = arg.split_once('=') else {
            return Err(at(
                1,
                "expected PATH=VALUE, e.g. `duration_days=10` or `nations.DE.participates=false`".into(),
            ));
        };
        let path = FieldPath::parse(path_text.trim()).map_err(|m| at(1, format!("bad path `{path_text}`: {m}")))?;
        let value_file: Arc<str> = Arc::from(format!("--set {}", path_text.trim()));
        let value_col = path_text.chars().count() + 2;
        let value = match super::doc::parse(&value_file, value_text) {
            Ok(mut node) => {
                shift_columns(&mut node, value_col as u32 - 1);
                node
            }
            Err(_) if !value_text.trim().is_empty() => Node {
                value: Value::Str(value_text.to_string()),
                origin: Origin::new(&value_file, 1, value_col as u32),
            },
            Err(e) => {
                return Err(at(value_col, format!("missing value after `=`: {}", e.message)));
            }
        };
        Ok(Self { path, value })
    }
}

/// Moves every origin on line 1 right by `by` columns, so positions inside a
/// `--set` value count from the start of the whole `PATH=VALUE` argument.
fn shift_columns(node: &mut Node, by: u32) {
    if node.origin.line == 1 {
        node.origin.col += by;
    }
    match &mut node.value {
        Value::List(items) | Value::Tuple(items) | Value::Named(_, items) => {
            items.iter_mut().for_each(|n| shift_columns(n, by));
        }
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift_columns(k, by);
            shift_columns(v, by);
        }),
        Value::Struct(_, fields) => fields.iter_mut().for_each(|f| {
            if f.name_origin.line == 1 {
                f.name_origin.col += by;
            }
            shift_columns(&mut f.value, by);
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::doc::parse;

    fn doc(text: &str) -> Node {
        parse(&Arc::from("t.ron"), text).unwrap()
    }

    #[test]
    fn parses_and_prints_paths() {
        for p in ["duration_days", "units[3].position", "nations.DE.participates", "catalog.patriot.pk.drone"] {
            assert_eq!(FieldPath::parse(p).unwrap().to_string(), p);
        }
        assert_eq!(FieldPath::parse("a.\"b c\".d").unwrap().to_string(), "a.\"b c\".d");
        assert!(FieldPath::parse("a..b").is_err());
        assert!(FieldPath::parse("a.").is_err());
        assert!(FieldPath::parse("a[x]").is_err());
        assert!(FieldPath::parse("").is_err());
    }

    #[test]
    fn set_reaches_struct_fields_map_keys_and_list_items() {
        let mut root = doc(r#"(units: [(x: 1), (x: 2)], nations: {"DE": (participates: true)})"#);
        for arg in ["units[1].x=5", "nations.DE.participates=false", "map.resolution_km=10"] {
            let o = Override::parse(arg).unwrap();
            set(&mut root, &o.path, o.value).unwrap();
        }
        let get_text = |p: &str| get(&root, &FieldPath::parse(p).unwrap()).unwrap().value.scalar_text().unwrap();
        assert_eq!(get_text("units[1].x"), "5");
        assert_eq!(get_text("nations.DE.participates"), "false");
        assert_eq!(get_text("map.resolution_km"), "10");
    }

    #[test]
    fn set_refuses_out_of_range_indices_and_unknown_deep_keys() {
        let mut root = doc(r#"(units: [(x: 1)], nations: {"DE": (participates: true)})"#);
        let o = Override::parse("units[4].x=1").unwrap();
        let e = set(&mut root, &o.path, o.value).unwrap_err();
        assert!(e.message.contains("index 4 is out of range"), "{e}");
        let o = Override::parse("nations.DR.participates=false").unwrap();
        let e = set(&mut root, &o.path, o.value).unwrap_err();
        assert!(e.message.contains("did you mean `DE`"), "{e}");
    }

    #[test]
    fn override_values_are_ron_or_plain_text() {
        let o = Override::parse("units[3].position=(lat: 48.5, lon: 35.0)").unwrap();
        assert!(o.value.field("lat").is_some());
        assert_eq!(o.value.field("lon").unwrap().origin.col, 36);
        let o = Override::parse("name=my run").unwrap();
        assert_eq!(o.value.value, Value::Str("my run".into()));
        assert!(Override::parse("no_equals_sign").is_err());
    }
}
