//! A kind that exists only in tests: it is registered in one line of the
//! kind list and every command handles it, which is what keeps "a new kind is
//! one module" true.

use super::{At, ComponentKind, DriverRead, Estate, Kind};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A test kind: `widgets` fixed lines of a catalog price, plus a driver.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub widgets: u32,
}

impl ComponentKind for Probe {
    fn kind(&self) -> Kind {
        Kind::Probe
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("widgets", Some(self.widgets), 10)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        vec![
            charge(
                format!("widget ×{}", self.widgets),
                PriceRef::fixed("vercel.pro.seat"),
                Decimal::from(self.widgets),
                Basis::Fixed,
            ),
            charge(
                "probe traffic",
                PriceRef::fixed("aws.data-transfer.out"),
                u.driver("probe_gb"),
                Basis::Usage,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        vec![DriverRead::bills("probe_gb")]
    }

    fn size(&self) -> Size {
        Size::named("probe")
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }
}
