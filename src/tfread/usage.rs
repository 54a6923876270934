//! A usage file in Infracost's format, so that a team that has one reuses it:
//!
//! ```yaml
//! version: 0.1
//! resource_usage:
//!   aws_s3_bucket.videos:
//!     standard:
//!       storage_gb: 500
//!   aws_nat_gateway.main[*]:
//!     monthly_data_processed_gb: [40, 120]   # a low–high range
//! ```
//!
//! Keys are per resource address (`[*]` matches every instance); nested keys
//! are joined with dots (`standard.storage_gb`). A value is a number or a
//! `[low, high]` range, whose expected value is the middle.

use super::TfResource;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

#[derive(Debug, Clone, Default)]
pub struct UsageFile {
    pub file: String,
    /// (address pattern, dotted key, low/expected/high).
    entries: Vec<(String, String, [Decimal; 3])>,
}

impl UsageFile {
    pub fn parse(text: &str, file: &str) -> Result<UsageFile> {
        let doc: Value = serde_saphyr::from_str(text).map_err(|e| {
            Error::input(format!(
                "{file}: {}; expected an Infracost usage file (version: 0.1, resource_usage: …)",
                first_line(&e.to_string())
            ))
        })?;
        let usage = doc.get("resource_usage").ok_or_else(|| {
            Error::input(format!(
                "{file}: no resource_usage; expected an Infracost usage file (version: 0.1, resource_usage: {{ ADDRESS: {{ KEY: VALUE }} }})"
            ))
        })?;
        let Value::Object(by_address) = usage else {
            return Err(Error::input(format!(
                "{file}: resource_usage is not a map of resource addresses"
            )));
        };
        let mut entries = Vec::new();
        for (address, keys) in by_address {
            flatten(file, address, "", keys, &mut entries)?;
        }
        Ok(UsageFile {
            file: file.to_string(),
            entries,
        })
    }

    /// The quantity `key` of the resource at `address`.
    pub fn get(&self, address: &str, key: &str) -> Option<[Decimal; 3]> {
        self.entries
            .iter()
            .find(|(pattern, k, _)| k == key && matches(pattern, address))
            .map(|(_, _, q)| *q)
    }

    /// One line per address of the file that names no resource read.
    pub fn unmatched(&self, resources: &[TfResource]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (pattern, _, _) in &self.entries {
            if resources.iter().any(|r| matches(pattern, &r.address)) {
                continue;
            }
            let line = format!(
                "{}: usage for {pattern} matches no resource of the configuration; it is not used",
                self.file
            );
            if !out.contains(&line) {
                out.push(line);
            }
        }
        out
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// `aws_lb.api[*]` matches `aws_lb.api[0]` and `aws_lb.api["a"]`.
fn matches(pattern: &str, address: &str) -> bool {
    match pattern.strip_suffix("[*]") {
        Some(base) => address
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']')),
        None => pattern == address,
    }
}

fn flatten(
    file: &str,
    address: &str,
    prefix: &str,
    value: &Value,
    out: &mut Vec<(String, String, [Decimal; 3])>,
) -> Result<()> {
    let Value::Object(keys) = value else {
        return Err(Error::input(format!(
            "{file}: usage of {address} is not a map of keys to quantities"
        )));
    };
    for (key, v) in keys {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match v {
            Value::Object(_) => flatten(file, address, &dotted, v, out)?,
            _ => {
                let q = quantity(v).ok_or_else(|| {
                    Error::input(format!(
                        "{file}: {address}.{dotted} is {v}; expected a quantity of 0 or more, or a [low, high] range"
                    ))
                })?;
                out.push((address.to_string(), dotted, q));
            }
        }
    }
    Ok(())
}

/// A number, or `[low, high]` with low ≤ high: low, expected (the middle), high.
fn quantity(v: &Value) -> Option<[Decimal; 3]> {
    let one = |v: &Value| -> Option<Decimal> {
        let d = match v {
            Value::Number(n) => Decimal::from_str(&n.to_string())
                .or_else(|_| Decimal::from_scientific(&n.to_string()))
                .ok()?,
            Value::String(s) => Decimal::from_str(s.trim()).ok()?,
            _ => return None,
        };
        (d >= Decimal::ZERO).then_some(d)
    };
    match v {
        Value::Array(pair) => match pair.as_slice() {
            [lo, hi] => {
                let (lo, hi) = (one(lo)?, one(hi)?);
                (lo <= hi).then(|| [lo, (lo + hi) / Decimal::TWO, hi])
            }
            _ => None,
        },
        _ => one(v).map(|d| [d, d, d]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_nest_ranges_expand_and_wildcards_match_instances() {
        let file = UsageFile::parse(
            "version: 0.1\nresource_usage:\n  aws_s3_bucket.videos:\n    standard:\n      storage_gb: 500\n  aws_nat_gateway.main[*]:\n    monthly_data_processed_gb: [40, 120]\n",
            "usage.yml",
        )
        .unwrap();
        let d = |n: i64| Decimal::from(n);
        assert_eq!(
            file.get("aws_s3_bucket.videos", "standard.storage_gb"),
            Some([d(500), d(500), d(500)])
        );
        assert_eq!(
            file.get("aws_nat_gateway.main[1]", "monthly_data_processed_gb"),
            Some([d(40), d(80), d(120)])
        );
        assert_eq!(
            file.get("aws_nat_gateway.main", "monthly_data_processed_gb"),
            None
        );
        assert_eq!(file.get("aws_s3_bucket.videos", "storage_gb"), None);
    }

    #[test]
    fn bad_quantities_are_refused_with_where_they_are() {
        for (text, said) in [
            ("resource_usage:\n  a.b:\n    x: -1\n", "a.b.x is -1"),
            ("resource_usage:\n  a.b:\n    x: [5, 1]\n", "a.b.x is [5,1]"),
            ("version: 0.1\n", "no resource_usage"),
        ] {
            let e = UsageFile::parse(text, "u.yml").unwrap_err();
            assert!(e.to_string().contains(said), "{e}");
            assert_eq!(e.exit_code(), 2);
        }
    }
}
