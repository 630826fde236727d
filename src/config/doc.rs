//! A RON reader that remembers where every value came from.
//!
//! The `ron` crate parses straight into Rust types and forgets positions, but a
//! scenario is assembled from several files (`include`), a catalogue in assets/
//! and `--set` overrides before it is checked. To say *which* file, line and
//! column holds a bad value after all that merging, each value is first read
//! into a [`Node`] tree that carries its [`Origin`]; `compose` merges trees,
//! `path` edits them, and `de` turns a tree into typed structs.
//!
//! The grammar is RON's: structs `Name(field: value)` or `(field: value)`,
//! tuples, lists, maps, strings (with escapes and raw strings), chars,
//! integers (decimal, hex, octal, binary), floats including `inf` and `NaN`,
//! `Some`/`None`, enum variants, comments (`//`, nested `/* */`) and leading
//! `#![enable(...)]` attributes, which are accepted and need no action because
//! the reader always allows implicit `Some` and unwrapped variant newtypes.

use std::fmt;
use std::sync::Arc;

use super::error::ConfigError;

/// Where a value was written: file (or `--set` argument), line and column, all
/// 1-based, columns counted in characters as editors show them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// File name as the user knows it (relative path, built-in name or `--set PATH`).
    pub file: Arc<str>,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

impl Origin {
    /// An origin at `line:col` of `file`.
    pub fn new(file: &Arc<str>, line: u32, col: u32) -> Self {
        Self { file: Arc::clone(file), line, col }
    }

    /// True when the value came from a `--set` command-line override.
    pub fn is_command_line(&self) -> bool {
        self.file.starts_with("--set")
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One value of a RON document and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub origin: Origin,
}

/// A struct field: its name, where the name was written, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Where the field name starts (unknown-field errors point here).
    pub name_origin: Origin,
    /// Field value.
    pub value: Node,
}

/// The shapes a RON value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `()`
    Unit,
    /// `true` / `false`
    Bool(bool),
    /// An integer literal (wide enough for every Rust integer type).
    Int(i128),
    /// A float literal, including `inf`, `-inf` and `NaN`.
    Float(f64),
    /// A string literal.
    Str(String),
    /// A char literal.
    Char(char),
    /// `[a, b]`
    List(Vec<Node>),
    /// `(a, b)`
    Tuple(Vec<Node>),
    /// `{k: v}`
    Map(Vec<(Node, Node)>),
    /// `Name(f: v)` or `(f: v)`
    Struct(Option<String>, Vec<Field>),
    /// `Name(a, b)`: tuple structs, `Some(x)`, tuple and newtype enum variants.
    Named(String, Vec<Node>),
    /// A bare identifier: a unit enum variant, a unit struct or `None`.
    Ident(String),
}

impl Value {
    /// A short description for error messages: "a string", "a list", ...
    pub fn describe(&self) -> String {
        match self {
            Value::Unit => "`()`".into(),
            Value::Bool(b) => format!("`{b}`"),
            Value::Int(i) => format!("the integer {i}"),
            Value::Float(x) => format!("the number {}", format_float(*x)),
            Value::Str(s) => format!("the string {s:?}"),
            Value::Char(c) => format!("the char {c:?}"),
            Value::List(_) => "a list `[...]`".into(),
            Value::Tuple(_) => "a tuple `(...)`".into(),
            Value::Map(_) => "a map `{...}`".into(),
            Value::Struct(Some(n), _) => format!("`{n}(...)`"),
            Value::Struct(None, _) => "a struct `(...)`".into(),
            Value::Named(n, _) => format!("`{n}(...)`"),
            Value::Ident(n) => format!("`{n}`"),
        }
    }

    /// The value as the user would write it, for short scalars; `None` for
    /// compound values.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Value::Unit => Some("()".into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(x) => Some(format_float(*x)),
            Value::Str(s) => Some(format!("{s:?}")),
            Value::Char(c) => Some(format!("{c:?}")),
            Value::Ident(n) => Some(n.clone()),
            _ => None,
        }
    }
}

/// Formats a float the way RON writes it: `1.5`, `1e308`, `inf`, `NaN`.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        // Debug keeps large and small magnitudes in exponent form (1e308).
        format!("{x:?}")
    }
}

