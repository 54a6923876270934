//! A Hetzner server, cloud (`cpx31`) or dedicated (`ax52`, `gex44`).

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{fine, per_user, shown, Fact, Limit, Measure, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::formula::{Formula, FormulaUnit};
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

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let hetzner = self;
        let cap = ctx.cap;
        let expected = ctx.expected();
        let server_name = hetzner.server.as_str();
        let server = ctx.lookup(
            &cap.hetzner.servers,
            "server",
            server_name,
            "server",
            "hetzner.servers",
        )?;
        // A GPU server runs the model; the others run the database.
        if server.gpu_memory_gib.is_none() {
            limits.push(ctx.message_memory(
                server_name,
                server.memory_gib,
                &cap.hetzner.shared_buffers_share,
            ));
            let count = Decimal::from(hetzner.count.unwrap_or(1));
            let disk = server.disk_gb * count;
            limits.push(
                ctx.limit(
                    Resource::Disk,
                    Size::named(server_name),
                    true,
                    Measure::Gigabytes,
                    disk,
                    per_user(ctx.usage, |u| u.video_storage_gb + u.message_storage_gb),
                    Formula::new()
                        .figure("disk_gb", shown(server.disk_gb))
                        .op("×")
                        .counted(count, "servers"),
                    Formula::new()
                        .word("videos")
                        .amount(shown(expected.video_storage_gb), FormulaUnit::Gb)
                        .op("+")
                        .word("messages")
                        .amount(fine(expected.message_storage_gb), FormulaUnit::Gb)
                        .per_user(),
                    &server.source,
                    false,
                ),
            );
        }
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "server"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        // A server keeps its public address: an allow-list can name it.
        super::network::Network::new(
            super::network::Egress::FixedAddresses,
            super::network::Ingress::Anyone,
        )
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Nothing
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
