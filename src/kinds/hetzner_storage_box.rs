//! A Hetzner Storage Box for backups (`bx11`).

use super::hetzner_server::{server_size, stored_data_drivers};
use super::{At, ComponentKind, DriverRead, Estate, Kind, MAX_COUNT};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Hetzner Storage Box for backups.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HetznerStorageBox {
    /// A Storage Box of the price catalog (`bx11`).
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl ComponentKind for HetznerStorageBox {
    fn kind(&self) -> Kind {
        Kind::HetznerStorageBox
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("server", &self.server, "bx11")?;
        at.count("count", self.count, MAX_COUNT)
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let server = &self.server;
        let count = self.count.unwrap_or(1);
        vec![charge(
            format!("Storage Box {server} ×{count}"),
            PriceRef::sized("server", "hetzner.storage-box.", server, ""),
            Decimal::from(count),
            Basis::Fixed,
        )]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        stored_data_drivers()
    }

    fn size(&self) -> Size {
        server_size(&self.server, self.count)
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }
}
