//! A Hetzner Storage Box for backups (`bx11`).

use super::hetzner_server::{server_size, stored_data_drivers};
use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{fine, per_user, shown, Fact, Limit, Measure, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::formula::{Formula, FormulaUnit};
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

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let storage_box = self;
        let cap = ctx.cap;
        let expected = ctx.expected();
        let box_name = storage_box.server.as_str();
        let b = ctx.lookup(
            &cap.hetzner.storage_boxes,
            "server",
            box_name,
            "Storage Box",
            "hetzner.storage_boxes",
        )?;
        let count = Decimal::from(storage_box.count.unwrap_or(1));
        limits.push(
            ctx.limit(
                Resource::Backups,
                Size::named(box_name),
                true,
                Measure::Gigabytes,
                b.size_gb * count,
                per_user(ctx.usage, |u| u.video_storage_gb + u.message_storage_gb),
                Formula::new()
                    .figure("size_gb", shown(b.size_gb))
                    .op("×")
                    .number(count),
                Formula::new()
                    .word("one_copy_of_videos")
                    .amount(shown(expected.video_storage_gb), FormulaUnit::Gb)
                    .op("+")
                    .word("messages")
                    .amount(fine(expected.message_storage_gb), FormulaUnit::Gb)
                    .per_user(),
                &b.source,
                false,
            ),
        );
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "server"
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
