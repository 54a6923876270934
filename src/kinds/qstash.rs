//! Upstash QStash: messages for background jobs, from the workload.

use super::{billing, At, ComponentKind, DriverRead, Estate, ExternalKey, Kind, TerraformRole};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Upstash QStash messages for background jobs, from the workload.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qstash {}

impl ComponentKind for Qstash {
    fn kind(&self) -> Kind {
        Kind::Qstash
    }

    fn validate(&self, _at: &At<'_>) -> Result<()> {
        Ok(())
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        vec![charge(
            "messages (video jobs, retries)",
            PriceRef::fixed("upstash.qstash.messages"),
            u.qstash_messages,
            Basis::Usage,
        )]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        billing(&["videos", "qstash_messages_per_video"])
    }

    fn size(&self) -> Size {
        Size::named(Kind::Qstash.as_str())
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let cap = ctx.cap;
        let q = &cap.qstash;
        facts.push(ctx.fact(
            "pay as you go",
            "free-messages-per-day",
            Some(Decimal::from(q.free_messages_per_day)),
            &q.source,
        ));
        facts.push(ctx.fact(
            "pay as you go",
            "max-message-mb",
            Some(Decimal::from(q.max_message_mb)),
            &q.source,
        ));
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "kind"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        // QStash delivers messages by calling public HTTPS endpoints.
        super::network::Network::roaming()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::ExternalKey(ExternalKey {
            resource: "qstash",
            name: "qstash",
            what: "QStash token and signing keys, as JSON: token, current_signing_key, next_signing_key",
            env: "QSTASH_CREDENTIALS",
        })
    }
}
