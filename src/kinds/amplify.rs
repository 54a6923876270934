//! AWS Amplify Hosting: builds, hosted artefacts, and the traffic of the
//! front end.

use super::{
    billing, At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_SIZE, MAX_STORAGE_GB,
};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// AWS Amplify Hosting: traffic from the workload.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amplify {
    /// Build minutes a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_minutes: Option<u64>,
    /// GB of hosted artefacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_gb: Option<u64>,
}

impl ComponentKind for Amplify {
    fn kind(&self) -> Kind {
        Kind::Amplify
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.at_most("build_minutes", self.build_minutes, MAX_SIZE)?;
        at.at_most("storage_gb", self.storage_gb, MAX_STORAGE_GB)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        vec![
            charge(
                "build minutes",
                PriceRef::fixed("aws.amplify.build"),
                Decimal::from(self.build_minutes.unwrap_or(0)),
                Basis::Fixed,
            ),
            charge(
                "hosted artefacts",
                PriceRef::fixed("aws.amplify.storage"),
                Decimal::from(self.storage_gb.unwrap_or(0)),
                Basis::Fixed,
            ),
            charge(
                "data served",
                PriceRef::fixed("aws.amplify.served"),
                u.web_bandwidth_gb,
                Basis::Usage,
            ),
            charge(
                "SSR requests",
                PriceRef::fixed("aws.amplify.ssr-requests"),
                u.ssr_requests,
                Basis::Usage,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        billing(&["web_bandwidth_gb", "ssr_requests"])
    }

    fn size(&self) -> Size {
        Size::named(Kind::Amplify.as_str())
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
        "kind"
    }

    fn estate(&self) -> Estate {
        Estate::AwsNotRendered
    }

    fn network(&self) -> super::network::Network {
        // Amplify's server-side rendering runs in AWS's network, not the
        // team's VPC, and leaves from addresses that change.
        super::network::Network::roaming()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::NotRendered {
            what: "Amplify Hosting",
            why: "an Amplify app is tied to a Git repository and an access token; connect it in the Amplify console (or add an aws_amplify_app with your repository) — it needs nothing from this module but the outputs.",
        }
    }
}
