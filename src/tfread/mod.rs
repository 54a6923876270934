//! Reading Terraform a team already has, offline: a plan or state in
//! Terraform's JSON format (`terraform show -json`), or a folder of `.tf`
//! files evaluated without terraform. Both give the same [`TfInput`]: the
//! resources with the attribute values that are known, and the assumptions
//! made where a value could not be known. Pricing them is `price`'s concern.

pub mod drift;
pub mod group;
pub mod hcl;
pub mod links;
pub mod plan;
pub mod price;
pub mod usage;

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::Path;

/// One managed resource instance (`count`/`for_each` expanded).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TfResource {
    /// Full address: `module.data.aws_elasticache_replication_group.cache[0]`.
    pub address: String,
    /// Resource type: `aws_db_instance`.
    #[serde(rename = "type")]
    pub rtype: String,
    /// Attribute values that are known, as JSON (nested blocks are arrays of
    /// objects, as in Terraform's JSON plan).
    pub values: Map<String, Value>,
    /// Top-level attributes whose value is unknown until apply (they depend on
    /// other resources, data sources or remote modules).
    pub unknown: Vec<String>,
    /// `file:line` of the resource block, when read from HCL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The resources each top-level attribute refers to, by address without
    /// instance keys (`allocation_id` → `aws_eip.nat`): what joins a NAT
    /// gateway to its address, a service to its cluster, a replica to its
    /// source, when the values themselves are known only after apply.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub refs: std::collections::BTreeMap<String, Vec<String>>,
}

impl TfResource {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.values.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    pub fn u64(&self, key: &str) -> Option<u64> {
        match self.values.get(key)? {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Whether `key` refers to the resource `base` (an address without
    /// instance keys).
    pub fn refers_to(&self, key: &str, base: &str) -> bool {
        self.refs
            .get(key)
            .is_some_and(|r| r.iter().any(|a| a == base))
    }

    /// The address without instance keys: `module.a.aws_eip.nat`.
    pub fn base_address(&self) -> String {
        base_address(&self.address)
    }

    /// Whether `key` is unknown until apply.
    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown.iter().any(|u| u == key)
    }

    /// The address and, when read from HCL, where: `aws_lb.api (alb.tf:80)`.
    pub fn label(&self) -> String {
        match &self.location {
            Some(l) => format!("{} ({l})", self.address),
            None => self.address.clone(),
        }
    }
}

/// The resources of a configuration, plan or state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TfInput {
    /// What was read: the file or folder.
    pub source: String,
    /// The AWS region of the provider, when the input says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub resources: Vec<TfResource>,
    /// Values the reader could not know and what it did instead, one line
    /// each (`module.vpc: remote module source "terraform-aws-modules/vpc/aws" is not read`).
    pub assumptions: Vec<String>,
}

/// An address without its instance keys: `module.a[0].aws_eip.nat["x"]` is
/// `module.a.aws_eip.nat`.
pub fn base_address(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A reference as Terraform writes it (`aws_eip.nat[0].id`,
/// `module.db.aws_db_instance.main.identifier` within a module) as the
/// resource address it names, under `prefix`; `None` for variables, locals,
/// data sources, modules' outputs and iterators.
pub fn resource_reference(prefix: &str, reference: &str) -> Option<String> {
    let mut parts = reference.split('.');
    let rtype = parts.next()?;
    let name = parts.next()?;
    let name = name.split('[').next()?;
    if !rtype.contains('_')
        || name.is_empty()
        || matches!(
            rtype,
            "var" | "local" | "data" | "module" | "each" | "count" | "self" | "path" | "terraform"
        )
    {
        return None;
    }
    Some(format!("{prefix}{rtype}.{name}"))
}

/// `--var name=value`, as given on the command line.
pub fn parse_var(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "\"{s}\" is not name=value; expected one like instance_class=db.t4g.small"
        )),
    }
}

/// Reads a JSON plan or state file, or a folder of `.tf` files.
pub fn read(path: &Path, vars: &[(String, String)]) -> Result<TfInput> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::input(format!(
            "--terraform {}: {e}; expected a folder of .tf files or the JSON of `terraform show -json`",
            path.display()
        ))
    })?;
    if meta.is_dir() {
        hcl::read_folder(path, vars)
    } else {
        if !vars.is_empty() {
            return Err(Error::input(format!(
                "--var applies to a folder of .tf files; {} is a plan or state, whose variables are already set",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::input(format!("--terraform {}: {e}", path.display())))?;
        plan::parse(&text, &path.display().to_string())
    }
}

/// A kind's spec read from Terraform, with what was assumed to read it.
#[derive(Debug, Clone)]
pub struct Read<T> {
    pub spec: T,
    pub assumptions: Vec<String>,
}

impl<T> Read<T> {
    pub fn new(spec: T) -> Self {
        Read {
            spec,
            assumptions: Vec::new(),
        }
    }
}

/// A number of resources as the `u32` counts of kinds take.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
