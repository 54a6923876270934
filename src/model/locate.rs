//! Finds where a value sits in a YAML file, so that errors found after parsing
//! (an instance class the catalog lacks, a pool the budget lacks, the line a
//! budget annotation should point at) can still name the file, line and column.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Self {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// A path into a YAML document: `tiers[2].components[1].instance_class`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl YamlPath {
    /// Reads `tiers[2].components[1]` (the path serde_yaml puts before a
    /// message) back into a path.
    pub fn parse(text: &str) -> Option<YamlPath> {
        let mut out = YamlPath::root();
        for part in text.split('.') {
            let (key, rest) = part.split_once('[').unwrap_or((part, ""));
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return None;
            }
            out = out.key(key);
            for index in rest.split('[').filter(|s| !s.is_empty()) {
                out = out.index(index.strip_suffix(']')?.parse().ok()?);
            }
        }
        Some(out)
    }
}

impl std::fmt::Display for YamlPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// Line and column (both 1-based) of the value at `path`, or of the deepest
/// ancestor that exists when the value itself is absent (a missing field is
/// reported at the mapping that should hold it).
pub fn locate(source: &str, path: &YamlPath) -> Option<(usize, usize)> {
    let mut walker = Walker {
        parser: Parser::new_from_str(source),
    };
    loop {
        let (event, mark) = walker.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd => return None,
            _ => {
                let found = walker.find(event, mark, &path.0);
                return Some(position(found));
            }
        }
    }
}

/// The key, in the mapping at `path`, whose value is the scalar `value`:
/// where an error about a value reported for the whole mapping belongs.
pub fn key_with_value(source: &str, path: &YamlPath, value: &str) -> Option<YamlPath> {
    let mut walker = Walker {
        parser: Parser::new_from_str(source),
    };
    let (event, mark) = loop {
        let (event, mark) = walker.next()?;
        if !matches!(event, Event::StreamStart | Event::DocumentStart) {
            break (event, mark);
        }
    };
    // Walk to the mapping, then read its keys.
    let _ = mark;
    walker.descend(event, &path.0)?;
    loop {
        let (key, _) = walker.next()?;
        let key = match key {
            Event::MappingEnd => return None,
            Event::Scalar(text, ..) => text,
            other => {
                walker.skip(&other)?;
                continue;
            }
        };
        let (v, _) = walker.next()?;
        if let Event::Scalar(text, ..) = &v {
            if text == value {
                return Some(path.key(&key));
            }
        }
        walker.skip(&v)?;
    }
}

fn position(mark: Marker) -> (usize, usize) {
    // yaml-rust2 counts lines from 1 and columns from 0.
    (mark.line(), mark.col() + 1)
}

struct Walker<'a> {
    parser: Parser<std::str::Chars<'a>>,
}

impl Walker<'_> {
    /// Consumes events down to the start of the mapping at `path` below the
    /// node starting with `event`; `None` when it is not a mapping.
    fn descend(&mut self, event: Event, path: &[Seg]) -> Option<()> {
        let Some((head, rest)) = path.split_first() else {
            return matches!(event, Event::MappingStart(..)).then_some(());
        };
        match (event, head) {
            (Event::MappingStart(..), Seg::Key(wanted)) => loop {
                let (key_event, _) = self.next()?;
                let key = match &key_event {
                    Event::MappingEnd => return None,
                    Event::Scalar(text, ..) => Some(text.clone()),
                    other => {
                        self.skip(other)?;
                        None
                    }
                };
                let (value, _) = self.next()?;
                if key.as_deref() == Some(wanted.as_str()) {
                    return self.descend(value, rest);
                }
                self.skip(&value)?;
            },
            (Event::SequenceStart(..), Seg::Index(wanted)) => {
                let mut n = 0;
                loop {
                    let (item, _) = self.next()?;
                    if matches!(item, Event::SequenceEnd) {
                        return None;
                    }
                    if n == *wanted {
                        return self.descend(item, rest);
                    }
                    self.skip(&item)?;
                    n += 1;
                }
            }
            _ => None,
        }
    }

    fn next(&mut self) -> Option<(Event, Marker)> {
        self.parser.next_token().ok()
    }

    /// Consumes the rest of a node whose first event has been read.
    fn skip(&mut self, first: &Event) -> Option<()> {
        let mut depth = match first {
            Event::MappingStart(..) | Event::SequenceStart(..) => 1usize,
            _ => return Some(()),
        };
        while depth > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
                Event::MappingEnd | Event::SequenceEnd => depth -= 1,
                Event::StreamEnd => return None,
                _ => {}
            }
        }
        Some(())
    }

    /// Marker of the node at `path` below the node starting with `event`, or the
    /// marker of the deepest node on the way when the path does not exist.
    fn find(&mut self, event: Event, mark: Marker, path: &[Seg]) -> Marker {
        let Some((head, rest)) = path.split_first() else {
            return mark;
        };
        match (event, head) {
            (Event::MappingStart(..), Seg::Key(wanted)) => loop {
                let Some((key_event, _)) = self.next() else {
                    return mark;
                };
                let key = match &key_event {
                    Event::MappingEnd => return mark,
                    Event::Scalar(text, ..) => Some(text.clone()),
                    other => {
                        if self.skip(other).is_none() {
                            return mark;
                        }
                        None
                    }
                };
                let Some((value, value_mark)) = self.next() else {
                    return mark;
                };
                if key.as_deref() == Some(wanted.as_str()) {
                    return self.find(value, value_mark, rest);
                }
                if self.skip(&value).is_none() {
                    return mark;
                }
            },
            (Event::SequenceStart(..), Seg::Index(wanted)) => {
                let mut n = 0;
                loop {
                    let Some((item, item_mark)) = self.next() else {
                        return mark;
                    };
                    if matches!(item, Event::SequenceEnd) {
                        return mark;
                    }
                    if n == *wanted {
                        return self.find(item, item_mark, rest);
                    }
                    if self.skip(&item).is_none() {
                        return mark;
                    }
                    n += 1;
                }
            }
            _ => mark,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: current\ntiers:\n  - users: 50\n    components:\n      - name: db\n        instance_class: db.t4g.small\n      - name: cache\n        node_type: cache.t4g.small\n";

    #[test]
    fn finds_nested_values() {
        let p = YamlPath::root()
            .key("tiers")
            .index(0)
            .key("components")
            .index(1)
            .key("node_type");
        assert_eq!(locate(DOC, &p), Some((8, 20)));
        assert_eq!(p.to_string(), "tiers[0].components[1].node_type");
    }

    #[test]
    fn a_missing_key_points_at_its_mapping() {
        let p = YamlPath::root()
            .key("tiers")
            .index(0)
            .key("components")
            .index(0)
            .key("storage_gb");
        assert_eq!(locate(DOC, &p).map(|(line, _)| line), Some(5));
    }

    #[test]
    fn broken_yaml_yields_nothing_rather_than_panicking() {
        let found = locate(":\n  - [", &YamlPath::root().key("a"));
        assert!(found.is_none_or(|(line, column)| line >= 1 && column >= 1));
    }
}
