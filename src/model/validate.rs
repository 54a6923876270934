//! Checks that parsing alone cannot make: ranges in order, sizes that apply to
//! the kind, names that are unique. Each failure points at the offending value.

use super::budget::Budget;
use super::locate::YamlPath;
use super::profile::{Component, Kind, Profile};
use super::workload::Workload;
use super::Document;
use crate::error::{closest, Result};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Upper bounds that keep every product of sizes, users and prices far inside
/// exact decimal range (about 7.9e28): beyond them the input is a typo anyway.
pub const MAX_DRIVER: u64 = 1_000_000;
const MAX_COUNT: u32 = 1_000;
const MAX_STORAGE_GB: u64 = 65_536;
const MAX_SIZE: u64 = 1_000_000;

/// Fields every component may have.
const COMMON: &[&str] = &["name", "kind", "pool", "note", "trade_offs"];

/// (required, optional) size fields of each kind.
fn fields(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::RdsPostgres => (
            &["instance_class", "storage_gb"],
            &[
                "max_storage_gb",
                "multi_az",
                "read_replicas",
                "backup_retention_days",
                "publicly_accessible",
            ],
        ),
        Kind::ElasticacheRedis => (&["node_type"], &["nodes", "shards"]),
        Kind::S3 | Kind::Qstash | Kind::UpstashRedis => (&[], &[]),
        Kind::SecretsManager => (&["secrets"], &[]),
        Kind::NatGateway => (&[], &["count"]),
        Kind::LoadBalancer => (&[], &["count", "lcu"]),
        Kind::PublicIpv4 => (&["count"], &[]),
        Kind::Fargate => (&["tasks", "vcpu", "memory_gb"], &[]),
        Kind::Amplify => (&[], &["build_minutes", "storage_gb"]),
        Kind::Vercel => (&["plan"], &["seats"]),
        Kind::Supabase => (&["plan"], &["compute", "storage_gb"]),
        Kind::HetznerServer | Kind::HetznerStorageBox => (&["server"], &["count"]),
        Kind::Llm => (&["provider", "model"], &["transcription"]),
    }
}

pub fn profile(doc: &Document<Profile>) -> Result<()> {
    let p = &doc.value;
    let root = YamlPath::root();
    if p.name.trim().is_empty() {
        return Err(doc.error_at(
            &root.key("name"),
            "profile name is empty; expected a short name like \"current\"",
        ));
    }
    if p.tiers.is_empty() {
        return Err(doc.error_at(&root.key("tiers"), "a profile needs at least one tier"));
    }
    let mut seen_users = HashSet::new();
    for (ti, tier) in p.tiers.iter().enumerate() {
        let tier_path = root.key("tiers").index(ti);
        if tier.users == 0 {
            return Err(doc.error_at(
                &tier_path.key("users"),
                "tier users is 0; expected a user count of 1 or more",
            ));
        }
        if !seen_users.insert(tier.users) {
            return Err(doc.error_at(
                &tier_path.key("users"),
                format!(
                    "two tiers are sized for {} users; each tier needs its own user count",
                    tier.users
                ),
            ));
        }
        let mut names = HashSet::new();
        for (ci, c) in tier.components.iter().enumerate() {
            let path = tier_path.key("components").index(ci);
            if !names.insert(c.name.as_str()) {
                return Err(doc.error_at(
                    &path.key("name"),
                    format!(
                        "component name \"{}\" is used twice in the {}-user tier",
                        c.name, tier.users
                    ),
                ));
            }
            component(doc, &path, c)?;
        }
    }
    Ok(())
}