impl Node {
    /// The struct fields of this node, looking through a newtype variant
    /// written as `Variant((f: v))`.
    pub fn fields(&self) -> Option<&Vec<Field>> {
        match &self.value {
            Value::Struct(_, fields) => Some(fields),
            Value::Named(_, items) if items.len() == 1 => items[0].fields(),
            _ => None,
        }
    }

    /// Mutable access to the struct fields, as [`Node::fields`].
    pub fn fields_mut(&mut self) -> Option<&mut Vec<Field>> {
        match &mut self.value {
            Value::Struct(_, fields) => Some(fields),
            Value::Named(_, items) if items.len() == 1 => items[0].fields_mut(),
            _ => None,
        }
    }

    /// The value of field `name`, if this is a struct that has it.
    pub fn field(&self, name: &str) -> Option<&Node> {
        self.fields()?.iter().find(|f| f.name == name).map(|f| &f.value)
    }

    /// Removes and returns field `name`, if this is a struct that has it.
    pub fn take_field(&mut self, name: &str) -> Option<Field> {
        let fields = self.fields_mut()?;
        let at = fields.iter().position(|f| f.name == name)?;
        Some(fields.remove(at))
    }

    /// The value written back as RON on one line (what `--set` accepts), so
    /// that a value read from one file can be applied as an override.
    pub fn to_ron(&self) -> String {
        let list = |items: &[Node]| items.iter().map(Node::to_ron).collect::<Vec<_>>().join(", ");
        match &self.value {
            Value::List(items) => format!("[{}]", list(items)),
            Value::Tuple(items) => format!("({})", list(items)),
            Value::Map(entries) => {
                let kv: Vec<String> = entries.iter().map(|(k, v)| format!("{}: {}", k.to_ron(), v.to_ron())).collect();
                format!("{{{}}}", kv.join(", "))
            }
            Value::Struct(name, fields) => {
                let f: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.name, f.value.to_ron())).collect();
                format!("{}({})", name.as_deref().unwrap_or(""), f.join(", "))
            }
            Value::Named(name, items) => format!("{name}({})", list(items)),
            scalar => scalar.scalar_text().unwrap_or_default(),
        }
    }

    /// The text of a map key or string: strings, identifiers and integers
    /// compare by their text, so `{"DE": ...}` is reached by the path `DE`.
    pub fn key_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Ident(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Char(c) => Some(c.to_string()),
            _ => None,
        }
    }
}

/// Parses one RON document. `file` names it in errors.
pub fn parse(file: &Arc<str>, text: &str) -> Result<Node, ConfigError> {
    let mut p = Parser::new(file, text);
    p.skip_trivia()?;
    p.skip_attributes()?;
    if p.peek().is_none() {
        return Err(p.error_here(
            "the file is empty: a scenario is one `Scenario(...)` struct; \
             run `hedgehog new NAME` for a commented starter",
        ));
    }
    let node = p.value(0)?;
    p.skip_trivia()?;
    if let Some(c) = p.peek() {
        return Err(p.error_here(format!(
            "unexpected `{}` after the end of the document (one value per file)",
            c.escape_default()
        )));
    }
    Ok(node)
}

/// Deepest nesting accepted; beyond it a document is refused rather than risk
/// exhausting the stack on hostile input.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    file: &'a Arc<str>,
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
}

impl<'a> Parser<'a> {
    fn new(file: &'a Arc<str>, text: &str) -> Self {
        let mut chars: Vec<char> = text.chars().collect();
        if chars.first() == Some(&'\u{feff}') {
            chars.remove(0);
        }
        Self { file, chars, pos: 0, line: 1, col: 1 }
    }

    fn origin(&self) -> Origin {
        Origin::new(self.file, self.line, self.col)
    }

    fn error_at(&self, origin: Origin, message: impl Into<String>) -> ConfigError {
        ConfigError::new(origin, None, message)
    }

