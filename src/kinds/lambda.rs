//! AWS Lambda: a function billed per request and per GB-second of the
//! memory it is given while it runs (a video pipeline's compression step, a
//! webhook, a scheduled job).

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

/// Lambda's memory range, in MB.
pub const MIN_MEMORY_MB: u32 = 128;
pub const MAX_MEMORY_MB: u32 = 10_240;
/// Lambda stops an invocation after 15 minutes.
pub const MAX_SECONDS: u64 = 900;

/// The processor a function runs on; Arm's GB-second is cheaper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Architecture {
    #[default]
    #[serde(rename = "x86_64")]
    X86_64,
    #[serde(rename = "arm64")]
    Arm64,
}

impl Architecture {
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }

    fn duration_price(self) -> &'static str {
        match self {
            Architecture::X86_64 => "aws.lambda.duration.x86_64",
            Architecture::Arm64 => "aws.lambda.duration.arm64",
        }
    }
}

/// An AWS Lambda function.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    /// Memory given to the function, in MB (128 to 10,240); CPU follows it.
    pub memory_mb: u32,
    #[serde(default)]
    pub architecture: Architecture,
    /// Invocations a month: `per` invocations for each unit of a workload
    /// driver (`{ driver: videos, per: 1 }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocations: Option<Follows>,
    /// Average run time of one invocation, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    #[serde(deserialize_with = "super::number::opt_decimal")]
    pub seconds: Option<Decimal>,
}

impl Lambda {
    /// GB-seconds of `invocations` runs of `seconds` each.
    pub fn gb_seconds(&self, invocations: Decimal, seconds: Decimal) -> Decimal {
        let gb = Decimal::from(self.memory_mb) / Decimal::from(1024);
        saturating_mul(saturating_mul(invocations, seconds), gb)
    }
}

impl ComponentKind for Lambda {
    fn kind(&self) -> Kind {
        Kind::Lambda
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        if !(MIN_MEMORY_MB..=MAX_MEMORY_MB).contains(&self.memory_mb) {
            let nearest = self.memory_mb.clamp(MIN_MEMORY_MB, MAX_MEMORY_MB);
            return Err(at
                .error(
                    "memory_mb",
                    format!(
                        "memory_mb is {}; expected {MIN_MEMORY_MB} to {MAX_MEMORY_MB}",
                        self.memory_mb
                    ),
                )
                .suggest(Some(nearest.to_string())));
        }
        Follows::validate(self.invocations.as_ref(), at, "invocations")?;
        if self.invocations.is_some() && self.seconds.is_none() {
            return Err(at.error(
                "invocations",
                "invocations are given without `seconds`, the average run time of one; expected both",
            ));
        }
        at.positive("seconds", self.seconds, MAX_SECONDS)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        use Basis::Usage as Use;
        let invocations = Follows::quantity(self.invocations.as_ref(), u);
        let seconds = self.seconds.unwrap_or(Decimal::ZERO);
        vec![
            charge(
                "requests",
                PriceRef::fixed("aws.lambda.requests"),
                invocations,
                Use,
            ),
            charge(
                format!(
                    "duration ({} MB, {})",
                    self.memory_mb,
                    self.architecture.as_str()
                ),
                PriceRef::fixed(self.architecture.duration_price()),
                self.gb_seconds(invocations, seconds),
                Use,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Follows::drivers(&[self.invocations.as_ref()])
    }

    fn size(&self) -> Size {
        Size(vec![SizePart::Name {
            name: format!("{} MB {}", self.memory_mb, self.architecture.as_str()),
        }])
    }

    fn capacity(
        &self,
        _ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        // Lambda scales per request; its concurrency quota is an account
        // setting AWS raises on request, not a size of the component.
        Ok(())
    }

    fn sizing_field(&self, item: &str, _resource: Option<Resource>) -> &'static str {
        if item.starts_with("duration") {
            "memory_mb"
        } else {
            "invocations"
        }
    }

    fn estate(&self) -> Estate {
        Estate::AwsNotRendered
    }

    fn network(&self) -> super::network::Network {
        // Outside a VPC, a function leaves from AWS addresses that change.
        super::network::Network::roaming()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::NotRendered {
            what: "Lambda functions",
            why: "a function is application code, which the module does not package or deploy.",
        }
    }
}

/// An `aws_lambda_function`: its memory and architecture; its traffic is
/// usage (`monthly_requests`, `request_duration_ms`).
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<Lambda>, String> {
    let f = g.first();
    let mut read = Read::new(Lambda {
        memory_mb: MIN_MEMORY_MB,
        architecture: Architecture::X86_64,
        invocations: None,
        seconds: None,
    });
    match f.u64("memory_size") {
        Some(m) => {
            let m = u32::try_from(m)
                .ok()
                .filter(|m| (MIN_MEMORY_MB..=MAX_MEMORY_MB).contains(m))
                .ok_or_else(|| {
                    format!("memory_size {m}: expected {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB")
                })?;
            read.spec.memory_mb = m;
        }
        None if f.is_unknown("memory_size") || f.values.contains_key("memory_size") => {
            read.assumptions.push(format!(
                "{}: memory_size is not known; {MIN_MEMORY_MB} MB assumed",
                f.label()
            ))
        }
        // Terraform's default.
        None => {}
    }
    let first_arch = f
        .values
        .get("architectures")
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .and_then(|v| v.as_str());
    match first_arch {
        Some("arm64") => read.spec.architecture = Architecture::Arm64,
        Some("x86_64") => {}
        Some(other) => {
            return Err(format!(
                "architectures [\"{other}\"]: expected x86_64 or arm64"
            ))
        }
        None if f.is_unknown("architectures") => read.assumptions.push(format!(
            "{}: architectures is not known; x86_64 assumed",
            f.label()
        )),
        // Terraform's default.
        None => {}
    }
    Ok(read)
}

/// Infracost usage-file keys of `aws_lambda_function` that are a line's
/// quantity as they are; `request_duration_ms` is read by [`gb_seconds_given`].
pub const USAGE_KEYS: &[(&str, &str)] = &[("monthly_requests", "aws.lambda.requests")];

/// The duration line's GB-seconds from Infracost's `monthly_requests` and
/// `request_duration_ms` (both needed), with its price id.
pub fn gb_seconds_given(
    spec: &Lambda,
    get: impl Fn(&str) -> Option<[Decimal; 3]>,
) -> Option<(&'static str, [Decimal; 3])> {
    let requests = get("monthly_requests")?;
    let ms = get("request_duration_ms")?;
    let q = [0, 1, 2].map(|i| spec.gb_seconds(requests[i], ms[i] / Decimal::from(1000)));
    Some((spec.architecture.duration_price(), q))
}
