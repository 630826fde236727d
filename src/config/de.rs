//! Turns a located [`Node`] tree into typed structs with serde, keeping the
//! location: every error carries the origin and field path of the value that
//! failed, unknown fields and variants suggest the nearest known name, and
//! integers out of range say the range.
//!
//! Leniencies, all unambiguous: `Some` may be left out (`seed: 7` for an
//! `Option<u64>`), integers are accepted where a float is wanted, a newtype
//! variant may be written `Variant(field: v)` instead of `Variant((field: v))`,
//! and a bare word from `--set` is accepted as a string.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::doc::{Field, Node, Origin, Value};
use super::error::{ConfigError, suggest};
use super::path::FieldPath;

/// Deserializes `T` from `node`, whose path in the document is `path`.
pub fn from_node<T: DeserializeOwned>(node: &Node, path: &FieldPath) -> std::result::Result<T, ConfigError> {
    T::deserialize(NodeDe { node, path: path.clone() }).map_err(|e| e.into_config_error(node, path))
}

/// A deserialization error, located by the innermost value that saw it.
#[derive(Debug)]
pub struct DeError {
    located: Option<(Origin, FieldPath)>,
    message: String,
    help: Option<String>,
}

impl DeError {
    fn at(origin: &Origin, path: &FieldPath, message: String) -> Self {
        Self { located: Some((origin.clone(), path.clone())), message, help: None }
    }

    fn with_help(mut self, help: String) -> Self {
        self.help = Some(help);
        self
    }

    /// Attaches a location if no inner value has claimed the error yet.
    fn locate(mut self, node: &Node, path: &FieldPath) -> Self {
        if self.located.is_none() {
            self.located = Some((node.origin.clone(), path.clone()));
        }
        self
    }

    fn into_config_error(self, node: &Node, path: &FieldPath) -> ConfigError {
        let (origin, path) = self.located.unwrap_or_else(|| (node.origin.clone(), path.clone()));
        let path = (!path.is_root()).then(|| path.to_string());
        let mut e = ConfigError::new(origin, path, self.message);
        e.help = self.help;
        e
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self { located: None, message: msg.to_string(), help: None }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format!("expected {exp}, found {unexp}"))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format!("{unexp} is not allowed here: expected {exp}"))
    }

    fn missing_field(field: &'static str) -> Self {
        Self::custom(format!("missing field `{field}`"))
    }
}

type Result<T> = std::result::Result<T, DeError>;

/// A serde deserializer reading one node.
struct NodeDe<'a> {
    node: &'a Node,
    path: FieldPath,
}

impl<'a> NodeDe<'a> {
    fn err(&self, message: String) -> DeError {
        DeError::at(&self.node.origin, &self.path, message)
    }

    fn wrong(&self, expected: &str) -> DeError {
        self.err(format!("expected {expected}, found {}", self.node.value.describe()))
    }

    fn int(&self, what: &str, min: i128, max: i128) -> Result<i128> {
        match &self.node.value {
            Value::Int(i) if (min..=max).contains(i) => Ok(*i),
            Value::Int(i) => Err(self.err(format!("{i} is out of range for {what} ({min} to {max})"))),
            Value::Float(x) => {
                Err(self.err(format!("expected a whole number ({what}), found {}", super::doc::format_float(*x))))
            }
            _ => Err(self.wrong(&format!("a whole number ({what})"))),
        }
    }

    fn float(&self) -> Result<f64> {
        match &self.node.value {
            Value::Float(x) => Ok(*x),
            Value::Int(i) => Ok(*i as f64),
            _ => Err(self.wrong("a number")),
        }
    }

