//! Upstash Redis, pay as you go: commands from the workload.

use super::{billing, At, ComponentKind, DriverRead, Estate, ExternalKey, Kind, TerraformRole};
use crate::engine::capacity::{shown, Fact, Limit, Measure, Resource, Sizing, GB};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::formula::Formula;
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Upstash Redis, pay as you go, from the workload.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstashRedis {}

impl ComponentKind for UpstashRedis {
    fn kind(&self) -> Kind {
        Kind::UpstashRedis
    }

    fn validate(&self, _at: &At<'_>) -> Result<()> {
        Ok(())
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        vec![charge(
            "commands",
            PriceRef::fixed("upstash.redis.commands"),
            u.cache_commands,
            Basis::Usage,
        )]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        let mut v = billing(&["cache_commands"]);
        v.extend(
            ["concurrent_share", "ai_calls", "cache_hit_rate"]
                .iter()
                .map(|n| super::DriverRead::sizes(n)),
        );
        v
    }

    fn size(&self) -> Size {
        Size::named(Kind::UpstashRedis.as_str())
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let cap = ctx.cap;
        let u = &cap.upstash_redis;
        let memory = u.max_data_size_gb * GB;
        let (d, basis) = ctx.cache_bytes();
        let mut l = ctx.limit(
            Resource::CacheMemory,
            Size::named("pay as you go"),
            true,
            Measure::Bytes,
            memory,
            d,
            Formula::new().figure("max_data_size_gb", shown(u.max_data_size_gb)),
            basis,
            &u.source,
            false,
        );
        l.equivalent = ctx.active_users_in(&l);
        limits.push(l);
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "kind"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        // Upstash Redis is reached over TLS from anywhere, with its token.
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::ExternalKey(ExternalKey {
            resource: "upstash_redis_token",
            name: "upstash-redis-token",
            what: "Upstash Redis REST token",
            env: "UPSTASH_REDIS_REST_TOKEN",
        })
    }
}
