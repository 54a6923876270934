//! Amazon S3: the video bucket, with its requests and its internet egress,
//! all sized by the workload.

use super::{billing, At, ComponentKind, DriverRead, Estate, Kind, TerraformRole};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::assembly::{Assembly, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{Bucket, Upgrade};
use crate::tfread::group::Group;
use crate::tfread::Read;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Amazon S3 bucket for videos, with its internet egress: sized by the workload.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3 {
    /// The videos reach viewers through a CDN (CloudFront), which reads the
    /// bucket at no transfer charge: the bucket pays no internet egress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behind_cdn: Option<bool>,
}

impl ComponentKind for S3 {
    fn kind(&self) -> Kind {
        Kind::S3
    }

    fn validate(&self, _at: &At<'_>) -> Result<()> {
        Ok(())
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        use Basis::Usage as Use;
        vec![
            charge(
                "Standard storage (compressed videos)",
                PriceRef::fixed("aws.s3.standard.storage"),
                u.video_storage_gb,
                Use,
            ),
            charge(
                "PUT requests (uploads)",
                PriceRef::fixed("aws.s3.standard.put"),
                u.s3_puts,
                Use,
            ),
            charge(
                "GET requests (views)",
                PriceRef::fixed("aws.s3.standard.get"),
                u.s3_gets,
                Use,
            ),
            // Behind a CDN the line stays, at zero, so scenarios and
            // revisions line up item by item.
            charge(
                "data transfer out to the internet",
                PriceRef::fixed("aws.data-transfer.out"),
                if self.behind_cdn == Some(true) {
                    Decimal::ZERO
                } else {
                    u.video_egress_gb
                },
                Use,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        billing(&[
            "videos",
            "video_mb_compressed",
            "video_storage_months",
            "s3_puts_per_video",
            "video_views",
            "video_egress_mb_per_video",
        ])
    }

    fn size(&self) -> Size {
        Size::named(Kind::S3.as_str())
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
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

impl ModulePart for S3 {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let skips = m.skips(
            c,
            "aws_s3_bucket.videos",
            vec![checks::S3_NO_ACCESS_LOG, checks::S3_NO_REPLICATION],
        );
        m.bucket = Some(Bucket {
            component: one_line(&c.name),
            skips,
        });
        m.cost_notes.push("S3 is estimated at Standard storage rates: Intelligent-Tiering costs the same for videos that are read and less for those that are not, plus a small monitoring fee per object.".to_string());
        m.design_notes.push("Videos nobody reads for `video_archive_after_days` move to the archive tiers of Intelligent-Tiering: reading one then takes a restore of minutes to hours. Set `video_archive_enabled = false` if old videos must stay instantly readable.".to_string());
    }

    fn upgrade(&self, _c: &Component, _below: &Tier, _notes: &mut Upgrade) {
        // The bucket has no size: nothing changes between tiers.
    }
}

/// An `aws_s3_bucket`: priced by what it stores and serves.
pub fn from_terraform(_g: &Group<'_>) -> std::result::Result<Read<S3>, String> {
    Ok(Read::new(S3 { behind_cdn: None }))
}

/// Infracost usage-file keys of `aws_s3_bucket`, and the price each gives
/// (requests and GB, in the price's base unit).
pub const USAGE_KEYS: &[(&str, &str)] = &[
    ("standard.storage_gb", "aws.s3.standard.storage"),
    ("standard.monthly_tier_1_requests", "aws.s3.standard.put"),
    ("standard.monthly_tier_2_requests", "aws.s3.standard.get"),
    ("monthly_outbound_data_transfer_gb", "aws.data-transfer.out"),
];
