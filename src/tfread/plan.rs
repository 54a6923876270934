//! The JSON of `terraform show -json`: a saved plan (`planned_values`, with
//! `resource_changes` saying what is unknown until apply) or a state
//! (`values`). OpenTofu writes the same format.

use super::{TfInput, TfResource};
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// The major versions of the format archplan reads (`format_version` "0.x"
/// and "1.x"; Terraform promises compatible additions within a major).
const KNOWN_MAJORS: [&str; 2] = ["0", "1"];

pub fn parse(text: &str, file: &str) -> Result<TfInput> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        Error::input(format!(
            "{file}:{}:{}: {e}; expected the JSON of `terraform show -json`",
            e.line(),
            e.column()
        ))
    })?;
    let version = doc
        .get("format_version")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::input(format!(
                "{file}: no format_version; expected the JSON of `terraform show -json` (a plan or a state), not {}",
                what_it_looks_like(&doc)
            ))
        })?;
    let major = version.split('.').next().unwrap_or_default();
    if !KNOWN_MAJORS.contains(&major) {
        return Err(Error::input(format!(
            "{file}: format_version \"{version}\" is not one archplan reads; expected 0.x or 1.x (Terraform 0.12 to 1.x, OpenTofu)"
        ))
        .suggest(Some("1.2".to_string())));
    }
    // A plan's planned values, else a state's values; an empty state has none.
    let root = doc
        .get("planned_values")
        .or_else(|| doc.get("values"))
        .and_then(|v| v.get("root_module"));
    let unknown = unknown_attributes(&doc);
    let mut resources = Vec::new();
    if let Some(root) = root {
        collect(root, &unknown, &mut resources);
    }
    Ok(TfInput {
        source: file.to_string(),
        region: provider_region(&doc),
        resources,
        assumptions: Vec::new(),
    })
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
fn collect(module: &Value, unknown: &Map<String, Value>, out: &mut Vec<TfResource>) {
    for r in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(rtype)) = (
            r.get("address").and_then(Value::as_str),
            r.get("type").and_then(Value::as_str),
        ) else {
            continue;
        };
        let values = r
            .get("values")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let unknown = unknown
            .get(address)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter(|(_, v)| v.as_bool() == Some(true))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        out.push(TfResource {
            address: address.to_string(),
            rtype: rtype.to_string(),
            values,
            unknown,
            location: None,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(child, unknown, out);
    }
}

/// `after_unknown` of each planned change, by address.
fn unknown_attributes(doc: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for change in doc
        .get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(address), Some(after)) = (
            change.get("address").and_then(Value::as_str),
            change.pointer("/change/after_unknown"),
        ) {
            out.insert(address.to_string(), after.clone());
        }
    }
    out
}

/// The AWS provider's region when the configuration sets it to a constant.
fn provider_region(doc: &Value) -> Option<String> {
    let providers = doc.pointer("/configuration/provider_config")?.as_object()?;
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