    fn fields_checked(&self, fields: &'a [Field], allowed: &'static [&'static str]) -> Result<&'a [Field]> {
        for f in fields {
            if !allowed.contains(&f.name.as_str()) {
                return Err(DeError::at(
                    &f.name_origin,
                    &self.path.key(f.name.clone()),
                    format!("unknown field `{}`", f.name),
                )
                .with_help(suggest(&f.name, allowed.iter().copied())));
            }
        }
        Ok(fields)
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $visit:ident, $ty:ty, $what:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                let i = self.int($what, <$ty>::MIN as i128, <$ty>::MAX as i128)?;
                visitor.$visit(i as $ty).map_err(|e: DeError| e.locate(self.node, &self.path))
            }
        )*
    };
}

impl<'de, 'a> de::Deserializer<'de> for NodeDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let r = match &self.node.value {
            Value::Unit => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => {
                if let Ok(u) = u64::try_from(*i) {
                    visitor.visit_u64(u)
                } else if let Ok(s) = i64::try_from(*i) {
                    visitor.visit_i64(s)
                } else {
                    visitor.visit_i128(*i)
                }
            }
            Value::Float(x) => visitor.visit_f64(*x),
            Value::Str(s) => visitor.visit_str(s),
            Value::Char(c) => visitor.visit_char(*c),
            Value::List(items) | Value::Tuple(items) => visitor.visit_seq(Seq::new(items, &self.path)),
            Value::Map(entries) => visitor.visit_map(Map::entries(entries, &self.path)),
            Value::Struct(_, fields) => visitor.visit_map(Map::fields(fields, &self.path)),
            Value::Ident(n) if n == "None" => visitor.visit_none(),
            Value::Named(n, items) if n == "Some" && items.len() == 1 => {
                visitor.visit_some(NodeDe { node: &items[0], path: self.path.clone() })
            }
            Value::Named(_, items) => visitor.visit_seq(Seq::new(items, &self.path)),
            Value::Ident(n) => visitor.visit_str(n),
        };
        r.map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Bool(b) => visitor.visit_bool(*b).map_err(|e: DeError| e.locate(self.node, &self.path)),
            _ => Err(self.wrong("`true` or `false`")),
        }
    }

    deserialize_int! {
        deserialize_i8 => visit_i8, i8, "an 8-bit integer";
        deserialize_i16 => visit_i16, i16, "a 16-bit integer";
        deserialize_i32 => visit_i32, i32, "a 32-bit integer";
        deserialize_i64 => visit_i64, i64, "a 64-bit integer";
        deserialize_u8 => visit_u8, u8, "an unsigned 8-bit integer";
        deserialize_u16 => visit_u16, u16, "an unsigned 16-bit integer";
        deserialize_u32 => visit_u32, u32, "an unsigned 32-bit integer";
        deserialize_u64 => visit_u64, u64, "an unsigned 64-bit integer";
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let x = self.float()?;
        visitor.visit_f32(x as f32).map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let x = self.float()?;
        visitor.visit_f64(x).map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Char(c) => visitor.visit_char(*c),
            Value::Str(s) if s.chars().count() == 1 => visitor.visit_char(s.chars().next().unwrap_or(' ')),
            _ => return Err(self.wrong("a single character")),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_str(s),
            Value::Ident(s) if self.node.origin.is_command_line() => visitor.visit_str(s),
            Value::Ident(s) => {
                return Err(self
                    .err(format!("expected a string in double quotes, found the bare word `{s}`"))
                    .with_help(format!("write \"{s}\"")));
            }
            _ => return Err(self.wrong("a string in double quotes")),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Ident(n) if n == "None" => visitor.visit_none(),
            Value::Named(n, items) if n == "Some" => {
                if items.len() != 1 {
                    return Err(self.err(format!("`Some(...)` holds exactly one value, found {}", items.len())));
                }
                visitor.visit_some(NodeDe { node: &items[0], path: self.path.clone() })
            }
            // `Some(field: v)`: a struct inside `Some` with its parentheses left
            // out, as ron writes it under `unwrap_variant_newtypes`.
            Value::Struct(Some(n), fields) if n == "Some" => {
                let inner = Node { value: Value::Struct(None, fields.clone()), origin: self.node.origin.clone() };
                visitor.visit_some(NodeDe { node: &inner, path: self.path.clone() })
            }
            _ => visitor.visit_some(NodeDe { node: self.node, path: self.path.clone() }),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Unit => visitor.visit_unit().map_err(|e: DeError| e.locate(self.node, &self.path)),
            _ => Err(self.wrong("`()`")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Unit => visitor.visit_unit(),
            Value::Ident(n) if n == name => visitor.visit_unit(),
            _ => return Err(self.wrong(&format!("`{name}` or `()`"))),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Named(n, items) if n == name && items.len() == 1 => {
                visitor.visit_newtype_struct(NodeDe { node: &items[0], path: self.path.clone() })
            }
            _ => visitor.visit_newtype_struct(NodeDe { node: self.node, path: self.path.clone() }),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::List(items) | Value::Tuple(items) => visitor.visit_seq(Seq::new(items, &self.path)),
            Value::Unit => visitor.visit_seq(Seq::new(&[], &self.path)),
            _ => return Err(self.wrong("a list `[...]`")),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        let items = match &self.node.value {
            Value::Tuple(items) | Value::List(items) | Value::Named(_, items) => items,
            _ => return Err(self.wrong(&format!("a tuple of {len} values `(...)`"))),
        };
        if items.len() != len {
            return Err(self.err(format!("expected a tuple of {len} values, found {}", items.len())));
        }
        visitor.visit_seq(Seq::new(items, &self.path)).map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Map(entries) => visitor.visit_map(Map::entries(entries, &self.path)),
            // `--set` creates intermediate steps as structs; read them as maps.
            Value::Struct(None, fields) => visitor.visit_map(Map::fields(fields, &self.path)),
            Value::Unit => visitor.visit_map(Map::entries(&[], &self.path)),
            _ => return Err(self.wrong("a map `{...}`")),
        }
        .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let given = match &self.node.value {
            Value::Struct(written, given) => {
                if let Some(w) = written
                    && w != name
                {
                    return Err(self.err(format!("expected `{name}(...)` or `(...)`, found `{w}(...)`")));
                }
                given.as_slice()
            }
            Value::Unit => &[],
            Value::Named(n, items) if n == name && items.len() == 1 => {
                return NodeDe { node: &items[0], path: self.path.clone() }.deserialize_struct(name, fields, visitor);
            }
            _ => {
                return Err(self.wrong(&format!("a struct `({}: ...)`", fields.first().unwrap_or(&"field"))));
            }
        };
        let given = self.fields_checked(given, fields)?;
        visitor.visit_map(Map::fields(given, &self.path)).map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let variant = match &self.node.value {
            Value::Ident(v) | Value::Named(v, _) | Value::Struct(Some(v), _) => v,
            Value::Str(v) if self.node.origin.is_command_line() => v,
            _ => {
                return Err(self.wrong("one of these").with_help(format!(
                    "allowed: {}",
                    variants.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                )));
            }
        };
        if !variants.contains(&variant.as_str()) {
            let help = match super::error::nearest(variant, variants.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => {
                    format!("allowed: {}", variants.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
                }
            };
            return Err(self.err(format!("unknown variant `{variant}`")).with_help(help));
        }
        visitor
            .visit_enum(Enum { de: NodeDe { node: self.node, path: self.path.clone() }, variant })
            .map_err(|e: DeError| e.locate(self.node, &self.path))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Ident(s) | Value::Str(s) => visitor.visit_str(s),
            _ => Err(self.wrong("a name")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

struct Seq<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Node>>,
    path: FieldPath,
}

impl<'a> Seq<'a> {
    fn new(items: &'a [Node], path: &FieldPath) -> Self {
        Self { items: items.iter().enumerate(), path: path.clone() }
    }
}

impl<'de, 'a> SeqAccess<'de> for Seq<'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.items.next() {
            None => Ok(None),
            Some((i, node)) => {
                let path = self.path.index(i);
                seed.deserialize(NodeDe { node, path: path.clone() })
                    .map(Some)
                    .map_err(|e: DeError| e.locate(node, &path))
            }
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// Map access over either `{k: v}` entries or struct fields.
struct Map<'a> {
    entries: Vec<(MapKey<'a>, &'a Node)>,
    next: usize,
    path: FieldPath,
}

enum MapKey<'a> {
    Node(&'a Node),
    Name(&'a str),
}

impl<'a> Map<'a> {
    fn entries(entries: &'a [(Node, Node)], path: &FieldPath) -> Self {
        Self { entries: entries.iter().map(|(k, v)| (MapKey::Node(k), v)).collect(), next: 0, path: path.clone() }
    }

    fn fields(fields: &'a [Field], path: &FieldPath) -> Self {
        Self {
            entries: fields.iter().map(|f| (MapKey::Name(f.name.as_str()), &f.value)).collect(),
            next: 0,
            path: path.clone(),
        }
    }

    fn current_path(&self) -> FieldPath {
        match &self.entries[self.next - 1].0 {
            MapKey::Name(n) => self.path.key(*n),
            MapKey::Node(k) => self.path.key(k.key_text().unwrap_or_else(|| "?".into())),
        }
    }
}

impl<'de, 'a> MapAccess<'de> for Map<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        match key {
            MapKey::Name(n) => seed.deserialize((*n).into_deserializer()).map(Some),
            MapKey::Node(k) => {
                let path = self.current_path();
                seed.deserialize(NodeDe { node: k, path: path.clone() })
                    .map(Some)
                    .map_err(|e: DeError| e.locate(k, &path))
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let node = self.entries[self.next - 1].1;
        let path = self.current_path();
        seed.deserialize(NodeDe { node, path: path.clone() }).map_err(|e: DeError| e.locate(node, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

struct Enum<'a> {
    de: NodeDe<'a>,
    variant: &'a str,
}

impl<'de, 'a> EnumAccess<'de> for Enum<'a> {
    type Error = DeError;
    type Variant = NodeDe<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let v = seed.deserialize(self.variant.into_deserializer())?;
        Ok((v, self.de))
    }
}

impl<'de, 'a> VariantAccess<'de> for NodeDe<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<()> {
        match &self.node.value {
            Value::Ident(_) | Value::Str(_) => Ok(()),
            Value::Named(_, items) if items.is_empty() => Ok(()),
            _ => Err(self.err(format!("{} takes no value", self.node.value.describe()))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        match &self.node.value {
            Value::Named(_, items) if items.len() == 1 => seed.deserialize(NodeDe { node: &items[0], path: self.path }),
            Value::Struct(Some(_), fields) => {
                // `Variant(field: v)` is `Variant((field: v))` with the inner parentheses left out.
                let inner = Node { value: Value::Struct(None, fields.clone()), origin: self.node.origin.clone() };
                seed.deserialize(NodeDe { node: &inner, path: self.path.clone() })
                    .map_err(|e: DeError| e.locate(self.node, &self.path))
            }
            _ => Err(self.err(format!("{} needs one value in parentheses", self.node.value.describe()))),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        match &self.node.value {
            Value::Named(_, items) if items.len() == len => visitor.visit_seq(Seq::new(items, &self.path)),
            Value::Named(_, items) => Err(self.err(format!("expected {len} values, found {}", items.len()))),
            _ => Err(self.wrong(&format!("{len} values in parentheses"))),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        let given = match &self.node.value {
            Value::Struct(_, given) => given.as_slice(),
            Value::Named(_, items) if items.len() == 1 => match &items[0].value {
                Value::Struct(None, given) => given.as_slice(),
                _ => return Err(self.wrong("named fields `(field: ...)`")),
            },
            Value::Ident(_) => &[],
            _ => return Err(self.wrong("named fields `(field: ...)`")),
        };
        let given = self.fields_checked(given, fields)?;
        visitor.visit_map(Map::fields(given, &self.path))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use serde::Deserialize;

    use super::*;
    use crate::config::doc::parse;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        name: String,
        #[serde(default)]
        seed: Option<u64>,
        ratio: f64,
        kind: Kind,
        #[serde(default)]
        items: Vec<Inner>,
        #[serde(default)]
        table: BTreeMap<String, Inner>,
        #[serde(default)]
        pair: Option<(u8, String)>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        x: i32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        Plain,
        Wrapped(Inner),
        Pair(u8, u8),
    }

    fn load<T: DeserializeOwned>(text: &str) -> std::result::Result<T, ConfigError> {
        let node = parse(&Arc::from("t.ron"), text).unwrap();
        from_node(&node, &FieldPath::root())
    }

    #[test]
    fn reads_a_struct_with_leniencies() {
        let o: Outer = load(
            r#"Outer(name: "a", seed: 7, ratio: 2, kind: Wrapped(x: 1), items: [(x: 3)],
                table: {"k": (x: 4)}, pair: (1, "b"))"#,
        )
        .unwrap();
        assert_eq!(o.seed, Some(7));
        assert_eq!(o.ratio, 2.0);
        assert_eq!(o.kind, Kind::Wrapped(Inner { x: 1 }));
        assert_eq!(o.table["k"], Inner { x: 4 });
        assert_eq!(o.pair, Some((1, "b".into())));
        let o: Outer = load(r#"(name: "a", ratio: 1.0, kind: Pair(1, 2), seed: Some(3))"#).unwrap();
        assert_eq!(o.kind, Kind::Pair(1, 2));
        #[derive(Debug, Deserialize, PartialEq)]
        struct Opt {
            inner: Option<Inner>,
        }
        for text in ["(inner: Some((x: 5)))", "(inner: Some(x: 5))", "(inner: (x: 5))"] {
            assert_eq!(load::<Opt>(text).unwrap(), Opt { inner: Some(Inner { x: 5 }) }, "{text}");
        }
        let o: Outer = load(r#"(name: "a", ratio: 1.0, kind: Pair(1, 2), seed: Some(3))"#).unwrap();
        assert_eq!(o.kind, Kind::Pair(1, 2));
        assert_eq!(o.seed, Some(3));
    }

    #[test]
    fn errors_point_at_the_value_with_its_path() {
        let e = load::<Outer>("(name: \"a\", ratio: 1.0, kind: Plain,\n items: [(x: 1), (x: \"two\")])").unwrap_err();
        assert_eq!(e.path.as_deref(), Some("items[1].x"));
        assert_eq!((e.origin.line, e.origin.col), (2, 22));
        assert!(e.message.contains("expected a whole number"), "{e}");

        let e = load::<Outer>("(name: \"a\", ratio: 1.0, kind: Plain, sede: 1)").unwrap_err();
        assert_eq!(e.message, "unknown field `sede`");
        assert_eq!(e.help.as_deref(), Some("did you mean `seed`?"));
        assert_eq!(e.origin.col, 38);

        let e = load::<Outer>("(name: \"a\", ratio: 1.0, kind: Plian)").unwrap_err();
        assert!(e.message.contains("unknown variant `Plian`"), "{e}");
        assert_eq!(e.help.as_deref(), Some("did you mean `Plain`?"));

        let e = load::<Outer>("(name: \"a\", ratio: 1.0, kind: Plain, seed: -1)").unwrap_err();
        assert!(e.message.contains("-1 is out of range"), "{e}");

        let e = load::<Outer>("(name: \"a\", kind: Plain)").unwrap_err();
        assert!(e.message.contains("missing field `ratio`"), "{e}");
        assert_eq!((e.origin.line, e.origin.col), (1, 1));

        let e = load::<Outer>("(name: a, ratio: 1.0, kind: Plain)").unwrap_err();
        assert!(e.message.contains("bare word"), "{e}");

        let e = load::<Outer>("(name: \"a\", ratio: 1.0, kind: Plain, table: {\"k\": (y: 1)})").unwrap_err();
        assert_eq!(e.path.as_deref(), Some("table.k.y"));
    }
}
