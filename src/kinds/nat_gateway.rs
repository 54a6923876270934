//! NAT gateways for private subnets: hours, data processed, and the Elastic
//! IP each holds.

use super::{billing, At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, hours, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::assembly::{counterpart, Assembly, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{Network, Upgrade};
use crate::tfread::group::Group;
use crate::tfread::{count, Read};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// NAT gateway for private subnets.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    /// Gateways (one per Availability Zone for resilience); 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl NatGateway {
    pub fn count(&self) -> u32 {
        self.count.unwrap_or(1)
    }
}

impl ComponentKind for NatGateway {
    fn kind(&self) -> Kind {
        Kind::NatGateway
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("count", self.count, MAX_COUNT)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        let count = self.count();
        vec![
            charge(
                format!("NAT gateway ×{count}"),
                PriceRef::fixed("aws.vpc.nat-gateway.hour"),
                hours(count),
                Basis::Fixed,
            ),
            charge(
                "NAT data processed",
                PriceRef::fixed("aws.vpc.nat-gateway.data"),
                u.nat_processed_gb,
                Basis::Usage,
            ),
            // Each NAT gateway holds an Elastic IP, billed as a public IPv4 address.
            charge(
                format!("public IPv4 address ×{count} (NAT gateways)"),
                PriceRef::fixed("aws.vpc.public-ipv4"),
                hours(count),
                Basis::Fixed,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        billing(&["nat_processed_gb"])
    }

    fn size(&self) -> Size {
        match self.count.filter(|&n| n > 1) {
            Some(n) => Size(vec![SizePart::Times { n }]),
            None => Size::named(Kind::NatGateway.as_str()),
        }
    }

    fn capacity(
        &self,
        _ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        // Billed for whatever traffic it carries: no limit to model.
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "count"
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::none()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

impl ModulePart for NatGateway {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let nat_gateways = self.count();
        m.network = Network {
            private: true,
            component: Some(one_line(&c.name)),
            nat_gateways,
            min_zones: (nat_gateways as usize).max(2),
            vpc_skips: m.skips(c, "aws_vpc.main", vec![checks::VPC_NO_FLOW_LOGS]),
        };
        if nat_gateways < 2 {
            m.design_notes.push("One NAT gateway serves both Availability Zones: if its zone fails, the private subnets lose internet access until it is back.".to_string());
        }
    }

    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade) {
        if let Some(before) = counterpart::<NatGateway>(c, below) {
            if before.count() != self.count() {
                notes.change("a NAT gateway per Availability Zone: the new gateway is created and the private route tables switch to it");
            }
        }
    }
}

/// The `aws_nat_gateway` resources of one component (each with its Elastic IP).
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<NatGateway>, String> {
    let n = g.of_type("aws_nat_gateway").count();
    if g.of_type("aws_nat_gateway")
        .any(|r| r.str("connectivity_type") == Some("private"))
    {
        return Err(
            "a private NAT gateway: the catalog prices public ones (with an Elastic IP)"
                .to_string(),
        );
    }
    Ok(Read::new(NatGateway {
        count: (n > 1).then(|| count(n)),
    }))
}

/// Infracost usage-file keys of `aws_nat_gateway`.
pub const USAGE_KEYS: &[(&str, &str)] =
    &[("monthly_data_processed_gb", "aws.vpc.nat-gateway.data")];