    fn error_here(&self, message: impl Into<String>) -> ConfigError {
        self.error_at(self.origin(), message)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the file".into(),
            Some(c) => format!("`{}`", c.escape_default()),
        }
    }

    fn expect(&mut self, want: char, context: &str) -> Result<(), ConfigError> {
        if self.peek() == Some(want) {
            self.bump();
            Ok(())
        } else {
            Err(self.error_here(format!("expected `{want}` {context}, found {}", self.found())))
        }
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Result<(), ConfigError> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let start = self.origin();
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => {
                                return Err(self.error_at(start, "this block comment is never closed with `*/`"));
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips `#![enable(...)]` attributes at the top of a document.
    fn skip_attributes(&mut self) -> Result<(), ConfigError> {
        while self.peek() == Some('#') {
            let start = self.origin();
            self.bump();
            self.expect('!', "in a `#![enable(...)]` attribute")?;
            self.expect('[', "in a `#![enable(...)]` attribute")?;
            let mut depth = 1;
            while depth > 0 {
                match self.bump() {
                    None => {
                        return Err(self.error_at(start, "this `#![...]` attribute is never closed"));
                    }
                    Some('[') => depth += 1,
                    Some(']') => depth -= 1,
                    _ => {}
                }
            }
            self.skip_trivia()?;
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, ConfigError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(format!("values are nested more than {MAX_DEPTH} deep")));
        }
        let origin = self.origin();
        let value = match self.peek() {
            None => return Err(self.error_here("expected a value, found the end of the file")),
            Some('(') => self.paren(depth, None)?,
            Some('[') => Value::List(self.sequence(depth, '[', ']', "list")?),
            Some('{') => self.map(depth)?,
            Some('"') => Value::Str(self.string()?),
            Some('r') if matches!(self.peek_at(1), Some('"' | '#')) && !self.is_raw_ident() => {
                Value::Str(self.raw_string()?)
            }
            Some('\'') => Value::Char(self.char_literal()?),
            Some(c) if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => self.number()?,
            Some(c) if is_ident_start(c) => {
                let ident = self.ident()?;
                match ident.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "inf" => Value::Float(f64::INFINITY),
                    "NaN" => Value::Float(f64::NAN),
                    _ => {
                        self.skip_trivia()?;
                        if self.peek() == Some('(') { self.paren(depth, Some(ident))? } else { Value::Ident(ident) }
                    }
                }
            }
            Some(c) => {
                return Err(self.error_here(format!(
                    "expected a value, found `{}`{}",
                    c.escape_default(),
                    if c == ')' || c == ']' || c == '}' { " (a value is missing before it)" } else { "" }
                )));
            }
        };
        Ok(Node { value, origin })
    }

    fn is_raw_ident(&self) -> bool {
        self.peek_at(1) == Some('#') && self.peek_at(2).is_some_and(is_ident_start)
    }

    fn ident(&mut self) -> Result<String, ConfigError> {
        if self.peek() == Some('r') && self.is_raw_ident() {
            self.bump();
            self.bump();
        }
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if is_ident_continue(c) {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        if s.is_empty() {
            return Err(self.error_here(format!("expected a name, found {}", self.found())));
        }
        Ok(s)
    }

    /// True when the next tokens are `ident :` (a struct field), without consuming.
    fn at_field(&self) -> bool {
        let mut i = self.pos;
        if self.chars.get(i) == Some(&'r') && self.chars.get(i + 1) == Some(&'#') {
            i += 2;
        }
        if !self.chars.get(i).is_some_and(|&c| is_ident_start(c)) {
            return false;
        }
        while self.chars.get(i).is_some_and(|&c| is_ident_continue(c)) {
            i += 1;
        }
        while self.chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        self.chars.get(i) == Some(&':')
    }

    /// `(`...`)` after an optional name: unit, tuple, struct or named tuple.
    fn paren(&mut self, depth: usize, name: Option<String>) -> Result<Value, ConfigError> {
        let open = self.origin();
        self.bump();
        self.skip_trivia()?;
        if self.at_field() {
            let fields = self.fields(depth, &open)?;
            return Ok(Value::Struct(name, fields));
        }
        let items = self.sequence_body(depth, ')', "tuple", &open)?;
        Ok(match name {
            Some(n) => Value::Named(n, items),
            None if items.is_empty() => Value::Unit,
            None => Value::Tuple(items),
        })
    }

    fn fields(&mut self, depth: usize, open: &Origin) -> Result<Vec<Field>, ConfigError> {
        let mut fields: Vec<Field> = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(')') => {
                    self.bump();
                    return Ok(fields);
                }
                None => {
                    return Err(self.error_at(open.clone(), "this `(` is never closed with `)`"));
                }
                _ => {}
            }
            let name_origin = self.origin();
            if !self.peek().is_some_and(is_ident_start) {
                return Err(self.error_here(format!("expected a field name, found {}", self.found())));
            }
            let name = self.ident()?;
            self.skip_trivia()?;
            self.expect(':', &format!("after field name `{name}`"))?;
            self.skip_trivia()?;
            if let Some(prev) = fields.iter().find(|f| f.name == name) {
                return Err(self.error_at(
                    name_origin,
                    format!("field `{name}` is given twice (first at line {})", prev.name_origin.line),
                ));
            }
            let value = self.value(depth + 1)?;
            fields.push(Field { name: name.clone(), name_origin, value });
            self.skip_trivia()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(')') => {}
                _ => {
                    return Err(self.error_here(format!(
                        "expected `,` or `)` after the value of field `{name}`, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn sequence(&mut self, depth: usize, open_c: char, close: char, what: &str) -> Result<Vec<Node>, ConfigError> {
        let open = self.origin();
        debug_assert_eq!(self.peek(), Some(open_c));
        self.bump();
        self.sequence_body(depth, close, what, &open)
    }

    fn sequence_body(
        &mut self,
        depth: usize,
        close: char,
        what: &str,
        open: &Origin,
    ) -> Result<Vec<Node>, ConfigError> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(c) if c == close => {
                    self.bump();
                    return Ok(items);
                }
                None => {
                    return Err(self.error_at(open.clone(), format!("this {what} is never closed with `{close}`")));
                }
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {}
                _ => {
                    return Err(
                        self.error_here(format!("expected `,` or `{close}` in this {what}, found {}", self.found()))
                    );
                }
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Value, ConfigError> {
        let open = self.origin();
        self.bump();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return Ok(Value::Map(entries));
                }
                None => return Err(self.error_at(open, "this map `{` is never closed with `}`")),
                _ => {}
            }
            let key = self.value(depth + 1)?;
            self.skip_trivia()?;
            self.expect(':', "between a map key and its value")?;
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            if let Some(text) = key.key_text()
                && let Some((prev, _)) = entries.iter().find(|(k, _)| k.key_text().as_deref() == Some(&text))
            {
                return Err(self.error_at(
                    key.origin.clone(),
                    format!("map key {text:?} is given twice (first at line {})", prev.origin.line),
                ));
            }
            entries.push((key, value));
            self.skip_trivia()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {}
                _ => {
                    return Err(
                        self.error_here(format!("expected `,` or `}}` after a map entry, found {}", self.found()))
                    );
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, ConfigError> {
        let start = self.origin();
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error_at(start, "this string is never closed with `\"`")),
                Some('"') => return Ok(s),
                Some('\\') => {
                    let at = self.origin();
                    let c = match self.bump() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some('r') => '\r',
                        Some('0') => '\0',
                        Some('b') => '\u{8}',
                        Some('f') => '\u{c}',
                        Some('\\') => '\\',
                        Some('"') => '"',
                        Some('\'') => '\'',
                        Some('/') => '/',
                        Some('\n') => {
                            // Line continuation: skip the newline and leading whitespace.
                            while self.peek().is_some_and(|c| c.is_whitespace()) {
                                self.bump();
                            }
                            continue;
                        }
                        Some('u') => self.unicode_escape(&at)?,
                        Some(other) => {
                            return Err(
                                self.error_at(at, format!("unknown escape `\\{}` in a string", other.escape_default()))
                            );
                        }
                        None => {
                            return Err(self.error_at(start, "this string is never closed with `\"`"));
                        }
                    };
                    s.push(c);
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn unicode_escape(&mut self, at: &Origin) -> Result<char, ConfigError> {
        let mut hex = String::new();
        if self.peek() == Some('{') {
            self.bump();
            while let Some(c) = self.bump() {
                if c == '}' {
                    break;
                }
                hex.push(c);
            }
        } else {
            for _ in 0..4 {
                if let Some(c) = self.bump() {
                    hex.push(c);
                }
            }
        }
        u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| self.error_at(at.clone(), format!("`\\u{hex}` is not a valid unicode escape")))
    }

    fn raw_string(&mut self) -> Result<String, ConfigError> {
        let start = self.origin();
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.expect('"', "to open a raw string")?;
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error_at(start, "this raw string is never closed")),
                Some('"') if (0..hashes).all(|i| self.peek_at(i) == Some('#')) => {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    return Ok(s);
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn char_literal(&mut self) -> Result<char, ConfigError> {
        let start = self.origin();
        self.bump();
        let c = match self.bump() {
            Some('\\') => {
                let at = self.origin();
                match self.bump() {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('r') => '\r',
                    Some('0') => '\0',
                    Some('\\') => '\\',
                    Some('\'') => '\'',
                    Some('"') => '"',
                    Some('u') => self.unicode_escape(&at)?,
                    _ => return Err(self.error_at(at, "unknown escape in a char literal")),
                }
            }
            Some(c) if c != '\'' => c,
            _ => return Err(self.error_at(start, "expected one character between `'` quotes")),
        };
        if self.peek() != Some('\'') {
            return Err(self.error_at(start, "a char literal holds one character; use \"...\" for a string"));
        }
        self.bump();
        Ok(c)
    }

    fn number(&mut self) -> Result<Value, ConfigError> {
        let start = self.origin();
        let mut text = String::new();
        let negative = match self.peek() {
            Some('-') => {
                self.bump();
                true
            }
            Some('+') => {
                self.bump();
                false
            }
            _ => false,
        };
        if self.peek().is_some_and(is_ident_start) {
            let word = self.ident()?;
            return match word.as_str() {
                "inf" => Ok(Value::Float(if negative { f64::NEG_INFINITY } else { f64::INFINITY })),
                "NaN" => Ok(Value::Float(f64::NAN)),
                _ => Err(self.error_at(start, format!("expected a number after the sign, found `{word}`"))),
            };
        }
        let radix = if self.peek() == Some('0') {
            match self.peek_at(1) {
                Some('x') => 16,
                Some('o') => 8,
                Some('b') => 2,
                _ => 10,
            }
        } else {
            10
        };
        if radix != 10 {
            self.bump();
            self.bump();
            while let Some(c) = self.peek() {
                if c.is_digit(radix) {
                    text.push(c);
                } else if c != '_' {
                    break;
                }
                self.bump();
            }
            self.reject_trailing_letters(&start)?;
            let magnitude = i128::from_str_radix(&text, radix)
                .map_err(|_| self.error_at(start.clone(), "this integer is not valid or is too large"))?;
            return Ok(Value::Int(if negative { -magnitude } else { magnitude }));
        }
        let mut is_float = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                text.push(c);
            } else if c == '_' {
            } else if c == '.' && !is_float && self.peek_at(1).is_none_or(|n| n.is_ascii_digit() || !is_ident_start(n))
            {
                is_float = true;
                text.push(c);
            } else if (c == 'e' || c == 'E') && !text.is_empty() {
                is_float = true;
                text.push('e');
                self.bump();
                if let Some(sign @ ('+' | '-')) = self.peek() {
                    text.push(sign);
                    self.bump();
                }
                continue;
            } else {
                break;
            }
            self.bump();
        }
        self.reject_trailing_letters(&start)?;
        if text.is_empty() || text == "." {
            return Err(self.error_at(start, "expected a number"));
        }
        if is_float {
            let x: f64 =
                text.parse().map_err(|_| self.error_at(start.clone(), format!("`{text}` is not a valid number")))?;
            Ok(Value::Float(if negative { -x } else { x }))
        } else {
            match text.parse::<i128>() {
                Ok(i) => Ok(Value::Int(if negative { -i } else { i })),
                Err(_) => Err(self.error_at(
                    start,
                    format!("the integer {}{text} is far too large for any field", if negative { "-" } else { "" }),
                )),
            }
        }
    }

    fn reject_trailing_letters(&mut self, start: &Origin) -> Result<(), ConfigError> {
        if self.peek().is_some_and(is_ident_continue) {
            let mut tail = String::new();
            while let Some(c) = self.peek() {
                if !is_ident_continue(c) {
                    break;
                }
                tail.push(c);
                self.bump();
            }
            return Err(self.error_at(
                start.clone(),
                format!("unexpected `{tail}` right after a number (units go in the field name, e.g. `range_km: 40`)"),
            ));
        }
        Ok(())
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, ConfigError> {
        parse(&Arc::from("t.ron"), text)
    }

    #[test]
    fn parses_structs_with_positions() {
        let n = p("Scenario(\n  name: \"x\",\n  seed: 7,\n)").unwrap();
        let Value::Struct(Some(name), fields) = &n.value else { panic!("{n:?}") };
        assert_eq!(name, "Scenario");
        assert_eq!(fields[1].name, "seed");
        assert_eq!(fields[1].value.value, Value::Int(7));
        assert_eq!((fields[1].value.origin.line, fields[1].value.origin.col), (3, 9));
        assert_eq!((fields[1].name_origin.line, fields[1].name_origin.col), (3, 3));
    }

    #[test]
    fn values_written_back_as_ron_parse_to_the_same_values() {
        let text = r#"(a: [1, 2.5, "x\"y"], b: (lat: 48.5, lon: 35.0), c: {"DE": (participates: false)}, d: Some(3), e: Cap, f: (1, true))"#;
        let n = p(text).unwrap();
        for f in n.fields().unwrap() {
            let again = p(&f.value.to_ron()).unwrap();
            assert_eq!(again.to_ron(), f.value.to_ron(), "{}", f.name);
            assert_eq!(std::mem::discriminant(&again.value), std::mem::discriminant(&f.value.value));
        }
        assert_eq!(n.field("b").unwrap().to_ron(), "(lat: 48.5, lon: 35.0)");
        assert_eq!(n.field("a").unwrap().to_ron(), r#"[1, 2.5, "x\"y"]"#);
    }

    #[test]
    fn parses_every_value_shape() {
        let n = p(r##"(
            a: (), b: true, c: -12, d: 1.5e3, e: "s\n\u{41}", f: 'c', g: [1, 2,],
            h: (1, "x"), i: {"k": 1}, j: Some(3), k: None, l: Variant, m: Tuple(1, 2),
            n: r#"raw "q""#, o: 0x1F, p: -inf, q: NaN, r: 1_000, s: .5, t: 0b101,
            // comment
            u: /* nested /* comment */ */ 3,
        )"##)
        .unwrap();
        let get = |k: &str| n.field(k).unwrap().value.clone();
        assert_eq!(get("a"), Value::Unit);
        assert_eq!(get("c"), Value::Int(-12));
        assert_eq!(get("d"), Value::Float(1500.0));
        assert_eq!(get("e"), Value::Str("s\nA".into()));
        assert_eq!(get("f"), Value::Char('c'));
        assert!(matches!(get("g"), Value::List(v) if v.len() == 2));
        assert!(matches!(get("h"), Value::Tuple(v) if v.len() == 2));
        assert!(matches!(get("i"), Value::Map(v) if v.len() == 1));
        assert!(matches!(get("j"), Value::Named(n, v) if n == "Some" && v.len() == 1));
        assert_eq!(get("k"), Value::Ident("None".into()));
        assert_eq!(get("n"), Value::Str("raw \"q\"".into()));
        assert_eq!(get("o"), Value::Int(31));
        assert_eq!(get("p"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(get("q"), Value::Float(x) if x.is_nan()));
        assert_eq!(get("r"), Value::Int(1000));
        assert_eq!(get("s"), Value::Float(0.5));
        assert_eq!(get("t"), Value::Int(5));
        assert_eq!(get("u"), Value::Int(3));
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let e = p("(\n  a: 1\n  b: 2,\n)").unwrap_err();
        assert_eq!((e.origin.line, e.origin.col), (3, 3), "{e}");
        assert!(e.message.contains("expected `,` or `)`"), "{e}");

        let e = p("(a: \"open)").unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");

        let e = p("(a: 1, a: 2)").unwrap_err();
        assert!(e.message.contains("given twice"), "{e}");

        let e = p("").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");

        let e = p("(a: 12km)").unwrap_err();
        assert!(e.message.contains("right after a number"), "{e}");

        let e = p("(a: 99999999999999999999999999999999999999999999)").unwrap_err();
        assert!(e.message.contains("too large"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let text = "[".repeat(10_000);
        let e = p(&text).unwrap_err();
        assert!(e.message.contains("nested more than"), "{e}");
    }

    #[test]
    fn attributes_and_byte_order_mark_are_skipped() {
        let n = p("\u{feff}#![enable(implicit_some)]\n(a: 1)").unwrap();
        assert_eq!(n.field("a").unwrap().value, Value::Int(1));
    }
}
