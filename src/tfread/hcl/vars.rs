//! Input variables: their declarations and where their values come from, in
//! Terraform's precedence: default < `terraform.tfvars` < `*.auto.tfvars`
//! (sorted) < `--var`.

use super::files::{parse, read_text, SourceBlock};
use super::funcs::{number, number_of};
use super::scope::Scope;
use crate::error::{closest, Error, Result};
use hcl::expr::Expression;
use hcl::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// A `variable "name" { ... }` block.
pub(super) struct Declaration {
    pub name: String,
    pub default: Option<Value>,
    /// `string`, `number` or `bool` when the type is one of those, `set` for
    /// `set(...)`.
    pub primitive: Option<String>,
}

pub(super) fn declarations(blocks: &[SourceBlock]) -> Vec<Declaration> {
    let constants = Scope::constants();
    blocks
        .iter()
        .filter(|b| b.kind() == "variable")
        .filter_map(|b| {
            let name = b.label(0)?.to_string();
            let attr = |key: &str| {
                b.block
                    .body
                    .attributes()
                    .find(|a| a.key.as_str() == key)
                    .map(|a| &a.expr)
            };
            let default = attr("default").and_then(|e| constants.eval(e).ok());
            let primitive = match attr("type") {
                Some(Expression::Variable(v)) => Some(v.as_str().to_string()),
                Some(Expression::FuncCall(call)) if call.name.name.as_str() == "set" => {
                    Some("set".to_string())
                }
                _ => None,
            };
            Some(Declaration {
                name,
                default,
                primitive,
            })
        })
        .collect()
}

/// The values of the declared variables (those known), and the names of the
/// variables that have none: no default and no value given. `unknown_given`
/// are values given that depend on something unknown (a module argument that
/// names another resource): unknown, but not missing.
pub(super) fn resolve(
    declared: &[Declaration],
    given: &Map<String, Value>,
    unknown_given: &BTreeSet<String>,
) -> (Map<String, Value>, Vec<String>) {
    let mut known = Map::new();
    let mut missing = Vec::new();
    for d in declared {
        match given.get(&d.name).or(d.default.as_ref()) {
            _ if unknown_given.contains(&d.name) => {}
            Some(value) => {
                known.insert(d.name.clone(), convert(value, d.primitive.as_deref()));
            }
            None => missing.push(d.name.clone()),
        }
    }
    (known, missing)
}

/// Terraform converts a value to the declared primitive type: `--var n=3`
/// into a string variable is `"3"`.
fn convert(value: &Value, primitive: Option<&str>) -> Value {
    let converted = match (primitive, value) {
        (Some("string"), Value::Number(n)) => Some(Value::String(n.to_string())),
        (Some("string"), Value::Bool(b)) => Some(Value::String(b.to_string())),
        (Some("number"), Value::String(_)) => number_of(value).ok().and_then(|n| number(n).ok()),
        (Some("bool"), Value::String(s)) if s == "true" || s == "false" => {
            Some(Value::Bool(s == "true"))
        }
        // A set has no duplicates, and Terraform orders a set of strings
        // lexically: length(var.buckets) of ["b", "a", "b"] is 2.
        (Some("set"), Value::Array(items)) => {
            let mut set: Vec<Value> = Vec::new();
            for item in items {
                if !set.contains(item) {
                    set.push(item.clone());
                }
            }
            if set.iter().all(Value::is_string) {
                set.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            Some(Value::Array(set))
        }
        _ => None,
    };
    converted.unwrap_or_else(|| value.clone())
}

/// The values given to the root module: its `.tfvars` files, then `--var`.
pub(super) fn root_given(
    dir: &Path,
    declared: &[Declaration],
    cli: &[(String, String)],
) -> Result<Map<String, Value>> {
    let mut given = Map::new();
    for file in tfvars_files(dir)? {
        given.extend(tfvars(&dir.join(file))?);
    }
    for (name, raw) in cli {
        if !declared.iter().any(|d| &d.name == name) {
            let names = declared.iter().map(|d| d.name.as_str());
            return Err(Error::input(format!(
                "--var {name}: {} declares no variable \"{name}\"",
                dir.display()
            ))
            .suggest(closest(name, names)));
        }
        given.insert(name.clone(), cli_value(raw));
    }
    Ok(given)
}

/// `terraform.tfvars(.json)`, then `*.auto.tfvars(.json)` sorted by name.
fn tfvars_files(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, &e))?;
    let mut auto = Vec::new();
    let mut main = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_file() {
            continue;
        }
        if name == "terraform.tfvars" || name == "terraform.tfvars.json" {
            main.push(name);
        } else if name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json") {
            auto.push(name);
        }
    }
    main.sort();
    auto.sort();
    main.extend(auto);
    Ok(main)
}

/// The assignments of one `.tfvars` file (HCL, or JSON when named `.json`).
fn tfvars(path: &Path) -> Result<Map<String, Value>> {
    let text = read_text(path)?;
    if path.extension().is_some_and(|e| e == "json") {
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::input(format!(
                "not valid JSON: {e}; expected an object of variable values"
            ))
            .in_file(path.display().to_string())
        })?;
        let value: Value = hcl::to_value(&json).unwrap_or(Value::Null);
        return match value {
            Value::Object(map) => Ok(map),
            _ => Err(Error::input("expected an object of variable values")
                .in_file(path.display().to_string())),
        };
    }
    let constants = Scope::constants();
    let mut values = Map::new();
    for attr in parse(&text, path)?.into_attributes() {
        let name = attr.key.as_str().to_string();
        let expr: Expression = attr.value.into();
        let value = constants.eval(&expr).map_err(|_| {
            Error::input(format!(
                "{name} is not a constant; expected a value such as \"db.t4g.small\", 2 or [\"a\"]"
            ))
            .in_file(path.display().to_string())
        })?;
        values.insert(name, value);
    }
    Ok(values)
}

/// A `--var` value: an HCL constant when it reads as one (`3`, `true`,
/// `["a", "b"]`, `"quoted"`), else the text as written (`db.t4g.small`).
fn cli_value(raw: &str) -> Value {
    raw.parse::<Expression>()
        .ok()
        .and_then(|expr| Scope::constants().eval(&expr).ok())
        .unwrap_or_else(|| Value::from(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_values_read_as_hcl_when_they_can() {
        assert_eq!(cli_value("3"), Value::from(3));
        assert_eq!(cli_value("true"), Value::Bool(true));
        assert_eq!(cli_value("\"x\""), Value::from("x"));
        assert_eq!(cli_value("db.t4g.small"), Value::from("db.t4g.small"));
        assert_eq!(cli_value("us-east-1"), Value::from("us-east-1"));
        assert_eq!(
            cli_value("[\"a\", \"b\"]"),
            Value::Array(vec![Value::from("a"), Value::from("b")])
        );
    }

    #[test]
    fn values_take_the_declared_primitive_type() {
        assert_eq!(convert(&Value::from(3), Some("string")), Value::from("3"));
        assert_eq!(convert(&Value::from("4"), Some("number")), Value::from(4));
        assert_eq!(convert(&Value::from("x"), Some("number")), Value::from("x"));
    }
}
