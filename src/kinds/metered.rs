//! A usage line archplan has no module for: a catalog price times a
//! workload driver (emails per user, GB of logs per user).

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_SIZE};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A metered line: `users × driver × per` quantities of a catalog price.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metered {
    /// Who is paid (`postmark`, `aws`); decides the default funding pool.
    pub vendor: String,
    /// What the line is ("transactional emails").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A price id of the catalog (`aws.data-transfer.out`).
    pub price: String,
    /// The workload driver the quantity follows (per user per month).
    pub driver: String,
    /// Base quantities of the price per unit of the driver; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    #[serde(deserialize_with = "super::number::opt_decimal")]
    pub per: Option<Decimal>,
}

impl Metered {
    pub fn per(&self) -> Decimal {
        self.per.unwrap_or(Decimal::ONE)
    }
}

impl ComponentKind for Metered {
    fn kind(&self) -> Kind {
        Kind::Metered
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("vendor", &self.vendor, "postmark")?;
        at.non_empty("price", &self.price, "aws.data-transfer.out")?;
        at.non_empty("driver", &self.driver, "emails")?;
        at.positive("per", self.per, MAX_SIZE)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        let item = self
            .item
            .clone()
            .unwrap_or_else(|| self.driver.replace('_', " "));
        vec![charge(
            item,
            PriceRef::chosen("price", &self.price),
            u.driver(&self.driver) * self.per(),
            Basis::Usage,
        )]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        vec![DriverRead::bills(&self.driver)]
    }

    fn size(&self) -> Size {
        Size(vec![SizePart::Name {
            name: self.vendor.clone(),
        }])
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
        "driver"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Nothing
    }
}
