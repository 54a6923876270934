//! The JSON of `terraform show -json`: a saved plan (`planned_values`, with
//! `resource_changes` saying what is unknown until apply) or a state
//! (`values`). OpenTofu writes the same format.

use super::{TfInput, TfResource};
use crate::error::{Error, Result};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The major versions of the format archplan reads (`format_version` "0.x"
/// and "1.x"; Terraform promises compatible additions within a major).
const KNOWN_MAJORS: [&str; 2] = ["0", "1"];

/// The parts of the document archplan reads; everything else (prior state,
/// the configuration's expressions, each change's before and after) is
/// skipped by the parser without being built, which keeps a plan of ten
/// thousand resources fast to read.
#[derive(Deserialize)]
struct Doc {
    format_version: Option<Value>,
    planned_values: Option<Values>,
    values: Option<Values>,
    #[serde(default)]
    resource_changes: Vec<Change>,
    configuration: Option<Configuration>,
}

#[derive(Deserialize)]
struct Values {
    root_module: Option<Module>,
}

#[derive(Deserialize)]
struct Module {
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    child_modules: Vec<Module>,
}

#[derive(Deserialize)]
struct Resource {
    address: Option<String>,
    mode: Option<String>,
    #[serde(rename = "type")]
    rtype: Option<String>,
    #[serde(default)]
    values: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct Change {
    address: Option<String>,
    change: Option<ChangeBody>,
}

#[derive(Deserialize)]
struct ChangeBody {
    after_unknown: Option<Value>,
}

#[derive(Deserialize)]
struct Configuration {
    provider_config: Option<Map<String, Value>>,
    root_module: Option<ConfigModule>,
}

/// A module of the configuration: its resources' expressions and the
/// modules it calls.
#[derive(Deserialize)]
struct ConfigModule {
    #[serde(default)]
    resources: Vec<ConfigResource>,
    #[serde(default)]
    module_calls: HashMap<String, ModuleCall>,
}

#[derive(Deserialize)]
struct ModuleCall {
    module: Option<ConfigModule>,
}

#[derive(Deserialize)]
struct ConfigResource {
    address: Option<String>,
    mode: Option<String>,
    #[serde(default)]
    expressions: HashMap<String, Expression>,
}

/// An attribute's expression: only its `references` are kept; constants
/// and nested blocks are skipped by the parser without being built, which
/// keeps the configuration of a large plan cheap to read.
#[derive(Default)]
struct Expression {
    references: Vec<String>,
}

impl<'de> Deserialize<'de> for Expression {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Expression;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an expression")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Expression, A::Error> {
                let mut out = Expression::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "references" {
                        out.references = map.next_value()?;
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Expression, A::Error> {
                // A nested block: its own attributes are not read.
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Expression::default())
            }
        }
        d.deserialize_any(Visit)
    }
}

/// What each top-level attribute of each configured resource refers to,
/// by address without instance keys.
type Refs = HashMap<String, BTreeMap<String, Vec<String>>>;

fn config_refs(module: &ConfigModule, prefix: &str, out: &mut Refs) {
    for r in &module.resources {
        let Some(address) = &r.address else { continue };
        if r.mode.as_deref() == Some("data") {
            continue;
        }
        let mut by_attr = BTreeMap::new();
        for (attr, expr) in &r.expressions {
            let targets: Vec<String> = expr
                .references
                .iter()
                .filter_map(|reference| super::resource_reference(prefix, reference))
                .fold(Vec::new(), |mut v, a| {
                    if !v.contains(&a) {
                        v.push(a);
                    }
                    v
                });
            if !targets.is_empty() {
                by_attr.insert(attr.clone(), targets);
            }
        }
        if !by_attr.is_empty() {
            out.insert(format!("{prefix}{address}"), by_attr);
        }
    }
    for (name, call) in &module.module_calls {
        if let Some(child) = &call.module {
            config_refs(child, &format!("{prefix}module.{name}."), out);
        }
    }
}

pub fn parse(text: &str, file: &str) -> Result<TfInput> {
    let syntax = |e: serde_json::Error| {
        Error::input(format!(
            "{file}:{}:{}: {e}; expected the JSON of `terraform show -json`",
            e.line(),
            e.column()
        ))
    };
    let doc: Doc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        // Valid JSON of another shape: say what it looks like.
        Err(e) => match serde_json::from_str::<Value>(text) {
            Ok(other) if other.get("format_version").is_none() => {
                return Err(no_version(file, &other))
            }
            _ => return Err(syntax(e)),
        },
    };
    let version = match &doc.format_version {
        Some(Value::String(v)) => v.as_str(),
        _ => {
            let other: Value = serde_json::from_str(text).map_err(syntax)?;
            return Err(no_version(file, &other));
        }
    };
    let major = version.split('.').next().unwrap_or_default();
    if !KNOWN_MAJORS.contains(&major) {
        return Err(Error::input(format!(
            "{file}: format_version \"{version}\" is not one archplan reads; expected 0.x or 1.x (Terraform 0.12 to 1.x, OpenTofu)"
        ))
        .suggest(Some("1.2".to_string())));
    }
    let region = provider_region(doc.configuration.as_ref());
    let mut refs = Refs::new();
    if let Some(root) = doc
        .configuration
        .as_ref()
        .and_then(|c| c.root_module.as_ref())
    {
        config_refs(root, "", &mut refs);
    }
    let unknown = unknown_attributes(doc.resource_changes);
    // A plan's planned values, else a state's values; an empty state has none.
    let root = doc
        .planned_values
        .and_then(|v| v.root_module)
        .or_else(|| doc.values.and_then(|v| v.root_module));
    let mut resources = Vec::new();
    if let Some(root) = root {
        collect(root, &unknown, &refs, &mut resources);
    }
    Ok(TfInput {
        source: file.to_string(),
        region,
        resources,
        assumptions: Vec::new(),
    })
}

