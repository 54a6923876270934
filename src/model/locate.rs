//! Finds where a value sits in a YAML file, so that errors found after parsing
//! (an instance class the catalog lacks, a pool the budget lacks, the line a
//! budget annotation should point at) can still name the file, line and column.
//!
//! serde-saphyr places the errors it finds itself, but a parsed value keeps no
//! position, and a component's kind fields reach serde through the `kind` tag,
//! which buffers them without one. So the positions come from one pass of the
//! same parser (granit-parser, which serde-saphyr re-exports) over the text,
//! made the first time a document is asked for a position: an [`Index`] from
//! each node's path to where its value and its key start.

use serde_saphyr::granit_parser::{Event, Parser, Span};
use std::collections::HashMap;
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
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
    /// The path without its last segment; the root has none.
    pub fn parent(&self) -> Option<YamlPath> {
        let (_, rest) = self.0.split_last()?;
        Some(YamlPath(rest.to_vec()))
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

/// A line and column, both 1-based.
pub type Position = (usize, usize);

/// One node of the document, in document order.
#[derive(Debug, Clone)]
struct Node {
    path: YamlPath,
    /// Where the value starts.
    at: Position,
    /// Where its key starts, for a value in a mapping.
    key_at: Option<Position>,
    /// The text of a scalar value.
    scalar: Option<String>,
    /// `mapping`, `sequence`, `scalar` or `alias`.
    kind: &'static str,
}

/// Where every node of a document starts, by path.
#[derive(Debug, Clone, Default)]
pub struct Index {
    nodes: Vec<Node>,
    by_path: HashMap<YamlPath, usize>,
}

enum Frame {
    Mapping {
        path: YamlPath,
        /// The key read, and where, while its value is awaited.
        key: Option<(Option<String>, Position)>,
    },
    Sequence {
        path: YamlPath,
        next: usize,
    },
    /// A collection no path leads into: a key that is itself a collection
    /// (`key_at` is where it starts), or the value of such a key.
    Skip {
        depth: usize,
        key_at: Option<Position>,
    },
}

impl Index {
    /// Indexes `source` up to its end or its first syntax error (the nodes
    /// before the error keep their positions). Aliases are indexed where the
    /// alias is written; merge keys are not expanded.
    pub fn build(source: &str) -> Index {
        let mut index = Index::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for item in Parser::new_from_str(source) {
            let Ok((event, span)) = item else { break };
            let at = position(&span);
            let opens = match &event {
                Event::Scalar(..) | Event::Alias(..) => false,
                Event::MappingStart(..) | Event::SequenceStart(..) => true,
                Event::MappingEnd | Event::SequenceEnd => {
                    index.close(&mut stack);
                    continue;
                }
                Event::DocumentStart(..) if started => break,
                Event::DocumentStart(..) => {
                    started = true;
                    continue;
                }
                _ => continue,
            };
            let scalar = match &event {
                Event::Scalar(text, ..) => Some(text.to_string()),
                _ => None,
            };
            let is_mapping = matches!(event, Event::MappingStart(..));
            let kind = match &event {
                Event::MappingStart(..) => "mapping",
                Event::SequenceStart(..) => "sequence",
                Event::Alias(..) => "alias",
                _ => "scalar",
            };
            // Where this node sits: a key, a value, an item or the root.
            let placed = match stack.last_mut() {
                None if index.nodes.is_empty() => Some((YamlPath::root(), None)),
                None => None,
                Some(Frame::Skip { depth, .. }) => {
                    if opens {
                        *depth += 1;
                    }
                    continue;
                }
                Some(Frame::Mapping { path, key }) => match key.take() {
                    Some((name, key_at)) => name.map(|name| (path.key(&name), Some(key_at))),
                    None if opens => {
                        stack.push(Frame::Skip {
                            depth: 1,
                            key_at: Some(at),
                        });
                        continue;
                    }
                    None => {
                        *key = Some((scalar.clone(), at));
                        continue;
                    }
                },
                Some(Frame::Sequence { path, next }) => {
                    *next += 1;
                    Some((path.index(*next - 1), None))
                }
            };
            let Some((path, key_at)) = placed else {
                // The value of a key that is not a plain scalar: no path
                // reaches it, but its contents must still be walked past.
                if opens {
                    stack.push(Frame::Skip {
                        depth: 1,
                        key_at: None,
                    });
                }
                continue;
            };
            index
                .by_path
                .entry(path.clone())
                .or_insert(index.nodes.len());
            index.nodes.push(Node {
                path: path.clone(),
                at,
                key_at,
                scalar,
                kind,
            });
            if opens {
                stack.push(if is_mapping {
                    Frame::Mapping { path, key: None }
                } else {
                    Frame::Sequence { path, next: 0 }
                });
            }
        }
        index
    }

    fn close(&mut self, stack: &mut Vec<Frame>) {
        match stack.last_mut() {
            Some(Frame::Skip { depth, key_at }) => {
                *depth -= 1;
                if *depth == 0 {
                    let key_at = *key_at;
                    stack.pop();
                    // A complex key has been read: its value comes next and,
                    // having no name, gets no path.
                    if let (Some(at), Some(Frame::Mapping { key, .. })) = (key_at, stack.last_mut())
                    {
                        *key = Some((None, at));
                    }
                }
            }
            _ => {
                stack.pop();
            }
        }
    }

    /// Line and column of the value at `path`, or of the deepest ancestor
    /// that exists when the value itself is absent (a missing field is
    /// reported at the mapping that should hold it).
    pub fn locate(&self, path: &YamlPath) -> Option<Position> {
        let mut path = path.clone();
        loop {
            if let Some(&i) = self.by_path.get(&path) {
                return Some(self.nodes[i].at);
            }
            path = path.parent()?;
        }
    }

    /// The key, in the mapping at `path`, whose value is the scalar `value`:
    /// where an error about a value reported for the whole mapping belongs.
    pub fn key_with_value(&self, path: &YamlPath, value: &str) -> Option<YamlPath> {
        let depth = path.0.len() + 1;
        self.nodes
            .iter()
            .find(|n| {
                n.path.0.len() == depth
                    && n.path.0.starts_with(&path.0)
                    && matches!(n.path.0.last(), Some(Seg::Key(_)))
                    && n.scalar.as_deref() == Some(value)
            })
            .map(|n| n.path.clone())
    }

    /// What starts at `at`: the outermost node whose value starts there, else
    /// the key of a value in a mapping.
    pub fn at(&self, at: Position) -> Option<Found> {
        if let Some(n) = self.nodes.iter().find(|n| n.at == at) {
            return Some(Found::Value {
                path: n.path.clone(),
                scalar: n.scalar.clone(),
                kind: n.kind,
            });
        }
        self.nodes
            .iter()
            .find(|n| n.key_at == Some(at))
            .map(|n| Found::Key(n.path.clone()))
    }
}

/// What an error's position points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A node's value (with its text when it is a scalar).
    Value {
        path: YamlPath,
        scalar: Option<String>,
        kind: &'static str,
    },
    /// The key of the value at this path.
    Key(YamlPath),
}

