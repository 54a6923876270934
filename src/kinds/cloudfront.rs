//! Amazon CloudFront: a distribution billed for the GB it serves to the
//! internet and the HTTPS requests it answers. Fetches from an AWS origin
//! (an S3 bucket, a load balancer) are free, so a distribution in front of a
//! bucket moves the bucket's egress onto CloudFront's cheaper rate.

use super::follows::Follows;
use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use crate::tfread::group::Group;
use crate::tfread::Read;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A CloudFront distribution serving viewers in North America and Europe
/// (the two regions that share the lowest rates).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cloudfront {
    /// GB served to the internet a month: `per` GB for each unit of a
    /// workload driver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_gb: Option<Follows>,
    /// HTTPS requests a month: `per` requests for each unit of a driver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<Follows>,
}

impl ComponentKind for Cloudfront {
    fn kind(&self) -> Kind {
        Kind::Cloudfront
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        Follows::validate(self.transfer_gb.as_ref(), at, "transfer_gb")?;
        Follows::validate(self.requests.as_ref(), at, "requests")
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        use Basis::Usage as Use;
        vec![
            charge(
                "data transfer out to the internet",
                PriceRef::fixed("aws.cloudfront.transfer"),
                Follows::quantity(self.transfer_gb.as_ref(), u),
                Use,
            ),
            charge(
                "HTTPS requests",
                PriceRef::fixed("aws.cloudfront.https-requests"),
                Follows::quantity(self.requests.as_ref(), u),
                Use,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Follows::drivers(&[self.transfer_gb.as_ref(), self.requests.as_ref()])
    }

    fn size(&self) -> Size {
        Size::named(Kind::Cloudfront.as_str())
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

    fn sizing_field(&self, item: &str, _resource: Option<Resource>) -> &'static str {
        if item.starts_with("HTTPS") {
            "requests"
        } else {
            "transfer_gb"
        }
    }

    fn estate(&self) -> Estate {
        Estate::AwsNotRendered
    }

    fn network(&self) -> super::network::Network {
        // Edge locations fetch from origins over the internet.
        super::network::Network::roaming()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::NotRendered {
            what: "CloudFront distributions",
            why: "the module serves the bucket through signed S3 URLs; a distribution in front of it is a choice the module leaves to the team.",
        }
    }
}

/// An `aws_cloudfront_distribution`: its traffic is usage.
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<Cloudfront>, String> {
    let mut read = Read::new(Cloudfront {
        transfer_gb: None,
        requests: None,
    });
    for r in g.of_type("aws_cloudfront_distribution") {
        // Terraform's default serves every edge location.
        let class = r.str("price_class").unwrap_or("PriceClass_All");
        if class != "PriceClass_100" {
            read.assumptions.push(format!(
                "{}: {class} also serves regions priced above North America and Europe; only the traffic given for the United States, Canada and Europe is priced",
                r.label()
            ));
        }
    }
    Ok(read)
}

/// Infracost usage-file keys of `aws_cloudfront_distribution` in the regions
/// the catalog's rate covers (United States, Canada, Europe).
pub const USAGE_KEYS: &[(&str, &str)] = &[
    (
        "monthly_data_transfer_to_internet_gb.us",
        "aws.cloudfront.transfer",
    ),
    (
        "monthly_data_transfer_to_internet_gb.canada",
        "aws.cloudfront.transfer",
    ),
    (
        "monthly_data_transfer_to_internet_gb.europe",
        "aws.cloudfront.transfer",
    ),
    ("monthly_https_requests.us", "aws.cloudfront.https-requests"),
    (
        "monthly_https_requests.canada",
        "aws.cloudfront.https-requests",
    ),
    (
        "monthly_https_requests.europe",
        "aws.cloudfront.https-requests",
    ),
];
