//! Amazon ElastiCache for Redis OSS: a replication group of nodes, in cluster
//! mode when it has more than one shard.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Measure, Resource, Sizing, GIB};
use crate::engine::charges::{alarm_charge, charge, hours, Basis, Charge, PriceRef};
use crate::engine::formula::{Formula, FormulaUnit};
use crate::engine::monitoring;
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Amazon ElastiCache (Redis OSS).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElasticacheRedis {
    /// A node type of the price catalog (`cache.t4g.small`).
    pub node_type: String,
    /// Nodes in total (primary + replicas, across shards); 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u32>,
    /// Cluster mode shards; absent or 1 means cluster mode disabled. Each
    /// shard has a primary and the same number of replicas, so `nodes` is a
    /// multiple of `shards`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards: Option<u32>,
}

/// The most replicas a shard may have (ElastiCache's limit).
pub const MAX_REPLICAS_PER_SHARD: u32 = 5;

impl ElasticacheRedis {
    pub fn nodes(&self) -> u32 {
        self.nodes.unwrap_or(1)
    }

    pub fn shards(&self) -> u32 {
        self.shards.unwrap_or(1)
    }
}

impl ComponentKind for ElasticacheRedis {
    fn kind(&self) -> Kind {
        Kind::ElasticacheRedis
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("node_type", &self.node_type, "cache.t4g.small")?;
        at.count("nodes", self.nodes, MAX_COUNT)?;
        at.count("shards", self.shards, MAX_COUNT)?;
        let (nodes, shards) = (self.nodes(), self.shards());
        if nodes % shards != 0 || nodes < shards {
            let nearest = (nodes.div_ceil(shards)).max(1) * shards;
            return Err(at
                .error(
                    "nodes",
                    format!("nodes ({nodes}) is not a multiple of shards ({shards}); each shard has a primary and the same number of replicas"),
                )
                .suggest(Some(nearest.to_string())));
        }
        if nodes / shards - 1 > MAX_REPLICAS_PER_SHARD {
            let most = shards * (MAX_REPLICAS_PER_SHARD + 1);
            return Err(at
                .error(
                    "nodes",
                    format!("nodes ({nodes}) gives each of the {shards} shards {} replicas; ElastiCache allows at most {MAX_REPLICAS_PER_SHARD} per shard", nodes / shards - 1),
                )
                .suggest(Some(most.to_string())));
        }
        Ok(())
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let node = &self.node_type;
        let nodes = self.nodes();
        vec![
            charge(
                format!("{node} node ×{nodes}"),
                PriceRef::sized("node_type", "aws.elasticache.", node, ""),
                hours(nodes),
                Basis::Fixed,
            ),
            alarm_charge(monitoring::cache_alarm_count(node, nodes)),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        ["concurrent_share", "ai_calls", "cache_hit_rate"]
            .iter()
            .map(|n| DriverRead::sizes(n))
            .collect()
    }

    fn size(&self) -> Size {
        let mut parts = vec![SizePart::Name {
            name: self.node_type.clone(),
        }];
        if let Some(n) = self.nodes.filter(|&n| n > 1) {
            parts.push(SizePart::Times { n });
        }
        if let Some(n) = self.shards.filter(|&s| s > 1) {
            parts.push(SizePart::Shards { n });
        }
        Size(parts)
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let cache = self;
        let cap = ctx.cap;
        let node_name = cache.node_type.as_str();
        let node = node_memory(ctx, node_name)?;
        let shards = Decimal::from(cache.shards());
        let reserved = cap.elasticache_redis.reserved_memory_share.value;
        let memory = node.0 * GIB * (Decimal::ONE - reserved) * shards;
        let (d, basis) = ctx.cache_bytes();
        let mut capacity_basis = Formula::new()
            .amount(node.0.normalize(), FormulaUnit::Gib)
            .op("×")
            .op("(")
            .number(Decimal::ONE)
            .op("−")
            .figure("reserved_memory_share", reserved.normalize())
            .op(")");
        if shards > Decimal::ONE {
            capacity_basis = capacity_basis.op("×").counted(shards, "shards");
        }
        let mut l = ctx.limit(
            Resource::CacheMemory,
            Size::named(node_name),
            true,
            Measure::Bytes,
            memory,
            d,
            capacity_basis.op("=").amount(memory, FormulaUnit::Bytes),
            basis,
            &node.1,
            false,
        );
        l.equivalent = ctx.active_users_in(&l);
        limits.push(l);
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "node_type"
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn terraform(&self) -> TerraformRole {
        TerraformRole::Rendered
    }
}

/// The memory of a node type (GiB) and where the figure comes from: an
/// override in `capacity.yaml`, else the node type's price entry.
fn node_memory(ctx: &Sizing<'_>, node_name: &str) -> Result<(Decimal, String)> {
    if let Some(node) = ctx.cap.elasticache_redis.node_types.get(node_name) {
        if let Some(m) = node.memory_gib {
            return Ok((m, node.source.clone()));
        }
    }
    let id = format!("aws.elasticache.{node_name}");
    match ctx.catalog.get(&id, ctx.region) {
        Some(entry) => match entry.memory_gib {
            Some(m) => Ok((m, entry.source.clone())),
            None => Err(ctx.error_at(
                "node_type",
                format!(
                    "no memory for node type \"{node_name}\": its price entry {id} has no memory_gib; add it (the Price List's `memory`), or `archplan pricing refresh`"
                ),
            )),
        },
        None => Err(ctx.error_at(
            "node_type",
            format!("no price entry {id} for node type \"{node_name}\""),
        )),
    }
}