/// Line and column of the value at `path` in `source`; see [`Index::locate`].
pub fn locate(source: &str, path: &YamlPath) -> Option<Position> {
    Index::build(source).locate(path)
}

fn position(span: &Span) -> Position {
    // The parser counts lines from 1 and columns from 0.
    (span.start.line(), span.start.col() + 1)
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

    #[test]
    fn an_error_position_names_its_node() {
        let index = Index::build(DOC);
        let cache = YamlPath::root()
            .key("tiers")
            .index(0)
            .key("components")
            .index(1);
        // A component's mapping starts where its first key does: the
        // mapping wins.
        assert_eq!(
            index.at((7, 9)),
            Some(Found::Value {
                path: cache.clone(),
                scalar: None,
                kind: "mapping"
            })
        );
        assert_eq!(index.at((8, 9)), Some(Found::Key(cache.key("node_type"))));
        assert_eq!(
            index.key_with_value(&cache, "cache.t4g.small"),
            Some(cache.key("node_type"))
        );
        assert_eq!(index.key_with_value(&cache, "db.t4g.small"), None);
    }

    #[test]
    fn complex_keys_and_aliases_do_not_shift_the_paths_after_them() {
        let text = "a: &x {b: 1}\n? [k, l]\n: {c: 2}\nd: *x\ne: 3\n";
        let index = Index::build(text);
        assert_eq!(
            index.locate(&YamlPath::root().key("a").key("b")),
            Some((1, 11))
        );
        assert_eq!(index.locate(&YamlPath::root().key("d")), Some((4, 4)));
        assert_eq!(index.locate(&YamlPath::root().key("e")), Some((5, 4)));
        assert_eq!(index.locate(&YamlPath::root().key("c")), Some((1, 1)));
    }
}