fn component(doc: &Document<Profile>, path: &YamlPath, c: &Component) -> Result<()> {
    let (required, optional) = fields(c.kind);
    let set = c.set_fields();
    for &field in &set {
        if !COMMON.contains(&field) && !required.contains(&field) && !optional.contains(&field) {
            let valid: Vec<&str> = required.iter().chain(optional).copied().collect();
            let list = if valid.is_empty() {
                "none".to_string()
            } else {
                valid.join(", ")
            };
            return Err(doc.error_at(
                &path.key(field),
                format!(
                    "`{field}` does not apply to kind {} (its sizes: {list})",
                    c.kind.as_str()
                ),
            ));
        }
    }
    for field in required {
        if !set.iter().any(|f| f == field) {
            return Err(doc.error_at(
                path,
                format!(
                    "component \"{}\" of kind {} needs `{field}`",
                    c.name,
                    c.kind.as_str()
                ),
            ));
        }
    }
    let one_of = |field: &str, value: &Option<String>, options: &[&str]| -> Result<()> {
        match value {
            Some(v) if !options.contains(&v.as_str()) => Err(doc
                .error_at(
                    &path.key(field),
                    format!(
                        "unknown {field} \"{v}\"; expected one of {}",
                        options.join(", ")
                    ),
                )
                .suggest(closest(v, options.iter().copied()).map(|s| format!("\"{s}\"")))),
            _ => Ok(()),
        }
    };
    match c.kind {
        Kind::Vercel => one_of("plan", &c.plan, &["hobby", "pro"])?,
        Kind::Supabase => one_of("plan", &c.plan, &["pro"])?,
        Kind::Llm => {
            one_of(
                "provider",
                &c.provider,
                &["azure", "openai", "bedrock", "ollama"],
            )?;
            one_of(
                "transcription",
                &c.transcription,
                &["whisper", "transcribe", "none"],
            )?;
        }
        _ => {}
    }
    let at_least_one = [
        ("nodes", c.nodes),
        ("tasks", c.tasks),
        ("seats", c.seats),
        ("count", c.count),
        ("shards", c.shards),
    ];
    for (field, value) in at_least_one {
        if value == Some(0) {
            return Err(doc.error_at(
                &path.key(field),
                format!("{field} is 0; expected 1 or more"),
            ));
        }
    }
    for (field, value) in at_least_one {
        if value.is_some_and(|v| v > MAX_COUNT) {
            return Err(doc.error_at(
                &path.key(field),
                format!(
                    "{field} is {}; expected at most {MAX_COUNT}",
                    value.unwrap_or_default()
                ),
            ));
        }
    }
    let sizes = [
        ("storage_gb", c.storage_gb, MAX_STORAGE_GB),
        ("max_storage_gb", c.max_storage_gb, MAX_STORAGE_GB),
        ("build_minutes", c.build_minutes, MAX_SIZE),
    ];
    for (field, value, max) in sizes {
        if let Some(v) = value.filter(|&v| v > max) {
            return Err(doc.error_at(
                &path.key(field),
                format!("{field} is {v}; expected at most {max}"),
            ));
        }
    }
    if c.read_replicas.is_some_and(|r| r > 15) {
        return Err(doc.error_at(
            &path.key("read_replicas"),
            "read_replicas is above 15, the most RDS for PostgreSQL allows",
        ));
    }
    for (field, value) in [("lcu", c.lcu), ("vcpu", c.vcpu), ("memory_gb", c.memory_gb)] {
        if let Some(v) = value {
            if v > Decimal::from(MAX_SIZE) {
                return Err(doc.error_at(
                    &path.key(field),
                    format!("{field} is {v}; expected at most {MAX_SIZE}"),
                ));
            }
            if v <= Decimal::ZERO {
                return Err(doc.error_at(
                    &path.key(field),
                    format!("{field} is {v}; expected a size above 0"),
                ));
            }
        }
    }
    if c.kind == Kind::RdsPostgres {
        let storage = c.storage_gb.unwrap_or(0);
        if storage < 20 {
            return Err(doc.error_at(
                &path.key("storage_gb"),
                format!("storage_gb is {storage}; RDS gp3 storage starts at 20 GB"),
            ));
        }
        if let Some(max) = c.max_storage_gb {
            if max < storage {
                return Err(doc.error_at(
                    &path.key("max_storage_gb"),
                    format!("max_storage_gb ({max}) is below storage_gb ({storage}); expected a ceiling above the allocated storage"),
                ));
            }
        }
    }
    Ok(())
}

pub fn workload(doc: &Document<Workload>) -> Result<()> {
    for (name, d) in doc.value.drivers() {
        let path = YamlPath::root().key(name);
        if d.low < Decimal::ZERO {
            return Err(doc.error_at(
                &path.key("low"),
                format!("{name}.low is negative ({}); expected 0 or more", d.low),
            ));
        }
        if !(d.low <= d.expected && d.expected <= d.high) {
            return Err(doc.error_at(
                &path,
                format!(
                    "{name} has low {}, expected {}, high {}; expected low ≤ expected ≤ high",
                    d.low, d.expected, d.high
                ),
            ));
        }
        if d.high > Decimal::from(MAX_DRIVER) {
            return Err(doc.error_at(
                &path.key("high"),
                format!(
                    "{name}.high is {}; expected at most {MAX_DRIVER} per user per month",
                    d.high
                ),
            ));
        }
        if Workload::SHARES.contains(&name) && d.high > Decimal::ONE {
            return Err(doc.error_at(
                &path.key("high"),
                format!("{name}.high is {}; a share lies between 0 and 1", d.high),
            ));
        }
    }
    Ok(())
}

pub fn budget(doc: &Document<Budget>) -> Result<()> {
    let b = &doc.value;
    let root = YamlPath::root();
    if b.total.is_negative() {
        return Err(doc.error_at(
            &root.key("total"),
            format!(
                "total is {}; expected an amount of 0 or more",
                b.total.amount()
            ),
        ));
    }
    if b.pools.is_empty() {
        return Err(doc.error_at(
            &root.key("pools"),
            "a budget needs at least one pool (e.g. cash)",
        ));
    }
    let mut names = HashSet::new();
    for (i, pool) in b.pools.iter().enumerate() {
        let path = root.key("pools").index(i);
        if !names.insert(pool.name.as_str()) {
            return Err(doc.error_at(
                &path.key("name"),
                format!("pool \"{}\" is defined twice", pool.name),
            ));
        }
        if let Some(amount) = pool.amount.filter(|a| a.is_negative()) {
            return Err(doc.error_at(
                &path.key("amount"),
                format!(
                    "pool \"{}\" has amount {}; expected 0 or more",
                    pool.name,
                    amount.amount()
                ),
            ));
        }
    }
    crate::model::budget::validate_funding(doc)
}

/// A pool limited to vendors the catalog has no price from could never pay
/// for anything: almost always a typo.
pub fn budget_vendors(doc: &Document<Budget>, known: &[&str]) -> Result<()> {
    for (i, pool) in doc.value.pools.iter().enumerate() {
        for (j, vendor) in pool.vendors.iter().enumerate() {
            if !known.contains(&vendor.as_str()) {
                return Err(doc
                    .error_at(
                        &YamlPath::root().key("pools").index(i).key("vendors").index(j),
                        format!(
                            "pool \"{}\" accepts vendor \"{vendor}\", which no price in the catalog is from, so no line could use it (vendors: {})",
                            pool.name,
                            known.join(", ")
                        ),
                    )
                    .suggest(closest(vendor, known.iter().copied()).map(|s| format!("\"{s}\""))));
            }
        }
    }
    Ok(())
}
