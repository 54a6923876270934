//! In-use public IPv4 addresses not counted by another component.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, hours, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::tfread::group::Group;
use crate::tfread::{count, Read};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// In-use public IPv4 addresses.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicIpv4 {
    pub count: u32,
}

impl ComponentKind for PublicIpv4 {
    fn kind(&self) -> Kind {
        Kind::PublicIpv4
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("count", Some(self.count), MAX_COUNT)
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        vec![charge(
            format!("public IPv4 address ×{}", self.count),
            PriceRef::fixed("aws.vpc.public-ipv4"),
            hours(self.count),
            Basis::Fixed,
        )]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Vec::new()
    }

    fn size(&self) -> Size {
        if self.count > 1 {
            Size(vec![SizePart::Times { n: self.count }])
        } else {
            Size::named(Kind::PublicIpv4.as_str())
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
        Estate::AwsNotRendered
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::none()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::NotRendered {
            what: "public IPv4 addresses",
            why: "a price line, not a resource: AWS bills the public addresses the other resources hold.",
        }
    }
}

/// `aws_eip` resources that are not a NAT gateway's.
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<PublicIpv4>, String> {
    Ok(Read::new(PublicIpv4 {
        count: count(g.of_type("aws_eip").count()),
    }))
}
