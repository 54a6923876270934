//! A Hetzner server, cloud (`cpx31`) or dedicated (`ax52`, `gex44`).

use super::{At, ComponentKind, DriverRead, Estate, Kind, MAX_COUNT};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Hetzner server.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HetznerServer {
    /// A server of the price catalog (`cpx31`, `ax52`, `gex44` …).
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl ComponentKind for HetznerServer {
    fn kind(&self) -> Kind {
        Kind::HetznerServer
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("server", &self.server, "cpx31")?;
        at.count("count", self.count, MAX_COUNT)
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let server = &self.server;
        let count = self.count.unwrap_or(1);
        // Cloud servers are named c…; the rest are dedicated.
        let family = if server.starts_with('c') {
            "hetzner.cloud."
        } else {
            "hetzner.dedicated."
        };
        vec![charge(
            format!("{server} server ×{count}"),
            PriceRef::sized("server", family, server, ""),
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

/// What a disk holding the videos and the messages is sized from.
pub fn stored_data_drivers() -> Vec<DriverRead> {
    [
        "videos",
        "video_mb_compressed",
        "video_storage_months",
        "messages_stored",
        "message_kb",
    ]
    .iter()
    .map(|n| DriverRead::sizes(n))
    .collect()
}

pub fn server_size(server: &str, count: Option<u32>) -> Size {
    let mut parts = vec![SizePart::Name {
        name: server.to_string(),
    }];
    if let Some(n) = count.filter(|&n| n > 1) {
        parts.push(SizePart::Times { n });
    }
    Size(parts)
}
