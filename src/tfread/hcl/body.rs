//! A resource block's body as Terraform's JSON plan shows it: attributes by
//! name, nested blocks as arrays of objects, and the names of the top-level
//! attributes whose value cannot be known offline.

use super::notes::Notes;
use super::scope::Scope;
use hcl::structure::{Block, Body, Structure};
use hcl::Value;
use serde_json::{Map as JsonMap, Value as Json};

/// Arguments that tell Terraform how to manage the resource, not its values.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "provider", "depends_on"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// Blocks nest this deep at most in real configurations; deeper is not read.
const MAX_NESTING: usize = 32;

#[derive(Default)]
pub(super) struct BodyValues {
    pub values: JsonMap<String, Json>,
    /// Names of attributes and blocks with a value that is not known (for a
    /// block, its known parts are still in `values`).
    pub unknown: Vec<String>,
    /// The resources each unknown top-level attribute refers to, as
    /// `type.name` (the caller adds the module prefix).
    pub refs: std::collections::BTreeMap<String, Vec<String>>,
}

impl BodyValues {
    fn mark_unknown(&mut self, name: &str) {
        if !self.unknown.iter().any(|u| u == name) {
            self.unknown.push(name.to_string());
        }
    }

    fn push_block(&mut self, name: &str, block: BodyValues) {
        if !block.unknown.is_empty() {
            self.mark_unknown(name);
        }
        let entry = self
            .values
            .entry(name.to_string())
            .or_insert_with(|| Json::Array(Vec::new()));
        if let Json::Array(items) = entry {
            items.push(Json::Object(block.values));
        }
    }
}

/// The values of a resource instance's body.
pub(super) fn resource_values(body: &Body, scope: &Scope, notes: &mut Notes) -> BodyValues {
    read(body, scope, notes, 0)
}

fn read(body: &Body, scope: &Scope, notes: &mut Notes, depth: usize) -> BodyValues {
    let mut out = BodyValues::default();
    if depth > MAX_NESTING {
        return out;
    }
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.as_str();
                if depth == 0 && META_ARGUMENTS.contains(&key) {
                    continue;
                }
                match scope.eval(&attr.expr) {
                    Ok(value) => {
                        out.values.insert(key.to_string(), to_json(&value));
                    }
                    Err(why) => {
                        notes.saw(&why);
                        out.mark_unknown(key);
                        if depth == 0 {
                            let targets: Vec<String> = super::refs::references(&attr.expr)
                                .iter()
                                .filter_map(|r| {
                                    crate::tfread::resource_reference("", &r.to_string())
                                })
                                .collect();
                            if !targets.is_empty() {
                                out.refs.insert(key.to_string(), targets);
                            }
                        }
                    }
                }
            }
            Structure::Block(block) => {
                let name = block.identifier.as_str();
                if depth == 0 && META_BLOCKS.contains(&name) {
                    continue;
                }
                if name == "dynamic" {
                    dynamic(block, scope, notes, depth, &mut out);
                } else {
                    out.push_block(name, read(&block.body, scope, notes, depth + 1));
                }
            }
        }
    }
    out
}

/// `dynamic "ingress" { for_each = ...; content { ... } }`: one `ingress`
/// block per element, with the iterator (`ingress.key`, `ingress.value`).
fn dynamic(block: &Block, scope: &Scope, notes: &mut Notes, depth: usize, out: &mut BodyValues) {
    let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
        return;
    };
    let attr = |key: &str| block.body.attributes().find(|a| a.key.as_str() == key);
    let iterator = match attr("iterator").map(|a| &a.expr) {
        Some(hcl::Expression::Variable(v)) => v.as_str().to_string(),
        _ => name.clone(),
    };
    let content = block
        .body
        .blocks()
        .find(|b| b.identifier.as_str() == "content");
    let (Some(for_each), Some(content)) = (attr("for_each"), content) else {
        return;
    };
    let elements = match scope.eval(&for_each.expr) {
        Ok(value) => elements(&value),
        Err(why) => {
            notes.saw(&why);
            None
        }
    };
    let Some(elements) = elements else {
        out.mark_unknown(&name);
        return;
    };
    for (key, value) in elements {
        let mut inner = scope.clone();
        let mut it = hcl::Map::new();
        it.insert("key".to_string(), key);
        it.insert("value".to_string(), value);
        inner.declare(&iterator, Value::Object(it));
        out.push_block(&name, read(&content.body, &inner, notes, depth + 1));
    }
}

/// A dynamic block's elements: a list's by index, a map's by key (sorted).
fn elements(value: &Value) -> Option<Vec<(Value, Value)>> {
    match value {
        Value::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::from(i as u64), v.clone()))
                .collect(),
        ),
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Some(
                entries
                    .into_iter()
                    .map(|(k, v)| (Value::from(k.as_str()), v.clone()))
                    .collect(),
            )
        }
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// An hcl value as JSON; whole numbers without a fraction, as Terraform's
/// JSON plan shows them.
pub(super) fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    Json::from(f as i64)
                } else {
                    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
                }
            }
        }
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}
