//! `count` and `for_each`: the instances of a resource or module block, each
//! with the scope its expressions see (`count.index`, `each.key`, `each.value`).

use super::files::SourceBlock;
use super::funcs::{number_of, text_of};
use super::notes::Notes;
use super::scope::Scope;
use crate::error::Result;
use hcl::expr::Expression;
use hcl::{Map, Value};

/// More instances than this in one block is taken for a mistake, not read.
const MAX_INSTANCES: usize = 10_000;

pub(super) struct Instance {
    /// What follows the block's address: ``, `[0]` or `["key"]`.
    pub key: String,
    pub scope: Scope,
}

pub(super) fn expand(
    block: &SourceBlock,
    scope: &Scope,
    address: &str,
    notes: &mut Notes,
) -> Result<Vec<Instance>> {
    let attr = |key: &str| {
        block
            .block
            .body
            .attributes()
            .find(|a| a.key.as_str() == key)
            .map(|a| &a.expr)
    };
    match (attr("count"), attr("for_each")) {
        (Some(_), Some(_)) => Err(block.error(format!(
            "{address} has both count and for_each; expected one of them"
        ))),
        (Some(count), None) => by_count(block, count, scope, address, notes),
        (None, Some(each)) => by_each(block, each, scope, address, notes),
        (None, None) => Ok(vec![Instance {
            key: String::new(),
            scope: scope.clone(),
        }]),
    }
}

fn by_count(
    block: &SourceBlock,
    count: &Expression,
    scope: &Scope,
    address: &str,
    notes: &mut Notes,
) -> Result<Vec<Instance>> {
    let n = match scope.eval(count) {
        Ok(value) => whole_count(&value).ok_or_else(|| {
            block.error(format!(
                "{address}: count = {value}; expected a whole number from 0 to {MAX_INSTANCES}"
            ))
        })?,
        Err(why) => {
            notes.saw(&why);
            notes.assume(format!(
                "{address}: count is unknown offline ({}); read as count = 1",
                why.describe()
            ));
            1
        }
    };
    Ok((0..n)
        .map(|i| {
            let mut scope = scope.clone();
            let mut index = Map::new();
            index.insert("index".to_string(), Value::from(i as u64));
            scope.declare("count", Value::Object(index));
            Instance {
                key: format!("[{i}]"),
                scope,
            }
        })
        .collect())
}

fn whole_count(value: &Value) -> Option<usize> {
    let n = number_of(value).ok()?;
    (n.fract() == 0.0 && (0.0..=MAX_INSTANCES as f64).contains(&n)).then_some(n as usize)
}

fn by_each(
    block: &SourceBlock,
    each: &Expression,
    scope: &Scope,
    address: &str,
    notes: &mut Notes,
) -> Result<Vec<Instance>> {
    let entries = match scope.eval(each) {
        Ok(value) => each_entries(&value).ok_or_else(|| {
            block.error(format!(
                "{address}: for_each = {value}; expected a map, or a set of strings (toset([...])), of at most {MAX_INSTANCES} entries"
            ))
        })?,
        Err(why) => {
            notes.saw(&why);
            notes.assume(format!(
                "{address}: for_each is unknown offline ({}); read as one instance {address}[\"?\"]",
                why.describe()
            ));
            // each.key and each.value stay undeclared: what uses them is unknown.
            return Ok(vec![Instance {
                key: "[\"?\"]".into(),
                scope: scope.clone(),
            }]);
        }
    };
    Ok(entries
        .into_iter()
        .map(|(key, value)| {
            let mut scope = scope.clone();
            let mut each = Map::new();
            each.insert("key".to_string(), Value::from(key.as_str()));
            each.insert("value".to_string(), value);
            scope.declare("each", Value::Object(each));
            Instance {
                key: format!("[{}]", quoted(&key)),
                scope,
            }
        })
        .collect())
}

/// The keys, sorted as Terraform orders instances, with their values.
fn each_entries(value: &Value) -> Option<Vec<(String, Value)>> {
    let mut entries: Vec<(String, Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| text_of(item).ok().map(|k| (k.clone(), Value::from(k))))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    (entries.len() <= MAX_INSTANCES).then_some(entries)
}

/// A key as Terraform writes it in an address: `"web"`, with JSON escapes.
fn quoted(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
}
