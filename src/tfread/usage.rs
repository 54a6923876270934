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
    /// Keys whose value is a word, not a quantity (Infracost's
    /// `reserved_instance_term: 1_year`): archplan prices on-demand and says
    /// it did not use them.
    options: Vec<(String, String, String)>,
    /// Which entries a reader asked for: the others are said to be unread.
    read: std::cell::RefCell<Vec<bool>>,
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
        let mut options = Vec::new();
        for (address, keys) in by_address {
            flatten(file, address, "", keys, &mut entries, &mut options)?;
        }
        Ok(UsageFile {
            file: file.to_string(),
            read: std::cell::RefCell::new(vec![false; entries.len()]),
            entries,
            options,
        })
    }

    /// The quantity `key` of the resource at `address`.
    pub fn get(&self, address: &str, key: &str) -> Option<[Decimal; 3]> {
        let i = self
            .entries
            .iter()
            .position(|(pattern, k, _)| k == key && matches(pattern, address))?;
        if let Some(seen) = self.read.borrow_mut().get_mut(i) {
            *seen = true;
        }
        Some(self.entries[i].2)
    }

    /// One line per quantity of the file that no priced resource read: a
    /// key archplan has no line for, or the usage of a resource it does not
    /// price. The total leaves them out, and says so.
    pub fn unread(&self, resources: &[TfResource]) -> Vec<String> {
        let read = self.read.borrow();
        self.entries
            .iter()
            .zip(read.iter())
            .filter(|(_, read)| !**read)
            .filter(|((pattern, _, _), _)| resources.iter().any(|r| matches(pattern, &r.address)))
            .map(|((pattern, key, _), _)| {
                format!(
                    "{}: {pattern}.{key} is not read: archplan bills no line from it, and the total leaves it out",
                    self.file
                )
            })
            .collect()
    }

    /// One line per address of the file that names no resource read, and
    /// one per option archplan does not apply.
    pub fn unmatched(&self, resources: &[TfResource]) -> Vec<String> {
        let mut out: Vec<String> = self
            .options
            .iter()
            .map(|(address, key, value)| {
                format!(
                    "{}: {address}.{key} = {value} is not used: archplan prices on-demand list prices",
                    self.file
                )
            })
            .collect();
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
    options: &mut Vec<(String, String, String)>,
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
            Value::Object(_) => flatten(file, address, &dotted, v, out, options)?,
            Value::String(word) if word.parse::<Decimal>().is_err() => {
                options.push((address.to_string(), dotted, word.clone()));
            }
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
    fn quantities_no_reader_asked_for_are_said() {
        let file = UsageFile::parse(
            "resource_usage:\n  aws_s3_bucket.b:\n    standard:\n      storage_gb: 10\n    glacier:\n      storage_gb: 99\n",
            "u.yml",
        )
        .unwrap();
        let bucket = TfResource {
            refs: Default::default(),
            address: "aws_s3_bucket.b".to_string(),
            rtype: "aws_s3_bucket".to_string(),
            values: Default::default(),
            unknown: Vec::new(),
            location: None,
        };
        assert!(file.get("aws_s3_bucket.b", "standard.storage_gb").is_some());
        let unread = file.unread(std::slice::from_ref(&bucket));
        assert_eq!(unread.len(), 1, "{unread:?}");
        assert!(unread[0].contains("aws_s3_bucket.b.glacier.storage_gb is not read"));
    }

    #[test]
    fn options_are_kept_aside_and_said() {
        let file = UsageFile::parse(
            "resource_usage:\n  aws_db_instance.db:\n    reserved_instance_term: 1_year\n    monthly_standard_io_requests: \"5\"\n",
            "u.yml",
        )
        .unwrap();
        assert_eq!(
            file.get("aws_db_instance.db", "monthly_standard_io_requests"),
            Some([Decimal::from(5); 3])
        );
        let said = file.unmatched(&[]);
        assert!(
            said.iter()
                .any(|l| l
                    .contains("aws_db_instance.db.reserved_instance_term = 1_year is not used")),
            "{said:?}"
        );
    }

    #[test]
    fn bad_quantities_are_refused_with_where_they_are() {
        for (text, said) in [
            ("resource_usage:\n  a.b:\n    x: -1\n", "a.b.x is -1"),
            ("resource_usage:\n  a.b:\n    x: [5, 1]\n", "a.b.x is [5,1]"),
            ("version: 0.1\n", "no resource_usage"),
            ("resource_usage:\n  a.b:\n    x: true\n", "a.b.x is true"),
        ] {
            let e = UsageFile::parse(text, "u.yml").unwrap_err();
            assert!(e.to_string().contains(said), "{e}");
            assert_eq!(e.exit_code(), 2);
        }
    }
}
