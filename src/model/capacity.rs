//! `profiles/capacity.yaml`: what each component size can hold, with its
//! source, and the assumptions that turn the workload into demand.

use super::locate::YamlPath;
use super::Document;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub assumptions: Assumptions,
    pub rds_postgres: RdsPostgres,
    pub elasticache_redis: ElastiCache,
    /// Vercel plans by name (hobby, pro).
    pub vercel: BTreeMap<String, VercelPlan>,
    pub supabase: Supabase,
    pub upstash_redis: UpstashRedis,
    pub qstash: Qstash,
    pub hetzner: Hetzner,
    /// Models served by the team's own servers (provider: ollama), by model name.
    pub self_hosted_models: BTreeMap<String, SelfHostedModel>,
}

/// A value the team chose, and why.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    #[schemars(with = "f64")]
    pub value: Decimal,
    pub unit: crate::model::review::Text,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    pub message_working_set_share: Assumption,
    pub db_connections_per_active_user: Assumption,
    pub cache_session_kb_per_active_user: Assumption,
    pub ai_cache_entry_kb: Assumption,
    pub ai_cache_ttl_days: Assumption,
    pub active_hours_per_user: Assumption,
}

impl Assumptions {
    pub fn all(&self) -> Vec<(&'static str, &Assumption)> {
        vec![
            ("message_working_set_share", &self.message_working_set_share),
            (
                "db_connections_per_active_user",
                &self.db_connections_per_active_user,
            ),
            (
                "cache_session_kb_per_active_user",
                &self.cache_session_kb_per_active_user,
            ),
            ("ai_cache_entry_kb", &self.ai_cache_entry_kb),
            ("ai_cache_ttl_days", &self.ai_cache_ttl_days),
            ("active_hours_per_user", &self.active_hours_per_user),
        ]
    }
}

