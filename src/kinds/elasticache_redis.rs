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
use crate::model::profile::{Component, Tier};
use crate::render::terraform::alarms::{alarm_block, Watched};
use crate::render::terraform::assembly::{counterpart, Assembly, GeneratedSecret, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{Cache, Upgrade};
use crate::tfread::group::Group;
use crate::tfread::Read;
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

    fn network(&self) -> super::network::Network {
        // ElastiCache has no public endpoint: only clients in its VPC connect.
        super::network::Network::new(
            super::network::Egress::CallsNothing,
            super::network::Ingress::VpcOnly,
        )
    }

    fn remedy(&self, side: super::network::Side) -> Option<super::network::Remedy> {
        // The same cache with a public TLS endpoint: Upstash Redis, billed
        // per command.
        match side {
            super::network::Side::Caller | super::network::Side::Inside => None,
            super::network::Side::Target => Some(super::network::Remedy {
                en: "Upstash Redis (pay as you go) instead of ElastiCache, reached over TLS from anywhere".into(),
                fr: "Upstash Redis (paiement à l'usage) à la place d'ElastiCache, joignable en TLS depuis partout".into(),
                spec: super::Spec::UpstashRedis(super::upstash_redis::UpstashRedis {}),
            }),
        }
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
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

impl ModulePart for ElasticacheRedis {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let component = one_line(&c.name);
        // Validation has checked the shape (nodes a multiple of shards).
        let (nodes, shards) = (self.nodes(), self.shards());
        let cluster_mode = shards > 1;
        let replicas_per_shard = nodes / shards - 1;
        let automatic_failover = cluster_mode || nodes > 1;
        let mut gaps = vec![checks::CACHE_CMK];
        if !automatic_failover {
            gaps.push(checks::CACHE_NO_FAILOVER);
        }
        let skips = m.skips(c, "aws_elasticache_replication_group.cache", gaps);
        m.generated_secrets.push(GeneratedSecret {
            resource: "cache_auth_token",
            name: "cache-auth-token",
            description: "AUTH token of the cache".to_string(),
            env: "REDIS_AUTH_TOKEN",
        });

        // Alarms are named by position, watching whichever node holds it:
        // ElastiCache names a node when it creates it, so a cache that moved
        // to cluster mode keeps its first nodes' names and a fresh one has
        // others. The alarms of a tier stay the same alarms when the next
        // tier renames or adds nodes (an in-place change of their dimension).
        let per_shard = replicas_per_shard + 1;
        let watched_nodes = if cluster_mode {
            shards * per_shard
        } else {
            nodes
        };
        for i in 0..watched_nodes {
            // In the migration step ("compatible") the cache has one shard.
            let count = (cluster_mode && i >= per_shard)
                .then(|| "var.cache_cluster_mode == \"enabled\" ? 1 : 0".to_string());
            for alarm in monitoring::cache_alarms(&self.node_type) {
                let mut block = alarm_block(
                    alarm,
                    &Watched {
                        component: &component,
                        resource: &format!("cache_node_{}", i + 1),
                        name: &format!("cache-node-{}", i + 1),
                        namespace: "AWS/ElastiCache",
                        dimension: "CacheClusterId",
                        value: &format!("local.cache_nodes[{i}]"),
                        class: &self.node_type,
                        memory_gib: None,
                        storage_gb: 0,
                    },
                );
                block.count = count.clone();
                m.alarms.push(block);
            }
        }
        m.watched.get_or_insert(c);

        if !m.has(Kind::NatGateway) {
            m.design_notes.push("ElastiCache never has a public endpoint: clients outside the VPC (serverless functions) need a VPN, VPC peering or the platform's private networking to reach it; the allow-list only admits addresses routed into the VPC.".to_string());
        }
        m.design_notes.push(format!(
            "The cache runs Redis OSS, which the estimate prices; `cache_engine = \"valkey\"` runs Valkey, cheaper per node-hour and protocol-compatible{}.",
            if cluster_mode { " (cluster mode too)" } else { "" }
        ));
        m.cache = Some(Cache {
            component: one_line(&c.name),
            node_type: self.node_type.clone(),
            nodes,
            shards,
            cluster_mode,
            replicas_per_shard,
            automatic_failover,
            multi_az: replicas_per_shard > 0,
            burstable: monitoring::burstable(&self.node_type),
            skips,
        });
    }

    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade) {
        let Some(before) = counterpart::<ElasticacheRedis>(c, below) else {
            return;
        };
        if before.node_type != self.node_type {
            notes.change(format!(
                "cache nodes {} → {}: scaled online",
                before.node_type, self.node_type
            ));
        }
        if before.shards() == 1 && self.shards() > 1 {
            notes.step("The cache moves from cluster mode disabled to enabled, which AWS allows only through the compatible mode: first apply with `cache_cluster_mode = \"compatible\"` in the module block (one shard; clients may still use the primary endpoint), then move every client to the configuration endpoint (`cache_endpoint` output) with a cluster-aware client, then remove the setting (enabled) and apply again to add the shards.");
        } else if before.nodes() != self.nodes() {
            notes.change("cache replicas added online; automatic failover and Multi-AZ turned on");
        }
    }
}

