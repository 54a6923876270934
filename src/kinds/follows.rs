//! A quantity that follows a workload driver: the invocations of a function,
//! the GB a CDN serves, the GB of logs ingested. Kinds that bill traffic
//! without a model of their own take one per usage line, so a profile says
//! which driver moves the line and by how much.

use super::{At, DriverRead, MAX_SIZE};
use crate::engine::quantities::Usage;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `per` base quantities of a line for each unit of a workload driver (per
/// user per month): `{ driver: videos, per: 2 }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Follows {
    /// The workload driver the quantity follows.
    pub driver: String,
    /// Base quantities per unit of the driver; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    #[serde(deserialize_with = "super::number::opt_decimal")]
    pub per: Option<Decimal>,
}

impl Follows {
    /// The month's quantity at the usage `u`; 0 when nothing is followed
    /// (a resource read from Terraform, whose usage is given instead).
    pub fn quantity(this: Option<&Follows>, u: &Usage) -> Decimal {
        this.map_or(Decimal::ZERO, |f| {
            saturating_mul(u.driver(&f.driver), f.per.unwrap_or(Decimal::ONE))
        })
    }

    pub fn validate(this: Option<&Follows>, at: &At<'_>, field: &str) -> Result<()> {
        let Some(f) = this else { return Ok(()) };
        if f.driver.trim().is_empty() {
            return Err(at.error(
                field,
                format!("{field}.driver is empty; expected a workload driver like \"videos\""),
            ));
        }
        at.positive(&format!("{field}.per"), f.per, MAX_SIZE)
    }

    /// The drivers a list of followed quantities reads.
    pub fn drivers(list: &[Option<&Follows>]) -> Vec<DriverRead> {
        let mut out: Vec<DriverRead> = Vec::new();
        for f in list.iter().flatten() {
            if !out.iter().any(|d| d.name == f.driver) {
                out.push(DriverRead::bills(&f.driver));
            }
        }
        out
    }
}

/// A product that stays a (huge) number rather than overflowing: bounds on
/// each factor keep real inputs far below it.
pub fn saturating_mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b).unwrap_or(Decimal::MAX)
}
