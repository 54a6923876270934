//! Funding pools: credits that only some vendors may draw on, and cash for the rest.

use crate::money::Money;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `profiles/budget.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Ceiling on the whole monthly bill, whatever pays it (USD).
    #[schemars(with = "f64")]
    pub total: Money,
    pub pools: Vec<Pool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// The name components use in their `pool` field.
    pub name: String,
    /// Monthly amount (USD).
    #[schemars(with = "f64")]
    pub amount: Money,
    /// Vendors whose lines may draw on the pool; empty means any vendor.
    #[serde(default)]
    pub vendors: Vec<String>,
    #[serde(default)]
    pub note: String,
}

impl Pool {
    pub fn accepts(&self, vendor: &str) -> bool {
        self.vendors.is_empty() || self.vendors.iter().any(|v| v == vendor)
    }
}

impl Budget {
    pub fn pool(&self, name: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| p.name == name)
    }

    /// The pool a vendor's lines land on when a component names none: the
    /// first pool that lists the vendor, else the first open to every vendor.
    pub fn default_pool(&self, vendor: &str) -> Option<&Pool> {
        self.pools
            .iter()
            .find(|p| p.vendors.iter().any(|v| v == vendor))
            .or_else(|| self.pools.iter().find(|p| p.vendors.is_empty()))
    }
}