fn no_version(file: &str, doc: &Value) -> Error {
    Error::input(format!(
        "{file}: no format_version; expected the JSON of `terraform show -json` (a plan or a state), not {}",
        what_it_looks_like(doc)
    ))
}

/// A few words on what a JSON document that is not Terraform's seems to be.
fn what_it_looks_like(doc: &Value) -> String {
    match doc {
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().take(4).map(String::as_str).collect();
            format!("an object with {}", keys.join(", "))
        }
        Value::Array(_) => "an array".to_string(),
        _ => "a single value".to_string(),
    }
}

/// The managed resources of a module and its child modules, in order.
fn collect(
    module: Module,
    unknown: &HashMap<String, Vec<String>>,
    refs: &Refs,
    out: &mut Vec<TfResource>,
) {
    for r in module.resources {
        if r.mode.as_deref() != Some("managed") {
            continue;
        }
        let (Some(address), Some(rtype)) = (r.address, r.rtype) else {
            continue;
        };
        let unknown = unknown.get(&address).cloned().unwrap_or_default();
        let refs = refs
            .get(&super::base_address(&address))
            .cloned()
            .unwrap_or_default();
        out.push(TfResource {
            refs,
            address,
            rtype,
            values: r.values.unwrap_or_default(),
            unknown,
            location: None,
        });
    }
    for child in module.child_modules {
        collect(child, unknown, refs, out);
    }
}

/// The top-level attributes of each planned change that are unknown until
/// apply (`after_unknown`), by address.
fn unknown_attributes(changes: Vec<Change>) -> HashMap<String, Vec<String>> {
    changes
        .into_iter()
        .filter_map(|c| {
            let after = c.change?.after_unknown?;
            let keys = match after {
                Value::Object(m) => m
                    .into_iter()
                    .filter(|(_, v)| v.as_bool() == Some(true))
                    .map(|(k, _)| k)
                    .collect(),
                _ => Vec::new(),
            };
            Some((c.address?, keys))
        })
        .collect()
}

/// The AWS provider's region when the configuration sets it to a constant.
fn provider_region(configuration: Option<&Configuration>) -> Option<String> {
    let providers = configuration?.provider_config.as_ref()?;
    providers
        .iter()
        .filter(|(k, _)| k.as_str() == "aws" || k.starts_with("aws."))
        .find_map(|(_, p)| {
            p.pointer("/expressions/region/constant_value")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_gives_its_planned_resources_with_their_unknowns() {
        let plan = r#"{
          "format_version": "1.2",
          "planned_values": {"root_module": {
            "resources": [
              {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
               "values": {"instance_class": "db.t4g.small", "allocated_storage": 20}},
              {"address": "data.aws_ami.x", "mode": "data", "type": "aws_ami", "name": "x", "values": {}}
            ],
            "child_modules": [{"address": "module.cache", "resources": [
              {"address": "module.cache.aws_elasticache_cluster.c[0]", "mode": "managed",
               "type": "aws_elasticache_cluster", "name": "c", "index": 0, "values": {"node_type": "cache.t4g.micro"}}
            ]}]
          }},
          "resource_changes": [
            {"address": "aws_db_instance.db", "change": {"actions": ["create"], "after_unknown": {"id": true, "endpoint": true, "tags": {}}}}
          ],
          "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "eu-west-3"}}}}}
        }"#;
        let input = parse(plan, "plan.json").unwrap();
        assert_eq!(input.region.as_deref(), Some("eu-west-3"));
        let addresses: Vec<&str> = input.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "aws_db_instance.db",
                "module.cache.aws_elasticache_cluster.c[0]"
            ]
        );
        let db = &input.resources[0];
        assert_eq!(db.str("instance_class"), Some("db.t4g.small"));
        assert_eq!(db.u64("allocated_storage"), Some(20));
        assert_eq!(db.unknown, ["endpoint", "id"]);
    }

    #[test]
    fn a_state_gives_its_values() {
        let state = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
          {"address": "aws_nat_gateway.nat", "mode": "managed", "type": "aws_nat_gateway", "name": "nat", "values": {}}
        ]}}}"#;
        let input = parse(state, "state.json").unwrap();
        assert_eq!(input.resources.len(), 1);
        assert!(input.region.is_none());
    }

    #[test]
    fn other_json_and_other_versions_are_refused_with_what_was_expected() {
        let e = parse(r#"{"resources": []}"#, "x.json").unwrap_err();
        assert!(e.to_string().contains("no format_version"), "{e}");
        assert_eq!(e.exit_code(), 2);
        let e = parse(r#"{"format_version": "2.0"}"#, "x.json").unwrap_err();
        assert!(e.to_string().contains("\"2.0\""), "{e}");
        let e = parse("{\n  \"a\": ,\n}", "x.json").unwrap_err();
        assert!(e.to_string().starts_with("x.json:2:"), "{e}");
    }
}