/// A published constant and where it was read.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    #[schemars(with = "f64")]
    pub value: Decimal,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsPostgres {
    pub shared_buffers_share: Param,
    pub max_connections_divisor: Param,
    pub max_connections_cap: Param,
    /// DBInstanceClassMemory as a share of the class's memory, for a class
    /// with no measured `class_memory_bytes`.
    #[serde(default)]
    pub class_memory_share: Option<Param>,
    /// Measured facts per class; a class's memory and vCPUs come with its
    /// price entry (`pricing-data/aws.toml`), so a class needs none.
    #[serde(default)]
    pub instance_classes: BTreeMap<String, RdsClass>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdsClass {
    /// Overrides the price entry's.
    #[serde(default)]
    pub vcpu: Option<u32>,
    /// Overrides the price entry's.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub memory_gib: Option<Decimal>,
    /// DBInstanceClassMemory: what RDS leaves to PostgreSQL, in bytes.
    #[serde(default)]
    pub class_memory_bytes: Option<u64>,
    #[serde(default)]
    pub uncertain: bool,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    pub reserved_memory_share: Param,
    /// Overrides per node type; a node type's memory and vCPUs come with its
    /// price entry (`pricing-data/aws.toml`), so a node type needs none.
    #[serde(default)]
    pub node_types: BTreeMap<String, CacheNode>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheNode {
    #[serde(default)]
    pub vcpu: Option<u32>,
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub memory_gib: Option<Decimal>,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VercelPlan {
    #[schemars(with = "f64")]
    pub bandwidth_gb: Decimal,
    pub function_invocations: u64,
    pub build_hours: u32,
    pub concurrent_builds: u32,
    pub build_minutes_per_deployment: u32,
    pub commercial_use: bool,
    /// Whether usage beyond the included amounts is billed (true) or stops the project (false).
    pub overage: bool,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supabase {
    pub shared_buffers_share: Param,
    pub compute: BTreeMap<String, SupabaseCompute>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupabaseCompute {
    pub cpu_cores: u32,
    #[schemars(with = "f64")]
    pub memory_gib: Decimal,
    pub direct_connections: u32,
    pub pooler_clients: u32,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstashRedis {
    #[schemars(with = "f64")]
    pub max_data_size_gb: Decimal,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qstash {
    pub free_messages_per_day: u64,
    pub max_message_mb: u32,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hetzner {
    pub shared_buffers_share: Param,
    pub servers: BTreeMap<String, HetznerServer>,
    pub storage_boxes: BTreeMap<String, StorageBox>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HetznerServer {
    pub cores: u32,
    pub threads: u32,
    #[schemars(with = "f64")]
    pub memory_gib: Decimal,
    #[schemars(with = "f64")]
    pub disk_gb: Decimal,
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub gpu_memory_gib: Option<Decimal>,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageBox {
    #[schemars(with = "f64")]
    pub size_gb: Decimal,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedModel {
    #[schemars(with = "f64")]
    pub tokens_per_second: Decimal,
    pub runs_on: crate::model::review::Text,
    #[schemars(with = "f64")]
    pub memory_gib: Decimal,
    #[serde(default)]
    pub uncertain: bool,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

/// The smallest figure a capacity file may hold: finer than any share,
/// divisor or size a vendor publishes.
const MIN_FIGURE: Decimal = Decimal::from_parts(1, 0, 0, false, 6);
/// The largest: a trillion (bytes, connections, tokens a second) is beyond
/// any single instance, and keeps products and quotients of figures within
/// what an exact decimal holds.
const MAX_FIGURE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// Every capacity must be a positive number with a source: a zero would make
/// a component hold nobody, a missing source an unverifiable figure.
pub fn validate(doc: &Document<Capacity>) -> Result<()> {
    let c = &doc.value;
    let root = YamlPath::root();
    let positive = |path: YamlPath, name: &str, v: Decimal| -> Result<()> {
        if v <= Decimal::ZERO {
            return Err(doc.error_at(&path, format!("{name} is {v}; expected a number above 0")));
        }
        if v < MIN_FIGURE || v > MAX_FIGURE {
            return Err(doc.error_at(
                &path,
                format!(
                    "{name} is {v}; expected a number between {MIN_FIGURE} and {MAX_FIGURE}, the nearest being {}",
                    v.clamp(MIN_FIGURE, MAX_FIGURE)
                ),
            ));
        }
        Ok(())
    };
    let sourced = |path: YamlPath, name: &str, source: &str| -> Result<()> {
        if source.trim().is_empty() {
            return Err(doc.error_at(
                &path,
                format!("{name} has no source; every figure names where it was read"),
            ));
        }
        Ok(())
    };
    for (name, a) in c.assumptions.all() {
        positive(
            root.key("assumptions").key(name).key("value"),
            name,
            a.value,
        )?;
    }
    let share = |path: YamlPath, name: &str, p: &Param| -> Result<()> {
        positive(path.key("value"), name, p.value)?;
        sourced(path.key("source"), name, &p.source)?;
        if p.value > Decimal::ONE {
            return Err(doc.error_at(
                &path.key("value"),
                format!("{name} is {}; a share lies between 0 and 1", p.value),
            ));
        }
        Ok(())
    };
    let rds = root.key("rds_postgres");
    share(
        rds.key("shared_buffers_share"),
        "shared_buffers_share",
        &c.rds_postgres.shared_buffers_share,
    )?;
    positive(
        rds.key("max_connections_divisor").key("value"),
        "max_connections_divisor",
        c.rds_postgres.max_connections_divisor.value,
    )?;
    positive(
        rds.key("max_connections_cap").key("value"),
        "max_connections_cap",
        c.rds_postgres.max_connections_cap.value,
    )?;
    for (name, class) in &c.rds_postgres.instance_classes {
        let p = rds.key("instance_classes").key(name);
        if let Some(m) = class.memory_gib {
            positive(p.key("memory_gib"), name, m)?;
        }
        if let Some(b) = class.class_memory_bytes {
            positive(p.key("class_memory_bytes"), name, Decimal::from(b))?;
        }
        sourced(p.key("source"), name, &class.source)?;
    }
    if let Some(p) = &c.rds_postgres.class_memory_share {
        share(rds.key("class_memory_share"), "class_memory_share", p)?;
    }
    let ec = root.key("elasticache_redis");
    share(
        ec.key("reserved_memory_share"),
        "reserved_memory_share",
        &c.elasticache_redis.reserved_memory_share,
    )?;
    for (name, node) in &c.elasticache_redis.node_types {
        let p = ec.key("node_types").key(name);
        if let Some(m) = node.memory_gib {
            positive(p.key("memory_gib"), name, m)?;
        }
        sourced(p.key("source"), name, &node.source)?;
    }
    for (name, plan) in &c.vercel {
        let p = root.key("vercel").key(name);
        positive(p.key("bandwidth_gb"), name, plan.bandwidth_gb)?;
        positive(
            p.key("function_invocations"),
            name,
            Decimal::from(plan.function_invocations),
        )?;
        sourced(p.key("source"), name, &plan.source)?;
    }
    let sb = root.key("supabase");
    share(
        sb.key("shared_buffers_share"),
        "shared_buffers_share",
        &c.supabase.shared_buffers_share,
    )?;
    for (name, compute) in &c.supabase.compute {
        let p = sb.key("compute").key(name);
        positive(p.key("memory_gib"), name, compute.memory_gib)?;
        positive(
            p.key("pooler_clients"),
            name,
            Decimal::from(compute.pooler_clients),
        )?;
        sourced(p.key("source"), name, &compute.source)?;
    }
    positive(
        root.key("upstash_redis").key("max_data_size_gb"),
        "max_data_size_gb",
        c.upstash_redis.max_data_size_gb,
    )?;
    sourced(
        root.key("upstash_redis").key("source"),
        "upstash_redis",
        &c.upstash_redis.source,
    )?;
    sourced(root.key("qstash").key("source"), "qstash", &c.qstash.source)?;
    let hz = root.key("hetzner");
    share(
        hz.key("shared_buffers_share"),
        "shared_buffers_share",
        &c.hetzner.shared_buffers_share,
    )?;
    for (name, server) in &c.hetzner.servers {
        let p = hz.key("servers").key(name);
        positive(p.key("memory_gib"), name, server.memory_gib)?;
        positive(p.key("disk_gb"), name, server.disk_gb)?;
        sourced(p.key("source"), name, &server.source)?;
    }
    for (name, b) in &c.hetzner.storage_boxes {
        let p = hz.key("storage_boxes").key(name);
        positive(p.key("size_gb"), name, b.size_gb)?;
        sourced(p.key("source"), name, &b.source)?;
    }
    for (name, m) in &c.self_hosted_models {
        let p = root.key("self_hosted_models").key(name);
        positive(p.key("tokens_per_second"), name, m.tokens_per_second)?;
        sourced(p.key("source"), name, &m.source)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::workspace::{Sources, Workspace};

    fn dir_with(capacity: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/profiles/");
        std::fs::copy(
            format!("{root}current.yaml"),
            dir.path().join("current.yaml"),
        )
        .unwrap();
        std::fs::write(dir.path().join("capacity.yaml"), capacity).unwrap();
        dir
    }

    #[test]
    fn a_profiles_folder_may_bring_its_own_capacity() {
        let text = crate::assets::CAPACITY
            .1
            .replace("bandwidth_gb: 100\n", "bandwidth_gb: 200\n");
        let dir = dir_with(&text);
        let ws = Workspace::load(&Sources {
            profiles_dir: Some(dir.path().to_path_buf()),
            ..Sources::default()
        })
        .unwrap();
        assert_eq!(
            ws.capacity.value.vercel["hobby"].bandwidth_gb,
            rust_decimal::Decimal::from(200)
        );
        assert!(
            ws.capacity.file.ends_with("capacity.yaml")
                && !ws.capacity.file.starts_with("profiles/")
        );
    }

    #[test]
    fn a_zero_capacity_is_reported_at_its_line() {
        let text =
            crate::assets::CAPACITY
                .1
                .replacen("      memory_gib: 2\n", "      memory_gib: 0\n", 1);
        let line = text
            .lines()
            .position(|l| l == "      memory_gib: 0")
            .unwrap()
            + 1;
        let dir = dir_with(&text);
        let e = Workspace::load(&Sources {
            profiles_dir: Some(dir.path().to_path_buf()),
            ..Sources::default()
        })
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string()
                .contains("small is 0; expected a number above 0"),
            "{e}"
        );
        assert_eq!(e.location.unwrap().line, line);
    }
}