/// An `aws_elasticache_replication_group` (Redis OSS or Valkey), or an
/// `aws_elasticache_cluster` of the Redis engine.
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<ElasticacheRedis>, String> {
    let mut assumptions = Vec::new();
    let (r, nodes, shards) = if let Some(r) = g.of_type("aws_elasticache_replication_group").next()
    {
        let shards = r.u64("num_node_groups").unwrap_or(1).max(1);
        let nodes = match r.u64("replicas_per_node_group") {
            Some(replicas) if r.values.contains_key("num_node_groups") => shards * (replicas + 1),
            _ => r.u64("num_cache_clusters").unwrap_or(1).max(1),
        };
        (r, nodes, shards)
    } else {
        let r = g
            .of_type("aws_elasticache_cluster")
            .next()
            .ok_or("no ElastiCache resource")?;
        if r.values.contains_key("replication_group_id") {
            return Err("a member of a replication group, priced with the group".to_string());
        }
        (r, r.u64("num_cache_nodes").unwrap_or(1).max(1), 1)
    };
    match r.str("engine").unwrap_or("redis") {
        "redis" => {}
        "valkey" => assumptions.push(format!(
            "{}: Valkey priced at Redis OSS node rates (the catalog has no Valkey entries yet; Valkey costs less)",
            r.address
        )),
        other => {
            return Err(format!(
                "engine {other}: the catalog prices Redis OSS nodes only; no aws.elasticache.{other}.* entries yet"
            ))
        }
    }
    let node_type = r
        .str("node_type")
        .ok_or("node_type is not known before apply")?
        .to_string();
    Ok(Read {
        spec: ElasticacheRedis {
            node_type,
            nodes: Some(u32::try_from(nodes).unwrap_or(u32::MAX)),
            shards: (shards > 1).then(|| u32::try_from(shards).unwrap_or(u32::MAX)),
        },
        assumptions,
    })
}

/// Infracost usage-file keys of ElastiCache resources, and the price each gives.
pub const USAGE_KEYS: &[(&str, &str)] = &[];

/// `pricing import --add`: the entry of an ElastiCache node type of an offer
/// file: `aws.elasticache.{node}` for Redis OSS (the ids the catalog has),
/// `aws.elasticache.valkey.{node}` and `aws.elasticache.memcached.{node}`.
pub fn offer_entry(
    p: &crate::pricing::offer::Product,
    region: &str,
) -> Option<crate::pricing::catalog::PriceEntry> {
    use crate::pricing::added::entry;
    use crate::pricing::catalog::Unit;
    if p.family != "Cache Instance" {
        return None;
    }
    let node = p.attributes.get("instanceType")?;
    let (prefix, name) = match p.attributes.get("cacheEngine")?.as_str() {
        "Redis" => ("", "Redis OSS"),
        "Valkey" => ("valkey.", "Valkey"),
        "Memcached" => ("memcached.", "Memcached"),
        _ => return None,
    };
    Some(entry(
        format!("aws.elasticache.{prefix}{node}"),
        &format!("Amazon ElastiCache for {name}"),
        region,
        Unit::Hour,
        "AmazonElastiCache",
        p,
        &["regionCode", "instanceType", "cacheEngine", "usagetype"],
    ))
}
