//! Amazon CloudWatch Logs: a log group billed for the GB ingested and the
//! GB it keeps (application logs, RDS log exports, VPC flow logs).

use super::follows::{saturating_mul, Follows};
use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::tfread::group::Group;
use crate::tfread::Read;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The retention periods CloudWatch Logs accepts, in days.
pub const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// A month, in days, for the steady state of what a log group keeps.
const DAYS_PER_MONTH: u32 = 30;

/// One or more CloudWatch Logs log groups.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudwatchLogs {
    /// GB ingested a month: `per` GB for each unit of a workload driver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingest_gb: Option<Follows>,
    /// Days a log event is kept (one of CloudWatch's periods); logs kept
    /// forever are billed as the steady state of one year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

impl CloudwatchLogs {
    /// Months of logs kept at steady state: retention / 30 days, 12 when
    /// kept forever (the store then grows every month: the line says so).
    fn months_kept(&self) -> Decimal {
        match self.retention_days {
            Some(d) => Decimal::from(d) / Decimal::from(DAYS_PER_MONTH),
            None => Decimal::from(12),
        }
    }
}

impl ComponentKind for CloudwatchLogs {
    fn kind(&self) -> Kind {
        Kind::CloudwatchLogs
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        Follows::validate(self.ingest_gb.as_ref(), at, "ingest_gb")?;
        if let Some(d) = self.retention_days {
            if !RETENTION_DAYS.contains(&d) {
                let nearest = RETENTION_DAYS
                    .iter()
                    .min_by_key(|r| r.abs_diff(d))
                    .copied()
                    .unwrap_or(30);
                return Err(at
                    .error(
                        "retention_days",
                        format!("retention_days is {d}; expected one of CloudWatch Logs' periods (1, 3, 5, 7, 14, 30, 60, 90 … 3653)"),
                    )
                    .suggest(Some(nearest.to_string())));
            }
        }
        Ok(())
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        use Basis::Usage as Use;
        let ingested = Follows::quantity(self.ingest_gb.as_ref(), u);
        let kept = match self.retention_days {
            Some(d) => format!("storage ({d} days kept)"),
            None => "storage (kept forever: a year's logs)".to_string(),
        };
        vec![
            charge(
                "ingestion",
                PriceRef::fixed("aws.cloudwatch.logs.ingest"),
                ingested,
                Use,
            ),
            charge(
                kept,
                PriceRef::fixed("aws.cloudwatch.logs.storage"),
                saturating_mul(ingested, self.months_kept()),
                Use,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Follows::drivers(&[self.ingest_gb.as_ref()])
    }

    fn size(&self) -> Size {
        match self.retention_days {
            Some(d) => Size(vec![SizePart::Name {
                name: format!("{d} days"),
            }]),
            None => Size::named(Kind::CloudwatchLogs.as_str()),
        }
    }

    fn capacity(
        &self,
        _ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        // Billed for whatever it ingests: no limit to model.
        Ok(())
    }

    fn sizing_field(&self, item: &str, _resource: Option<Resource>) -> &'static str {
        if item.starts_with("storage") {
            "retention_days"
        } else {
            "ingest_gb"
        }
    }

    fn estate(&self) -> Estate {
        Estate::AwsNotRendered
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::NotRendered {
            what: "CloudWatch log groups",
            why: "the module creates the log groups of the parts it renders; other log groups are the application's.",
        }
    }
}

/// `aws_cloudwatch_log_group` resources: their retention; what they ingest
/// and keep is usage (`monthly_data_ingested_gb`, `storage_gb`).
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<CloudwatchLogs>, String> {
    let f = g.first();
    let retention = f.u64("retention_in_days").filter(|d| *d > 0);
    Ok(Read::new(CloudwatchLogs {
        ingest_gb: None,
        retention_days: retention.and_then(|d| u32::try_from(d).ok()),
    }))
}

/// Infracost usage-file keys of `aws_cloudwatch_log_group`.
pub const USAGE_KEYS: &[(&str, &str)] = &[
    ("monthly_data_ingested_gb", "aws.cloudwatch.logs.ingest"),
    ("storage_gb", "aws.cloudwatch.logs.storage"),
];
