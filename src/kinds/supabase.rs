//! Supabase: a plan, an optional compute add-on (partly paid by the plan's
//! compute credit), database disk, file storage and egress.

use super::{
    billing, At, ComponentKind, DriverRead, Estate, ExternalKey, Kind, TerraformRole,
    MAX_STORAGE_GB,
};
use crate::engine::capacity::{Fact, Limit, Measure, Resource, Sizing};
use crate::engine::charges::{capitalise, charge, Basis, Charge, PriceRef};
use crate::engine::formula::Formula;
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Supabase (Postgres, storage and auth as a service).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supabase {
    pub plan: SupabasePlan,
    /// A compute add-on of the price catalog (`small`, `medium`, `large`);
    /// the plan's micro instance when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute: Option<String>,
    /// GB of database disk beyond the stored messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_gb: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SupabasePlan {
    Pro,
}

impl SupabasePlan {
    pub fn as_str(self) -> &'static str {
        match self {
            SupabasePlan::Pro => "pro",
        }
    }
}

impl ComponentKind for Supabase {
    fn kind(&self) -> Kind {
        Kind::Supabase
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        if let Some(c) = &self.compute {
            at.non_empty("compute", c, "small")?;
        }
        at.at_most("storage_gb", self.storage_gb, MAX_STORAGE_GB)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        use Basis::{Fixed, Usage as Use};
        let plan = self.plan.as_str();
        let mut v = vec![charge(
            format!("{} plan", capitalise(plan)),
            PriceRef::sized("plan", "supabase.", plan, ".plan"),
            Decimal::ONE,
            Fixed,
        )];
        if let Some(compute) = &self.compute {
            v.push(charge(
                format!("{} compute add-on", capitalise(compute)),
                PriceRef::sized("compute", "supabase.compute.", compute, ""),
                Decimal::ONE,
                Fixed,
            ));
            // The plan's compute credit pays part of the add-on.
            v.push(charge(
                "compute credit included in the plan",
                PriceRef::fixed(&format!("supabase.{plan}.compute-credit")),
                Decimal::NEGATIVE_ONE,
                Fixed,
            ));
        }
        v.push(charge(
            "database disk",
            PriceRef::fixed("supabase.disk"),
            Decimal::from(self.storage_gb.unwrap_or(0)) + u.message_storage_gb,
            Use,
        ));
        v.push(charge(
            "file storage (videos)",
            PriceRef::fixed("supabase.storage"),
            u.video_storage_gb,
            Use,
        ));
        v.push(charge(
            "egress",
            PriceRef::fixed("supabase.egress"),
            u.video_egress_gb,
            Use,
        ));
        v
    }

    fn drivers(&self) -> Vec<DriverRead> {
        let mut v = billing(&[
            "messages_stored",
            "message_kb",
            "videos",
            "video_mb_compressed",
            "video_storage_months",
            "video_egress_mb_per_video",
        ]);
        v.push(super::DriverRead::sizes("concurrent_share"));
        v
    }

    fn size(&self) -> Size {
        let mut parts = vec![SizePart::Name {
            name: self.plan.as_str().to_string(),
        }];
        if let Some(c) = &self.compute {
            parts.push(SizePart::Name { name: c.clone() });
        }
        Size(parts)
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let supabase = self;
        let cap = ctx.cap;
        let compute_name = supabase.compute.as_deref().unwrap_or("micro");
        let compute = ctx.lookup(
            &cap.supabase.compute,
            "compute",
            compute_name,
            "Supabase compute size",
            "supabase.compute",
        )?;
        limits.push(ctx.message_memory(
            compute_name,
            compute.memory_gib,
            &cap.supabase.shared_buffers_share,
        ));
        let (d, basis) = ctx.connections_per_user();
        limits.push(ctx.limit(
            Resource::Connections,
            Size::named(compute_name),
            true,
            Measure::Connections,
            Decimal::from(compute.pooler_clients),
            d,
            Formula::new().figure("pooler_clients", Decimal::from(compute.pooler_clients)),
            basis,
            &compute.source,
            false,
        ));
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "compute"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        // Supabase's Postgres and APIs take connections from anywhere, with credentials.
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::ExternalKey(ExternalKey {
            resource: "supabase_service_role_key",
            name: "supabase-service-role-key",
            what: "Supabase service role key",
            env: "SUPABASE_SERVICE_ROLE_KEY",
        })
    }
}
