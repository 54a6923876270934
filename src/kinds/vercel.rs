//! Vercel: a plan (Hobby, or Pro per seat) and Fast Data Transfer.

use super::{billing, At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{per_user, shown, Fact, Limit, Measure, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::formula::Formula;
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Vercel hosting for the front end and its functions.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vercel {
    pub plan: VercelPlan,
    /// Deploying seats on Pro; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// Vercel Static IPs: the functions leave from a fixed pair of
    /// addresses per region, so a database allow-list can name them (Pro).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub static_ips: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VercelPlan {
    Hobby,
    Pro,
}

impl VercelPlan {
    pub fn as_str(self) -> &'static str {
        match self {
            VercelPlan::Hobby => "hobby",
            VercelPlan::Pro => "pro",
        }
    }
}

impl ComponentKind for Vercel {
    fn kind(&self) -> Kind {
        Kind::Vercel
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        if self.static_ips == Some(true) && self.plan == VercelPlan::Hobby {
            return Err(at
                .error(
                    "static_ips",
                    "static_ips needs the Pro plan; Hobby has no Static IPs",
                )
                .suggest(Some("plan: pro".to_string())));
        }
        at.count("seats", self.seats, MAX_COUNT)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        let seats = Decimal::from(self.seats.unwrap_or(1));
        let (plan_price, bandwidth) = match self.plan {
            VercelPlan::Hobby => (
                charge(
                    "Hobby plan",
                    PriceRef::sized("plan", "vercel.", "hobby", ".plan"),
                    Decimal::ONE,
                    Basis::Fixed,
                ),
                "vercel.hobby.bandwidth",
            ),
            VercelPlan::Pro => (
                charge(
                    format!(
                        "Pro plan, {seats} seat{}",
                        if seats == Decimal::ONE { "" } else { "s" }
                    ),
                    PriceRef::sized("plan", "vercel.", "pro", ".seat"),
                    seats,
                    Basis::Fixed,
                ),
                "vercel.pro.bandwidth",
            ),
        };
        let mut lines = vec![
            plan_price,
            charge(
                "bandwidth (Fast Data Transfer)",
                PriceRef::fixed(bandwidth),
                u.web_bandwidth_gb,
                Basis::Usage,
            ),
        ];
        if self.static_ips == Some(true) {
            lines.push(charge(
                "Static IPs",
                PriceRef::fixed("vercel.pro.static-ips"),
                Decimal::ONE,
                Basis::Fixed,
            ));
        }
        lines
    }

    fn drivers(&self) -> Vec<DriverRead> {
        let mut v = billing(&["web_bandwidth_gb"]);
        v.push(super::DriverRead::sizes("ssr_requests"));
        v
    }

    fn size(&self) -> Size {
        let mut parts = vec![SizePart::Name {
            name: self.plan.as_str().to_string(),
        }];
        if let Some(n) = self.seats.filter(|&n| n > 1) {
            parts.push(SizePart::Seats { n });
        }
        Size(parts)
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let vercel = self;
        let cap = ctx.cap;
        let expected = ctx.expected();
        let plan_name = vercel.plan.as_str();
        let plan = ctx.lookup(&cap.vercel, "plan", plan_name, "Vercel plan", "vercel")?;
        let hard = !plan.overage;
        limits.push(
            ctx.limit(
                Resource::Bandwidth,
                Size::named(plan_name),
                hard,
                Measure::Gigabytes,
                plan.bandwidth_gb,
                per_user(ctx.usage, |u| u.web_bandwidth_gb),
                Formula::new()
                    .name(plan_name)
                    .figure("bandwidth_gb", shown(plan.bandwidth_gb)),
                Formula::new()
                    .figure("web_bandwidth_gb", shown(expected.web_bandwidth_gb))
                    .per_user(),
                &plan.source,
                false,
            ),
        );
        limits.push(
            ctx.limit(
                Resource::Invocations,
                Size::named(plan_name),
                hard,
                Measure::Invocations,
                Decimal::from(plan.function_invocations),
                per_user(ctx.usage, |u| u.ssr_requests),
                Formula::new().name(plan_name).figure(
                    "function_invocations",
                    Decimal::from(plan.function_invocations),
                ),
                Formula::new()
                    .figure("ssr_requests", shown(expected.ssr_requests))
                    .per_user(),
                &plan.source,
                false,
            ),
        );
        facts.push(ctx.fact(
            plan_name,
            "build-hours",
            Some(Decimal::from(plan.build_hours)),
            &plan.source,
        ));
        facts.push(ctx.fact(
            plan_name,
            "concurrent-builds",
            Some(Decimal::from(plan.concurrent_builds)),
            &plan.source,
        ));
        facts.push(ctx.fact(
            plan_name,
            "build-minutes",
            Some(Decimal::from(plan.build_minutes_per_deployment)),
            &plan.source,
        ));
        if !plan.commercial_use {
            facts.push(ctx.fact(plan_name, "non-commercial", None, &plan.source));
        }
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "plan"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        // Vercel Functions leave from addresses that change, unless the
        // project buys Static IPs (a shared pair per region, on Pro).
        let egress = if self.static_ips.unwrap_or(false) {
            super::network::Egress::FixedAddresses
        } else {
            super::network::Egress::ChangingAddresses
        };
        super::network::Network::new(egress, super::network::Ingress::Anyone)
    }

    fn remedy(&self, side: super::network::Side) -> Option<super::network::Remedy> {
        // Static IPs need Pro; Secure Compute (VPC peering) is sold only
        // with Enterprise, at a price on request, so it is not offered.
        match side {
            super::network::Side::Target | super::network::Side::Inside => None,
            super::network::Side::Caller if self.static_ips.unwrap_or(false) => None,
            super::network::Side::Caller => Some(super::network::Remedy {
                en: "Vercel Static IPs (Pro) so the allow-list can name the functions' addresses".into(),
                fr: "Static IPs Vercel (Pro) pour que la liste blanche nomme les adresses des fonctions".into(),
                spec: super::Spec::Vercel(Vercel {
                    plan: VercelPlan::Pro,
                    seats: Some(self.seats.unwrap_or(1)),
                    static_ips: Some(true),
                }),
            }),
        }
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Nothing
    }
}
